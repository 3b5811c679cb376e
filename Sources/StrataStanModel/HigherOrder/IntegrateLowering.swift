// Lowers Stan's 1-D integrators: integrate_1d, integrate_1d_double_exponential, integrate_1d_gauss_kronrod (and _tol).
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    static let integrators: Set<String> = ["integrate_1d", "integrate_1d_double_exponential", "integrate_1d_double_exponential_tol",
                                           "integrate_1d_gauss_kronrod", "integrate_1d_gauss_kronrod_tol"]

    /// `integrate_1d(f, a, b, theta, x_r, x_i[, rel_tol])` with f(x, xc, theta, x_r, x_i), and the variadic
    /// `integrate_1d_double_exponential(f, a, b, ...)`, `integrate_1d_gauss_kronrod(f, a, b, ...)` with f(x, xc, ...)
    /// and their `_tol` forms `(f, a, b, rel_tol, abs_tol, max_depth, ...)`. All three run one adaptive
    /// Gauss–Kronrod rule; xc is the distance to the nearer end (NaN for gauss_kronrod and infinite limits).
    func integrateCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count >= 3 else { throw LoweringError.invalid("\(name) needs a function and two limits", range) }
        let def = try functionOverload(argExprs, of: name, range)
        let a = try lower(argExprs[1]), b = try lower(argExprs[2])
        var rest = try argExprs.dropFirst(3).map(lower)
        var quadrature = GaussKronrod(relativeTolerance: Double.ulpOfOne.squareRoot(), name: name)
        quadrature.passesComplement = !name.hasPrefix("integrate_1d_gauss_kronrod")
        if name == "integrate_1d" {
            guard rest.count == 3 || rest.count == 4 else { throw LoweringError.invalid("integrate_1d takes 6 or 7 arguments", range) }
            if rest.count == 4 {
                guard let tol = rest[3].constantValues?.first, tol > 0 else {
                    throw LoweringError.invalid("integrate_1d: the relative tolerance must be positive data", range)
                }
                quadrature.relativeTolerance = tol
                rest.removeLast()
            }
        } else if name.hasSuffix("_tol") {
            guard rest.count >= 3, let rel = rest[0].constantValues?.first, let abs = rest[1].constantValues?.first,
                  let depth = rest[2].constantValues?.first else {
                throw LoweringError.invalid("\(name) needs data relative and absolute tolerances and a maximum depth", range)
            }
            guard rel > 0 || abs > 0, rel >= 0, abs >= 0, depth >= 0 else {
                throw LoweringError.invalid("\(name): tolerances must be non-negative (one positive) and the depth non-negative", range)
            }
            quadrature.relativeTolerance = rel; quadrature.absoluteTolerance = abs; quadrature.maxDepth = Int(depth)
            rest = Array(rest.dropFirst(3))
        }
        let (integrand, theta) = try recordFunction(def, leading: [(.real, []), (.real, [])], extras: rest, caller: name, range)
        guard integrand.outputs == 1 else { throw LoweringError.invalid("\(name): '\(def.name)' must return one real", range) }
        return Value(expr: graph.integrate(integrand, lower: a.expr, upper: b.expr, theta: theta, quadrature: quadrature),
                     type: .real, dims: [])
    }
}
