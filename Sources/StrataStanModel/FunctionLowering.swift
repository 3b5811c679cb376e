// Lowers calls of Stan's built-in functions onto graph operations (elementwise maths, reductions, constructors).
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

extension Lowerer {
    /// Stan function names that map one-to-one onto an elementwise ``UnaryFunction``.
    static let unaryFunctions: [String: UnaryFunction] = [
        "exp": .exp, "log": .log, "log1p": .log1p, "expm1": .expm1, "sqrt": .sqrt, "square": .square,
        "inv": .inverse, "abs": .abs, "inv_logit": .invLogit, "logit": .logit,
        "log_inv_logit": .logInvLogit, "log1m_inv_logit": .log1mInvLogit, "log1m": .log1m,
        "log1p_exp": .log1pExp, "log1m_exp": .log1mExp, "tanh": .tanh, "sin": .sin, "cos": .cos, "tan": .tan, "atan": .atan,
        "lgamma": .lgamma, "digamma": .digamma, "erf": .erf, "Phi": .phi, "cbrt": .cbrt,
        "log2": .log2, "log10": .log10, "exp2": .exp2, "tgamma": .tgamma, "trigamma": .trigamma, "asinh": .asinh,
        "lambert_w0": .lambertW0, "lambert_wm1": .lambertWm1, "floor": .floor, "ceil": .ceil, "round": .round,
        "trunc": .trunc, "step": .step, "inv_Phi": .invPhi, "std_normal_qf": .invPhi, "std_normal_log_qf": .stdNormalLogQf,
    ]

    /// Functions applied element by element (allowed on per-lane values in a vectorised loop).
    static let elementwiseFunctions: Set<String> = Set(unaryFunctions.keys).union(
        ["inv_sqrt", "inv_square", "pow", "fma", "Phi_approx", "cosh", "sinh", "fmin", "fmax", "step", "int_step", "asin", "acos",
         "atanh", "acosh", "inv_cloglog", "erfc", "lmgamma", "inv_erfc", "ldexp"]).union(specialFunctions.keys)

    static let nullaryConstants: [String: Double] = [
        "pi": Double.pi, "e": M_E, "sqrt2": 2.0.squareRoot(), "log2": M_LN2, "log10": M_LN10,
        "negative_infinity": -.infinity, "positive_infinity": .infinity, "not_a_number": .nan,
        "machine_precision": Double.ulpOfOne,
    ]

