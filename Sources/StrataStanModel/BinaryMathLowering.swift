// Lowers Stan's binary math functions (fmin, hypot, lbeta, lchoose, log_diff_exp, choose, ...) as compositions of
// graph operations, elementwise over containers with scalar broadcasting.
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

extension Lowerer {
    /// A binary math function of `args`; nil when `name` is not one of them.
    func binaryMath(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        guard args.count == 2 else { return nil }
        let a = args[0], b = args[1]
        func op(_ o: BinaryOperator, _ x: Value, _ y: Value) throws -> Value { try binary(o, x, y, type: type, range) }
        func apply(_ f: UnaryFunction, _ x: Value) -> Value {
            Value(expr: graph.apply(f, x.expr), type: type, dims: x.dims, varying: x.varying)
        }
        func plus(_ x: Value, _ c: Double) throws -> Value { try op(.add, x, realValue(c)) }
        func half(_ x: Value) throws -> Value { try op(.multiply, x, realValue(0.5)) }
        /// |a - b|, the kink that fdim and log_sum_exp share: fdim(a, b) = (a - b + |a - b|) / 2.
        func gap() throws -> Value { apply(.abs, try op(.subtract, a, b)) }
        func logFallingFactorial() throws -> Value {
            try op(.subtract, apply(.lgamma, try plus(a, 1)), apply(.lgamma, try plus(try op(.subtract, a, b), 1)))
        }
        func logRisingFactorial() throws -> Value { try op(.subtract, apply(.lgamma, try op(.add, a, b)), apply(.lgamma, a)) }
        func integers(_ f: (Int, Int) -> Double?) throws -> Value {
            var failure: String?
            let out = try mapConstant([a, b], type: type, range, what: "'\(name)'") { v in
                guard let i = Self.exactInt(v[0]), let j = Self.exactInt(v[1]), let r = f(i, j) else {
                    failure = failure ?? "\(name)(\(Self.formatNumber(v[0])), \(Self.formatNumber(v[1]))) is undefined"
                    return .nan
                }
                return r
            }
            if let failure { throw LoweringError.invalid(failure, range) }
            return out
        }
        switch name {
        case "fdim": return try half(try op(.add, try op(.subtract, a, b), try gap()))
        case "beta": return apply(.exp, try specialFunction("lbeta", [a, b], type: type, range)!)
        case "lmultiply": return try op(.elementMultiply, a, apply(.log, b))
        case "log_diff_exp": return try op(.add, a, apply(.log1m, apply(.exp, try op(.subtract, b, a))))
        case "log_inv_logit_diff":
            // a - log(1 + e^a) + log(1 - e^(b - a)) - log(1 + e^b): the difference of the two inv_logits cancels to 0
            // for large arguments (log_inv_logit_diff(40, 39) was -inf; it is -39.46).
            let spread = apply(.log, apply(.negate, apply(.expm1, try op(.subtract, b, a))))
            return try op(.subtract, try op(.add, try op(.subtract, a, apply(.log1pExp, a)), spread), apply(.log1pExp, b))
        case "log_sum_exp":
            // max(a, b) + log1p(exp(-|a - b|)), the max as a select (exactly one of the arguments: (a + b + |a - b|) / 2
            // rounded log_sum_exp(3.3, -1e17) to 2 and overflowed for arguments near 1e308).
            // Where both arguments are the same infinity, -|a - b| is NaN and the sum is m itself (Stan:
            // log_sum_exp(-inf, -inf) = -inf): the NaN is replaced by -inf, whose log1p_exp is 0.
            let m = try selectExtreme(false, a, b, type: type, range)
            let spread = apply(.negate, try gap())
            let defined = try comparisonNode(.equal, spread, spread, range)
            let safe = try selectValue(defined, spread, realValue(-.infinity), type: type, range)
            return try op(.add, m, apply(.log1pExp, safe))
        case "log_falling_factorial": return try logFallingFactorial()
        case "log_rising_factorial": return try logRisingFactorial()
        case "falling_factorial", "rising_factorial":
            if type.base == .int {
                return try integers { n, k in
                    guard k >= 0, name == "rising_factorial" || n >= 0 else { return nil }
                    var product = 1.0
                    for i in 0..<k { product *= Double(name == "falling_factorial" ? n - i : n + i) }
                    return product
                }
            }
            // x (x - 1) ... (x - k + 1) (or x (x + 1) ...) as a product, so negative factors keep their sign.
            if let k = b.constantValues, k.count == 1, let n = Self.exactInt(k[0]), n >= 0 {
                var product = realValue(1)
                for i in 0..<n { product = try op(.elementMultiply, product, try plus(a, name == "falling_factorial" ? -Double(i) : Double(i))) }
                return product
            }
            if a.isConstant && b.isConstant {
                let direction = name == "falling_factorial" ? -1.0 : 1.0
                return try mapConstant([a, b], type: type, range) { v in
                    (0..<max(0, Int(v[1]))).reduce(1.0) { $0 * (v[0] + direction * Double($1)) }
                }
            }
            // Parameter-dependent x with constant counts k_i: the product over j < max k of (x_i ± j), each factor
            // replaced by 1 where j ≥ k_i.
            guard let counts = b.constantValues else {
                throw LoweringError.needsPlainNumbers("\(name) with parameter-dependent counts", range)
            }
            if a.varying || b.varying { throw VectorizationFallback() }
            let n = max(a.count, counts.count)
            guard (a.count == 1 || a.count == n) && (counts.count == 1 || counts.count == n) else {
                throw LoweringError.invalid("\(name): sizes \(a.count) and \(counts.count) differ", range)
            }
            let k = (0..<n).map { Int(counts[counts.count == 1 ? 0 : $0]) }
            if let negative = k.first(where: { $0 < 0 }) {
                throw LoweringError.invalid("\(name): count \(negative) is negative", range)
            }
            let x = graph.viewOrGather(a.expr, (0..<n).map { a.count == 1 ? 0 : $0 })
            var product = graph.constant([Double](repeating: 1, count: n))
            for j in 0..<(k.max() ?? 0) {
                let factor = x + scalarConstant(name == "falling_factorial" ? -Double(j) : Double(j))
                let masked = graph.gather(graph.concat([factor, scalarConstant(1)]), index: (0..<n).map { j < k[$0] ? $0 : n })
                product = product * masked
            }
            let dims = a.count == n ? a.dims : b.dims
            return Value(expr: product, type: type, dims: dims)
        case "choose":
            return try integers { n, k in
                guard n >= 0, k >= 0 else { return nil }
                if k > n { return 0 }
                var result = 1.0
                for i in 0..<min(k, n - k) { result = result * Double(n - i) / Double(i + 1) }
                return result.rounded()
            }
        case "binary_log_loss":
            // -(y log(p) + (1 - y) log(1 - p)) with an int outcome y.
            let hit = try op(.elementMultiply, a, apply(.log, b))
            let miss = try op(.elementMultiply, try op(.subtract, intValue(1), a), apply(.log1m, b))
            return apply(.negate, try op(.add, hit, miss))
        default:
            return nil
        }
    }
}
