// Signatures of Stan's matrix and container functions added with their lowering (stanc3's stan_math_signatures).

extension BuiltinFunctions {
    /// Matrix products and forms, matrix functions and the rest of the constant builders.
    static func addMatrixFunctions(to table: inout [String: [FunctionSignature]]) {
        let R = ArgumentPattern.type(.real), I = ArgumentPattern.type(.int)
        let V = ArgumentPattern.type(.vector), RV = ArgumentPattern.type(.rowVector), M = ArgumentPattern.type(.matrix)
        let AI = ArgumentPattern.type(.array(.int)), AR = ArgumentPattern.type(.array(.real))
        func add(_ names: [String], _ params: [ArgumentPattern], _ returns: StanType) {
            for name in names { table[name, default: []].append(FunctionSignature(params, .fixed(returns))) }
        }
        add(["trace_quad_form"], [M, M], .real)
        add(["trace_gen_quad_form"], [M, M, M], .real)
        add(["quad_form_diag"], [M, RV], .matrix)
        add(["one_hot_array"], [I, I], .array(.real))
        add(["one_hot_row_vector"], [I, I], .rowVector)
        add(["matrix_exp", "generalized_inverse"], [M], .matrix)
        add(["matrix_exp_multiply"], [M, M], .matrix)
        add(["qr_thin_Q", "qr_thin_R"], [M], .matrix)
        add(["singular_values"], [M], .vector)
        add(["scale_matrix_exp_multiply"], [R, M, M], .matrix)
        add(["matrix_power"], [M, I], .matrix)
        add(["csr_matrix_times_vector"], [I, I, V, AI, AI, V], .vector)
        add(["csr_to_dense_matrix"], [I, I, V, AI, AI], .matrix)
        add(["csr_extract_w"], [M], .vector)
        add(["csr_extract_v", "csr_extract_u"], [M], .array(.int))
        table["inv_erfc", default: []].append(FunctionSignature([.anyNumeric], .promotedArgument(0)))
        // fma over containers of one shape, with scalars broadcast (at least one argument a container).
        for container in [StanType.vector, .rowVector, .matrix] {
            for mask in 1..<8 {
                let params = (0..<3).map { mask & (1 << $0) != 0 ? ArgumentPattern.type(container) : R }
                add(["fma"], params, container)
            }
        }
        // log_mix(weights, log densities): a vector, row vector or array of weights with one container of densities
        // per mixture component set.
        add(["log_mix"], [V, AR], .real)
        for weights in [RV, AR] {
            for densities in [V, RV, AR, ArgumentPattern.type(.array(.vector)), .type(.array(.rowVector))] {
                add(["log_mix"], [weights, densities], .real)
            }
        }
        add(["squared_distance"], [R, R], .real)
        table["ldexp", default: []] += realIntVectorized()
        for element in [BaseType.vector, .rowVector] {
            add(["softmax", "log_softmax"], [.type(.array(element))], .array(element))
        }
    }
}
