// Generates the overloads of Stan's vectorised binary math functions (pow, fmin, lbeta, choose, ...) over containers.

extension BuiltinFunctions {
    /// Array depths Stan generates vectorised overloads for (0 through 7).
    private static let depths = 0..<8

    /// Real-valued binary functions vectorised over int/real scalars and containers (`pow(vector, real)`).
    static let vectorizedRealBinary = [
        "pow", "fmin", "fmax", "fdim", "fmod", "hypot", "atan2", "beta", "lbeta", "lchoose", "lmultiply",
        "log_diff_exp", "log_inv_logit_diff", "log_falling_factorial", "log_rising_factorial",
        "log_modified_bessel_first_kind", "log_sum_exp",
    ]
    /// Binary functions of two reals with no integer overloads (`gamma_p(real, vector)`).
    static let vectorizedRealRealBinary = ["owens_t", "gamma_p", "gamma_q"]
    /// Binary functions whose first argument is an int (or int array) and second real (`lmgamma(int, vector)`).
    static let vectorizedIntRealBinary = [
        "lmgamma", "bessel_first_kind", "bessel_second_kind", "modified_bessel_first_kind",
        "modified_bessel_second_kind", "binary_log_loss",
    ]

    private static func nested(_ t: StanType, _ depth: Int) -> StanType {
        StanType(t.base, arrayDims: t.arrayDims + depth)
    }

    /// Stan's general binary vectorisation: scalar pairs, equal containers, and a container with a scalar on
    /// either side; the result is the container type (ints promoted to real when `intsToReal`).
    static func binaryVectorized(containers: [StanType], scalars: [StanType], intsToReal: Bool) -> [FunctionSignature] {
        func result(_ t: StanType) -> ReturnRule { .fixed(intsToReal ? t.promotedToReal : t) }
        var out: [FunctionSignature] = []
        for a in scalars { for b in scalars { out.append(FunctionSignature([.type(a), .type(b)], result(a))) } }
        for depth in depths { for c in containers {
            let t = nested(c, depth)
            out.append(FunctionSignature([.type(t), .type(t)], result(t)))
        } }
        for s in scalars { for depth in depths { for c in containers {
            let t = nested(c, depth)
            out.append(FunctionSignature([.type(t), .type(s)], result(t)))
        } } }
        for s in scalars { for depth in depths { for c in containers {
            let t = nested(c, depth)
            out.append(FunctionSignature([.type(s), .type(t)], result(t)))
        } } }
        return out
    }

    /// `f(int, T)`, `f(array[] int, vector)` and the like: an int (array) paired with a real container of the same
    /// shape, or with a real scalar.
    static func intRealVectorized() -> [FunctionSignature] {
        var out: [FunctionSignature] = []
        for c in [StanType.array(.real), .vector, .rowVector, .matrix] { for depth in depths {
            out.append(FunctionSignature([.type(.int), .type(nested(c, depth))], .fixed(nested(c, depth))))
        } }
        for c in [StanType.array(.real), .vector, .rowVector] { for depth in depths {
            out.append(FunctionSignature([.type(.array(.int, depth + 1)), .type(nested(c, depth))], .fixed(nested(c, depth))))
        } }
        for depth in depths {
            out.append(FunctionSignature([.type(.array(.int, depth + 2)), .type(nested(.matrix, depth))],
                                         .fixed(nested(.matrix, depth))))
            out.append(FunctionSignature([.type(.array(.int, depth)), .type(.real)], .fixed(.array(.real, depth))))
        }
        return out
    }

    /// `f(T, int)` with a real first argument and an int (array) second (`falling_factorial(vector, array[] int)`).
    static func realIntVectorized() -> [FunctionSignature] {
        var out: [FunctionSignature] = []
        for c in [StanType.array(.real), .vector, .rowVector, .matrix] { for depth in depths {
            out.append(FunctionSignature([.type(nested(c, depth)), .type(.int)], .fixed(nested(c, depth))))
        } }
        for c in [StanType.array(.real), .vector, .rowVector] { for depth in depths {
            out.append(FunctionSignature([.type(nested(c, depth)), .type(.array(.int, depth + 1))], .fixed(nested(c, depth))))
        } }
        for depth in depths {
            out.append(FunctionSignature([.type(nested(.matrix, depth)), .type(.array(.int, depth + 2))],
                                         .fixed(nested(.matrix, depth))))
            out.append(FunctionSignature([.type(.real), .type(.array(.int, depth))], .fixed(.array(.real, depth))))
        }
        return out
    }

    /// `f(int, int) -> int` over int arrays (`choose(array[] int, int)`).
    static func intIntVectorized() -> [FunctionSignature] {
        var out: [FunctionSignature] = []
        for depth in depths {
            out.append(FunctionSignature([.type(.array(.int, depth)), .type(.int)], .fixed(.array(.int, depth))))
        }
        for depth in depths.dropFirst() {
            out.append(FunctionSignature([.type(.int), .type(.array(.int, depth))], .fixed(.array(.int, depth))))
            out.append(FunctionSignature([.type(.array(.int, depth)), .type(.array(.int, depth))], .fixed(.array(.int, depth))))
        }
        return out
    }

    /// Adds every vectorised binary overload to `table`.
    static func addVectorizedBinary(to table: inout [String: [FunctionSignature]]) {
        let realContainers: [StanType] = [.array(.real), .vector, .rowVector, .matrix]
        let general = binaryVectorized(containers: [.array(.int)] + realContainers, scalars: [.int, .real], intsToReal: true)
        for name in vectorizedRealBinary { table[name, default: []] += general }
        let realReal = binaryVectorized(containers: realContainers, scalars: [.real], intsToReal: false)
        for name in vectorizedRealRealBinary { table[name, default: []] += realReal }
        let intReal = intRealVectorized()
        for name in vectorizedIntRealBinary { table[name, default: []] += intReal }
        let intInt = intIntVectorized(), realInt = realIntVectorized()
        table["choose", default: []] += intInt
        for name in ["falling_factorial", "rising_factorial"] { table[name, default: []] += intInt + realInt }
    }
}
