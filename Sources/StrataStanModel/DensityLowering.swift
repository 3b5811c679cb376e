// Lowers `~` statements and `*_lpdf`/`*_lpmf` calls through the distribution registry.
import StrataAutodiff
import StrataDistributions
import StrataStanFrontEnd

extension Lowerer {
    /// `family_lpdf(variate | args)` and its `_lupdf`/`_lpmf`/`_lupmf` forms.
    func density(_ name: String, variate: SExpr, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if let def = userDensity(name) {
            guard let v = try inline(def, try ([variate] + argExprs).map(lower), range) else {
                throw LoweringError.invalid("density '\(def.name)' returned no value", range)
            }
            return v
        }
        for suffix in ["_lupdf", "_lupmf", "_lpdf", "_lpmf"] where name.hasSuffix(suffix) {
            let family = String(name.dropLast(suffix.count))
            return try logDensity(family: family, variate: variate, argExprs, propto: suffix.hasPrefix("_lu"), range)
        }
        throw LoweringError.unsupported("function '\(name)' (only _lpdf, _lpmf, _lupdf and _lupmf densities)", range)
    }

    /// Σ log p(variate | args); `laneSummed` when any operand varies by lane (vector mode).
    func logDensity(family: String, variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        guard DistributionRegistry.families[family] != nil else {
            throw LoweringError.unsupported("distribution '\(family)'", range)
        }
        let y = try lower(variate)
        let args = try argExprs.map(lower)
        let all = [y] + args
        if all.contains(where: \.laneSummed) { throw VectorizationFallback() }
        let varying = all.contains(where: \.varying)
        if varying && !all.allSatisfy(\.isScalar) { throw VectorizationFallback() }
        let before = graph.buildErrors.count
        let lp: GExpr
        do {
            lp = try DistributionRegistry.logDensity(family: family, graph: graph, outcome: y.expr,
                                                     arguments: args.map(\.expr), propto: propto)
        } catch {
            throw LoweringError.invalid("\(error)", range)
        }
        try checkGraph(since: before, range)
        return Value(expr: lp, type: .real, dims: [], varying: false, laneSummed: varying)
    }

    /// Adds a log-density term; in vector mode a per-lane or uniform term counts once per lane.
    func addTarget(_ v: Value) {
        var term = v.expr.count == 1 ? v.expr : graph.sum(v.expr)
        if let lanes, !v.laneSummed && !v.varying { term = term * Double(lanes) }
        terms.append(term)
    }
}