    func call(_ name: String, _ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Value {
        if let def = userFunction(name, argExprs) {
            guard let v = try inline(def, try argExprs.map(lowerAny), range) else {
                throw LoweringError.invalid("function '\(name)' returns no value", range)
            }
            return v
        }
        if Self.odeSolvers.contains(name) { return try odeCall(name, argExprs, type: type, range) }
        if let v = try higherOrderCall(name, argExprs, range) { return v }
        if argExprs.isEmpty, let c = Self.nullaryConstants[name] { return realValue(c) }
        if argExprs.isEmpty && name == "target" {
            if lanes != nil { throw VectorizationFallback() }
            return Value(expr: terms.isEmpty ? scalarConstant(0) : graph.addScalars(terms), type: .real, dims: [])
        }
        if name.hasSuffix("_rng") { return try randomCall(name, argExprs, type: type, range) }
        if name == "wiener_lcdf_unnorm" || name == "wiener_lccdf_unnorm" {
            return try wienerUnnormalisedCDF(try argExprs.map(lower), complement: name == "wiener_lccdf_unnorm", range)
        }
        // Densities and CDFs written without '|' (std_normal_lcdf(y), or a distribution of the outcome alone).
        if ["_lpdf", "_lpmf", "_lupdf", "_lupmf", "_lcdf", "_lccdf", "_cdf"].contains(where: name.hasSuffix),
           let first = argExprs.first {
            return try density(name, variate: first, Array(argExprs.dropFirst()), range)
        }
        return try builtin(name, try argExprs.map(lower), type: type, range)
    }

    /// A built-in (non-density, non-higher-order) function of lowered arguments.
    func builtin(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value {
        if args.contains(where: \.laneSummed) { throw VectorizationFallback() }
        if args.contains(where: \.varying) && !Self.elementwiseFunctions.contains(name) { throw VectorizationFallback() }
        if let v = try complexCall(name, args, type: type, range) ?? complexLinearAlgebraCall(name, args, type: type, range)
            ?? spectralCall(name, args, type: type, range) { return v }
        func unary(_ f: UnaryFunction, _ v: Value) -> Value {
            Value(expr: graph.apply(f, v.expr), type: type, dims: v.dims, varying: v.varying)
        }
        if let f = Self.unaryFunctions[name], args.count == 1 {
            if args[0].isInt && type.base == .int { return try mapConstant(args, type: type, range) { f.value($0[0]) } }
            return unary(f, args[0])
        }
        switch (name, args.count) {
        case ("inv_sqrt", 1): return unary(.inverse, unary(.sqrt, args[0]))
        case ("inv_square", 1): return unary(.inverse, unary(.square, args[0]))
        case ("cosh", 1):
            let ex = unary(.exp, args[0]), en = unary(.exp, unary(.negate, args[0]))
            return try binary(.multiply, try binary(.add, ex, en, type: type, range), realValue(0.5), type: type, range)
        case ("sinh", 1):
            let ex = unary(.exp, args[0]), en = unary(.exp, unary(.negate, args[0]))
            return try binary(.multiply, try binary(.subtract, ex, en, type: type, range), realValue(0.5), type: type, range)
        case ("asin", 1), ("acos", 1):
            // asin x = atan(x / √(1 − x²)); acos x = π/2 − asin x.
            let x = args[0]
            let root = unary(.sqrt, try binary(.subtract, realValue(1), unary(.square, x), type: type, range))
            let asin = unary(.atan, try binary(.elementMultiply, x, unary(.inverse, root), type: type, range))
            return name == "asin" ? asin : try binary(.subtract, realValue(Double.pi / 2), asin, type: type, range)
        case ("atanh", 1):
            let x = args[0]
            let d = try binary(.subtract, unary(.log1p, x), unary(.log1p, unary(.negate, x)), type: type, range)
            return try binary(.multiply, d, realValue(0.5), type: type, range)
        case ("acosh", 1):
            // log(x + √(x² − 1)), x ≥ 1 (no cancellation there).
            let x = args[0]
            let root = unary(.sqrt, try binary(.subtract, unary(.square, x), realValue(1), type: type, range))
            return unary(.log, try binary(.add, x, root, type: type, range))
        case ("inv_cloglog", 1): return unary(.negate, unary(.expm1, unary(.negate, unary(.exp, args[0]))))
        case ("erfc", 1):
            // erfc x = 2 Φ(−√2 x), accurate in the upper tail (Φ is computed from erfc).
            let phi = unary(.phi, try binary(.multiply, args[0], realValue(-2.0.squareRoot()), type: type, range))
            return try binary(.multiply, phi, realValue(2), type: type, range)
        case ("inv_erfc", 1):
            // erfc⁻¹(x) = −Φ⁻¹(x / 2) / √2.
            let q = unary(.invPhi, try binary(.multiply, args[0], realValue(0.5), type: type, range))
            return try binary(.multiply, q, realValue(-1 / 2.0.squareRoot()), type: type, range)
        case ("quantile", 2):
            // Sample quantiles of data (Hyndman and Fan's type 7, R's default, as Stan): h = (n − 1) p on the sorted
            // values, interpolating linearly between the two nearest.
            guard let x = args[0].constantValues, let ps = args[1].constantValues else {
                throw LoweringError.needsPlainNumbers("quantile of parameter-dependent values", range)
            }
            guard !x.isEmpty, !x.contains(where: \.isNaN) else {
                throw LoweringError.invalid("quantile: the values must be non-empty and not NaN", range)
            }
            if let bad = ps.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw LoweringError.invalid("quantile: probability \(bad) is outside [0, 1]", range)
            }
            let sorted = x.sorted()
            let q = ps.map { p -> Double in
                let h = Double(sorted.count - 1) * p, lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
                return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
            }
            return constantValue(q, type: type, dims: args[1].isScalar ? [] : [q.count])
        case ("to_int", 1):
            // Truncation toward zero of data (any array shape); values outside int's range are an error, as in Stan.
            guard let c = args[0].constantValues else {
                throw LoweringError.needsPlainNumbers("to_int of parameter-dependent values", range)
            }
            if let bad = c.first(where: { !($0.rounded(.towardZero) >= Double(Int32.min) && $0.rounded(.towardZero) <= Double(Int32.max)) }) {
                throw LoweringError.invalid("to_int: \(bad) is outside the range of an int", range)
            }
            return constantValue(c.map { $0.rounded(.towardZero) }, type: type, dims: args[0].dims)
        case ("ldexp", 2):
            let scale = try mapConstant([args[1]], type: .real, range, what: "ldexp's exponent") { Double(sign: .plus, exponent: Int($0[0]), significand: 1) }
            return try elementwise(.multiply, args[0], scale, type: type, range)
        case ("log_softmax", 1) where args[0].dims.count == 2, ("softmax", 1) where args[0].dims.count == 2:
            // An array of vectors: each element on its own.
            let (n, k) = (args[0].dims[0], args[0].dims[1])
            let parts = (0..<n).map { i -> GExpr in
                let x = args[0].expr[(i * k)..<((i + 1) * k)], ls = x - logSumExp(x)
                return name == "softmax" ? graph.apply(.exp, ls) : ls
            }
            return Value(expr: parts.count == 1 ? parts[0] : graph.concat(parts), type: type, dims: args[0].dims)
        case ("pow", 2): return try elementwise(.power, args[0], args[1], type: type, range)
        case ("fma", 3):
            return try binary(.add, try binary(.elementMultiply, args[0], args[1], type: type, range), args[2], type: type, range)
        case ("Phi_approx", 1):
            let x = args[0]
            let cubic = try binary(.elementMultiply, realValue(0.07056), try binary(.elementPower, x, realValue(3), type: type, range), type: type, range)
            let lin = try binary(.elementMultiply, realValue(1.5976), x, type: type, range)
            return unary(.invLogit, try binary(.add, cubic, lin, type: type, range))
        case ("min", 2) where args.allSatisfy(\.isConstant), ("max", 2) where args.allSatisfy(\.isConstant),
             ("fmin", 2) where args.allSatisfy(\.isConstant), ("fmax", 2) where args.allSatisfy(\.isConstant):
            // C's fmin/fmax: exactly one of the arguments, the other one when one is NaN.
            return try mapConstant(args, type: type, range) { name.hasSuffix("min") ? fmin($0[0], $0[1]) : fmax($0[0], $0[1]) }
        case ("min", 2) where branchesOnGraph, ("max", 2) where branchesOnGraph, ("fmin", 2), ("fmax", 2):
            return try selectExtreme(name.hasSuffix("min"), args[0], args[1], type: type, range)
        case ("min", 1) where branchesOnGraph && !args[0].isConstant, ("max", 1) where branchesOnGraph && !args[0].isConstant:
            return try selectExtreme(name == "min", of: args[0], type: type, range)
        case ("int_step", 1) where args[0].constantValues == nil:
            return Value(expr: graph.compare(.greater, args[0].expr, scalarConstant(0)), type: type, dims: args[0].dims,
                         varying: args[0].varying)
        case ("int_step", 1): return try mapConstant(args, type: type, range) { $0[0] > 0 ? 1 : 0 }
        case ("min", 1), ("max", 1):
            guard let c = args[0].constantValues else {
                throw LoweringError.needsPlainNumbers("\(name) of parameter-dependent values", range)
            }
            let m = name == "min" ? (c.min() ?? .infinity) : (c.max() ?? -.infinity)
            return Value(expr: scalarConstant(m), type: type, dims: [])
        case ("sum", 1): return Value(expr: graph.sum(args[0].expr), type: type, dims: [])
        case ("mean", 1):
            return Value(expr: graph.sum(args[0].expr) / Double(Swift.max(args[0].count, 1)), type: type, dims: [])
        case ("variance", 1), ("sd", 1):
            let x = args[0], n = Double(x.count)
            let centered = x.expr - graph.sum(x.expr) / n
            let v = graph.dot(centered, centered) / (n - 1)
            return Value(expr: name == "sd" ? graph.apply(.sqrt, v) : v, type: type, dims: [])
        case ("dot_product", 2):
            return Value(expr: graph.dot(args[0].expr, args[1].expr), type: type, dims: [])
        case ("dot_self", 1), ("squared_distance", 2):
            let d = args.count == 2 ? args[0].expr - args[1].expr : args[0].expr
            return Value(expr: graph.dot(d, d), type: type, dims: [])
        case ("log_sum_exp", 1): return Value(expr: logSumExp(args[0].expr), type: type, dims: [])
        case ("log_sum_exp", 2) where args.allSatisfy(\.isScalar): return Value(expr: logSumExp(graph.concat([args[0].expr, args[1].expr])), type: type, dims: [])
        case ("log_softmax", 1), ("softmax", 1):
            let ls = args[0].expr - logSumExp(args[0].expr)
            return Value(expr: name == "softmax" ? graph.apply(.exp, ls) : ls, type: type, dims: args[0].dims)
        case ("size", 1): return intValue(args[0].dims.first ?? 1)
        case ("num_elements", 1): return intValue(args[0].count)
        case ("rows", 1): return intValue(shape2(args[0]).0)
        case ("cols", 1): return intValue(shape2(args[0]).1)
        case ("rep_vector", 2), ("rep_row_vector", 2), ("rep_array", _), ("rep_matrix", 3):
            return try repeated(args[0], sizes: Array(args.dropFirst()), type: type, range)
        case ("to_vector", 1), ("to_row_vector", 1), ("to_array_1d", 1):
            let v = args[0]
            if v.dims.count == 2 && v.type.base == .matrix && name != "to_array_1d" {
                let t = transposeMatrix(v, type: type)
                return Value(expr: t.expr, type: type, dims: [v.count])
            }
            return Value(expr: v.expr, type: type, dims: [v.count])
        case ("head", 2), ("tail", 2):
            let n = try intOf(args[1], range), v = args[0]
            guard n >= 0 && n <= v.count else { throw LoweringError.invalid("\(name): size \(n) out of range [0, \(v.count)]", range) }
            let start = name == "head" ? 0 : v.count - n
            return Value(expr: v.expr[start..<(start + n)], type: type, dims: [n])
        case ("segment", 3):
            let i = try intOf(args[1], range), n = try intOf(args[2], range), v = args[0]
            guard i >= 1, n >= 0, i - 1 + n <= v.count else {
                throw LoweringError.invalid("segment(\(i), \(n)) out of range for size \(v.count)", range)
            }
            return Value(expr: v.expr[(i - 1)..<(i - 1 + n)], type: type, dims: [n])
        case ("append_row", 2) where args.allSatisfy({ $0.dims.count <= 1 }),
             ("append_col", 2) where args.allSatisfy({ $0.dims.count <= 1 }):
            let out = graph.concat(args.map(\.expr))
            return Value(expr: out, type: type, dims: [out.count])
        default:
            if let v = try specialFunction(name, args, type: type, range) { return v }
            if let v = try matrixCall(name, args, type: type, range) { return v }
            let before = graph.buildErrors.count
            if let v = try linearAlgebraCall(name, args, type: type, range) ?? containerUtilityCall(name, args, type: type, range)
                ?? matrixPowerCall(name, args, type: type, range) ?? decompositionCall(name, args, type: type, range) {
                try checkGraph(since: before, range)  // singular or indefinite data matrices, located
                return v
            }
            if let v = try transformCall(name, args, type: type, range) { return v }
            if let v = try binaryMath(name, args, type: type, range) { return v }
            throw LoweringError.unsupported("function '\(name)' with \(args.count) argument\(args.count == 1 ? "" : "s")", range)
        }
    }

    func intOf(_ v: Value, _ range: SourceRange) throws -> Int {
        guard let c = v.constantValues, c.count == 1, let n = Self.exactInt(c[0]) else {
            throw LoweringError.invalid("expected an integer known from the data", range)
        }
        return n
    }

    /// log Σ exp, folded for constants.
    func logSumExp(_ x: GExpr) -> GExpr { graph.logSumExp(x) }

    /// rep_vector / rep_array / rep_matrix: `x` repeated over `sizes` (x may itself be a container for rep_array).
    func repeated(_ x: Value, sizes: [Value], type: StanType, _ range: SourceRange) throws -> Value {
        let outer = try sizes.map { try intOf($0, range) }
        guard outer.allSatisfy({ $0 >= 0 }) else { throw LoweringError.invalid("\(type) size must be >= 0", range) }
        let n = outer.reduce(1, *)
        let dims = outer + x.dims
        if x.isScalar {
            if let c = x.constantValues {
                return constantValue([Double](repeating: c[0], count: n), type: type, dims: dims)
            }
            return Value(expr: x.expr + graph.constant([Double](repeating: 0, count: n)), type: type, dims: dims)
        }
        return Value(expr: graph.concat([GExpr](repeating: x.expr, count: n)), type: type, dims: dims)
    }
}
