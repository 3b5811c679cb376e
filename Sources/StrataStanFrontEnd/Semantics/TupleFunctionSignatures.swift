// Signatures of the library functions that return tuples (eigendecompositions, QR, SVD, csr_extract).

extension BuiltinFunctions {
    /// Tuple-returning functions: name, argument types and the tuple returned (one entry per overload).
    static let tupleSignatures: [(name: String, arguments: [StanType], returns: StanType)] = {
        let m = StanType.matrix, v = StanType.vector, cm = StanType.complexMatrix, cv = StanType.complexVector
        return [
            ("eigendecompose_sym", [m], StanType(.tuple([m, v]))),
            ("eigendecompose_sym", [cm], StanType(.tuple([cm, cv]))),
            ("eigendecompose", [m], StanType(.tuple([cm, cv]))),
            ("eigendecompose", [cm], StanType(.tuple([cm, cv]))),
            ("qr_thin", [m], StanType(.tuple([m, m]))),
            ("qr", [m], StanType(.tuple([m, m]))),
            ("svd", [m], StanType(.tuple([m, v, m]))),
            ("svd", [cm], StanType(.tuple([cm, v, cm]))),
            ("complex_schur_decompose", [m], StanType(.tuple([cm, cm]))),
            ("complex_schur_decompose", [cm], StanType(.tuple([cm, cm]))),
            ("csr_extract", [m], StanType(.tuple([v, .array(.int), .array(.int)]))),
        ]
    }()

    /// Adds the tuple-returning functions to a signature table.
    static func addTupleFunctions(to table: inout [String: [FunctionSignature]]) {
        for signature in tupleSignatures {
            table[signature.name, default: []].append(FunctionSignature(signature.arguments.map { .type($0) }, .fixed(signature.returns)))
        }
        // The embedded Laplace approximation's default options for a latent size or an initial guess.
        for argument in [StanType.int, .vector] {
            table["generate_laplace_options", default: []].append(
                FunctionSignature([.type(argument)], .fixed(LaplaceSignature.optionsType)))
        }
    }

    /// The decompositions' component functions (`qr_Q`, `svd_U`, ...) and the complex overloads of the
    /// vector products, solves and symmetric eigendecompositions (Stan Functions Reference, "Linear algebra functions
    /// and solvers" and "Complex matrix operations").
    static func addDecompositionFunctions(to table: inout [String: [FunctionSignature]]) {
        func add(_ names: [String], _ params: [StanType], _ returns: StanType) {
            for name in names { table[name, default: []].append(FunctionSignature(params.map { .type($0) }, .fixed(returns))) }
        }
        let m = StanType.matrix, v = StanType.vector, rv = StanType.rowVector
        let cm = StanType.complexMatrix, cv = StanType.complexVector, crv = StanType.complexRowVector
        add(["qr_Q", "qr_R"], [m], m)
        add(["svd_U", "svd_V"], [m], m)
        add(["svd_U", "svd_V"], [cm], cm)
        add(["singular_values"], [cm], v)
        add(["eigenvalues_sym"], [cm], cv)
        add(["eigenvectors_sym"], [cm], cm)
        for input in [m, cm] {
            add(["eigenvalues"], [input], cv)
            add(["eigenvectors"], [input], cm)
            add(["complex_schur_decompose_u", "complex_schur_decompose_t"], [input], cm)
        }
        for x in [cv, crv] {
            for y in [cv, crv] { add(["dot_product"], [x, y], .complex) }
            add(["dot_self"], [x], .complex)
        }
        for x in [cv, crv, cm] {
            add(["columns_dot_product"], [x, x], crv)
            add(["rows_dot_product"], [x, x], cv)
            add(["columns_dot_self"], [x], crv)
            add(["rows_dot_self"], [x], cv)
        }
        add(["mdivide_right"], [crv, cm], crv)
        add(["mdivide_right"], [cm, cm], cm)
    }
}
