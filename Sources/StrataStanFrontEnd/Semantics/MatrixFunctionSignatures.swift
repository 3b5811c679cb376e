// Signatures of Stan's matrix and container functions added with their lowering (stanc3's stan_math_signatures).

extension BuiltinFunctions {
    /// Matrix products and forms, matrix functions and the rest of the constant builders.
    static func addMatrixFunctions(to table: inout [String: [FunctionSignature]]) {
        let I = ArgumentPattern.type(.int)
        let RV = ArgumentPattern.type(.rowVector), M = ArgumentPattern.type(.matrix)
        func add(_ names: [String], _ params: [ArgumentPattern], _ returns: StanType) {
            for name in names { table[name, default: []].append(FunctionSignature(params, .fixed(returns))) }
        }
        add(["trace_quad_form"], [M, M], .real)
        add(["trace_gen_quad_form"], [M, M, M], .real)
        add(["quad_form_diag"], [M, RV], .matrix)
        add(["one_hot_array"], [I, I], .array(.real))
        add(["one_hot_row_vector"], [I, I], .rowVector)
    }
}
