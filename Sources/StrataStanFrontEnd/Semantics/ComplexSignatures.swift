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
        return table
    }
}
