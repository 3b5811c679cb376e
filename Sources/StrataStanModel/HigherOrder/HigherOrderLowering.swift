// Routes calls of Stan's higher-order built-ins (other than the ODE solvers; DAEs included) to their lowerings.
import StrataStanFrontEnd

extension Lowerer {
    /// The lowered call when `name` is a higher-order built-in (or an hmm_* function), else nil.
    func higherOrderCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value? {
        if name == "reduce_sum" || name == "reduce_sum_static" { return try reduceSumCall(name, argExprs, range) }
        if Self.daeSolvers.contains(name) { return try daeCall(name, argExprs, range) }
        if name == "map_rect" { return try mapRectCall(argExprs, range) }
        if Self.algebraSolvers.contains(name) { return try algebraSolverCall(name, argExprs, range) }
        if Self.integrators.contains(name) { return try integrateCall(name, argExprs, range) }
        if Self.hmmFunctions.contains(name) { return try hmmCall(name, argExprs, range) }
        if name.hasPrefix("laplace_") { return try laplaceCall(name, argExprs, range) }
        return nil
    }
}
