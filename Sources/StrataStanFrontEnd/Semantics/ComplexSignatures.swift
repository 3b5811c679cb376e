// Signatures of Stan's complex functions: parts, construction, elementary functions, sizes, Fourier transforms.

/// The complex overloads of built-in functions (Stan Functions Reference, "Complex-valued basic functions" and
/// "Complex matrix operations"), merged into ``BuiltinFunctions/signatures``.
enum ComplexSignatures {
    /// Elementary functions `f(complex) -> complex`.
    static let elementary = [
        "exp", "log", "log10", "sqrt", "conj", "proj", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
        "tanh", "asinh", "acosh", "atanh",
    ]

    static func signatures() -> [String: [FunctionSignature]] {
        var table: [String: [FunctionSignature]] = [:]
        func add(_ names: [String], _ params: [ArgumentPattern], _ returns: StanType) {
            for name in names { table[name, default: []].append(FunctionSignature(params, .fixed(returns))) }
        }
        let C = ArgumentPattern.type(.complex), R = ArgumentPattern.type(.real)
        add(elementary, [C], .complex)
        add(["abs", "arg", "norm"], [C], .real)
        add(["pow"], [C, C], .complex)
        add(["polar"], [R, R], .complex)
        add(["to_complex"], [], .complex)
        add(["to_complex"], [R], .complex)
        for depth in 0...3 {
            let pairs: [(BaseType, BaseType)] = [(.complex, .real), (.complexVector, .vector),
                                                 (.complexRowVector, .rowVector), (.complexMatrix, .matrix)]
            for (complexBase, realBase) in pairs {
                let z = ArgumentPattern.type(StanType(complexBase, arrayDims: depth))
                let x = StanType(realBase, arrayDims: depth)
                add(["get_real", "get_imag"], [z], x)
                add(["to_complex"], [.type(x), .type(x)], StanType(complexBase, arrayDims: depth))
                if depth > 0 || complexBase != .complex { add(["num_elements"], [z], .int) }
                if depth > 0 || (complexBase != .complex && complexBase != .complexMatrix) { add(["size"], [z], .int) }
            }
        }
        for base in [BaseType.complexVector, .complexRowVector, .complexMatrix] {
            add(["rows", "cols"], [.type(StanType(base))], .int)
        }
        add(["fft", "inv_fft"], [.type(StanType(.complexVector))], StanType(.complexVector))
        add(["fft2", "inv_fft2"], [.type(StanType(.complexMatrix))], StanType(.complexMatrix))
        // Containers: shapes and reshaping (lowered part by part), products, sums.
        let CV = ArgumentPattern.type(.complexVector), CRV = ArgumentPattern.type(.complexRowVector)
        let CM = ArgumentPattern.type(.complexMatrix), I = ArgumentPattern.type(.int)
        let cv = StanType.complexVector, crv = StanType.complexRowVector, cm = StanType.complexMatrix
        let containers: [BaseType] = [.complexVector, .complexRowVector, .complexMatrix]
        for depth in 0...3 {
            for base in [BaseType.complex] + containers where depth > 0 || base != .complex {
                let t = StanType(base, arrayDims: depth)
                add(["abs"], [.type(t)], StanType(base.realShape, arrayDims: depth))
                add(["conj"], [.type(t)], t)
                add(["pow"], [.type(t), C], t)
                add(["pow"], [C, .type(t)], t)
                add(["pow"], [.type(t), .type(t)], t)
                let r = ArgumentPattern.type(StanType(base.realShape, arrayDims: depth))
                add(["to_complex"], [R, r], t)
                add(["to_complex"], [r, R], t)
            }
        }
        for (t, p) in [(cv, CV), (crv, CRV)] {
            add(["head", "tail"], [p, I], t)
            add(["segment"], [p, I, I], t)
            add(["reverse", "cumulative_sum"], [p], t)
        }
        let arrayC = StanType(.complex, arrayDims: 1)
        add(["head", "tail"], [.type(arrayC), I], arrayC)
        add(["segment"], [.type(arrayC), I, I], arrayC)
        add(["reverse", "cumulative_sum"], [.type(arrayC)], arrayC)
        for p in [CV, CRV, CM, .type(arrayC)] { add(["sum", "prod"], [p], .complex) }
        add(["block"], [CM, I, I, I, I], cm)
        add(["col"], [CM, I], cv)
        add(["row"], [CM, I], crv)
        add(["sub_col"], [CM, I, I, I], cv)
        add(["sub_row"], [CM, I, I, I], crv)
        add(["diagonal"], [CM], cv)
        add(["diag_matrix"], [CV], cm)
        add(["trace"], [CM], .complex)
        add(["symmetrize_from_lower_tri"], [CM], cm)
        add(["add_diag"], [CM, C], cm)
        add(["add_diag"], [CM, CV], cm)
        add(["add_diag"], [CM, CRV], cm)
        add(["diag_pre_multiply"], [CV, CM], cm)
        add(["diag_pre_multiply"], [CRV, CM], cm)
        add(["diag_post_multiply"], [CM, CV], cm)
        add(["diag_post_multiply"], [CM, CRV], cm)
        add(["rep_vector"], [C, I], cv)
        add(["rep_row_vector"], [C, I], crv)
        add(["rep_matrix"], [C, I, I], cm)
        add(["rep_matrix"], [CV, I], cm)
        add(["rep_matrix"], [CRV, I], cm)
        add(["append_row"], [C, CV], cv)
        add(["append_row"], [CV, C], cv)
        add(["append_row"], [CV, CV], cv)
        add(["append_row"], [CRV, CRV], cm)
        add(["append_row"], [CRV, CM], cm)
        add(["append_row"], [CM, CRV], cm)
        add(["append_row"], [CM, CM], cm)
        add(["append_col"], [C, CRV], crv)
        add(["append_col"], [CRV, C], crv)
        add(["append_col"], [CRV, CRV], crv)
        add(["append_col"], [CV, CV], cm)
        add(["append_col"], [CV, CM], cm)
        add(["append_col"], [CM, CV], cm)
        add(["append_col"], [CM, CM], cm)
        for p in [CV, CRV, CM, .type(arrayC)] {
            add(["to_vector"], [p], cv)
            add(["to_row_vector"], [p], crv)
        }
        for p in [CV, CRV, CM] {
            add(["to_array_1d"], [p], arrayC)
            add(["to_matrix"], [p], cm)
            add(["to_matrix"], [p, I, I], cm)
            add(["to_matrix"], [p, I, I, I], cm)
        }
        add(["to_matrix"], [.type(arrayC), I, I], cm)
        add(["to_matrix"], [.type(arrayC), I, I, I], cm)
        add(["to_matrix"], [.type(StanType(.complexRowVector, arrayDims: 1))], cm)
        add(["to_matrix"], [.type(StanType(.complex, arrayDims: 2))], cm)
        add(["to_array_2d"], [CM], StanType(.complex, arrayDims: 2))
        return table
    }
}
