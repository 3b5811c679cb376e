// Lowers Stan's special functions of several arguments (gamma_p, inc_beta, owens_t, the Bessel functions, fmod,
// atan2, lmgamma) onto elementwise graph nodes, broadcasting scalars against containers.
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

extension Lowerer {
    /// Stan names of the functions a ``SpecialFunction`` node computes.
    static let specialFunctions: [String: SpecialFunction] = [
        "gamma_p": .gammaP, "gamma_q": .gammaQ, "inc_beta": .incBeta, "inv_inc_beta": .invIncBeta, "owens_t": .owensT,
        "bessel_first_kind": .besselJ, "bessel_second_kind": .besselY, "modified_bessel_first_kind": .besselI,
        "modified_bessel_second_kind": .besselK, "log_modified_bessel_first_kind": .logBesselI,
        "fmod": .fmod, "atan2": .atan2, "hypot": .hypot, "lbeta": .logBeta, "lchoose": .logChoose,
        "student_t_qf": .studentTQuantile, "hypergeometric_1F0": .hypergeometric1F0, "hypergeometric_2F1": .hypergeometric2F1,
    ]

    /// A special function of `args`; nil when `name` is not one of them.
    func specialFunction(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        if name == "lmgamma" && args.count == 2 { return try multivariateLogGamma(args[0], args[1], type: type, range) }
        if (name == "hypergeometric_pFq" || name == "hypergeometric_3F2") && args.count == 3 {
            return try hypergeometricPFQ(name, args, range)
        }
        guard let f = Self.specialFunctions[name], args.count == f.arity else { return nil }
        let shaped = args.filter { !$0.isScalar }
        if let first = shaped.first, let other = shaped.first(where: { $0.dims != first.dims }) {
            throw LoweringError.invalid("\(name): size mismatch (\(first.dims) vs \(other.dims))", range)
        }
        if args.contains(where: \.varying) && !shaped.isEmpty { throw VectorizationFallback() }
        let out = try checkedNode(range) { graph.apply(f, args.map(\.expr)) }
        return Value(expr: out, type: type, dims: shaped.first?.dims ?? [], varying: args.contains(where: \.varying))
    }

    /// hypergeometric_pFq(a, b, z) and hypergeometric_3F2(a, b, z) (a of size 3, b of size 2).
    private func hypergeometricPFQ(_ name: String, _ args: [Value], _ range: SourceRange) throws -> Value {
        if name == "hypergeometric_3F2" && (args[0].count != 3 || args[1].count != 2) {
            throw LoweringError.invalid("\(name): a must have 3 elements and b 2, got \(args[0].count) and \(args[1].count)", range)
        }
        if args.contains(where: \.varying) { throw VectorizationFallback() }
        let out = try checkedNode(range) { graph.hypergeometricPFQ(args[0].expr, args[1].expr, args[2].expr, name: name) }
        return Value(expr: out, type: .real, dims: [])
    }

    /// lmgamma(k, x) = k(k − 1)/4 log π + Σ_{j=1..k} log Γ(x + (1 − j)/2), for an int k known from the data.
    private func multivariateLogGamma(_ k: Value, _ x: Value, type: StanType, _ range: SourceRange) throws -> Value {
        let order = try intOf(k, range)
        guard order >= 0 else { throw LoweringError.invalid("lmgamma: order \(order) must be >= 0", range) }
        var sum = realValue(Double(order * (order - 1)) / 4 * Glibc.log(Double.pi))
        for j in stride(from: 1, through: order, by: 1) {
            let shifted = try binary(.add, x, realValue(Double(1 - j) / 2), type: type, range)
            let term = Value(expr: graph.apply(.lgamma, shifted.expr), type: type, dims: shifted.dims, varying: shifted.varying)
            sum = try binary(.add, sum, term, type: type, range)
        }
        return sum
    }
}
