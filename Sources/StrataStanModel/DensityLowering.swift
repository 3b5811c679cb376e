// Lowers `~` statements and `*_lpdf`/`*_lpmf` calls through the distribution registry.
import StrataAutodiff
import StrataDistributions
import StrataStanFrontEnd

extension Lowerer {
    /// `family_lpdf(variate | args)` and its `_lupdf`/`_lpmf`/`_lupmf` forms.
    func density(_ name: String, variate: SExpr, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if let def = userDensity(name, [variate] + argExprs) {
            guard let v = try inline(def, try ([variate] + argExprs).map(lowerAny), range) else {
                throw LoweringError.invalid("density '\(def.name)' returned no value", range)
            }
            return v
        }
        if let def = userFunction(name, [variate] + argExprs) {          // a user-defined foo_lcdf(y | ...)
            guard let v = try inline(def, try ([variate] + argExprs).map(lowerAny), range) else {
                throw LoweringError.invalid("function '\(def.name)' returned no value", range)
            }
            return v
        }
        for suffix in ["_lcdf", "_lccdf", "_cdf"] where name.hasSuffix(suffix) {
            return try cumulative(family: String(name.dropLast(suffix.count)), suffix: suffix, variate: variate, argExprs, range)
        }
        for suffix in ["_lupdf", "_lupmf", "_lpdf", "_lpmf"] where name.hasSuffix(suffix) {
            let family = String(name.dropLast(suffix.count))
            return try logDensity(family: family, variate: variate, argExprs, propto: suffix.hasPrefix("_lu"), range)
        }
        throw LoweringError.unsupported("function '\(name)' (only _lpdf, _lpmf, _lupdf and _lupmf densities)", range)
    }

    /// Σ log p(variate | args); `laneSummed` when any operand varies by lane (vector mode).
    func logDensity(family: String, variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        if let v = try laplaceDensity(family: family, variate: variate, argExprs, range) { return v }
        if let base = Self.glmFamilies[family] {
            return try glmLogDensity(base: base, variate: variate, argExprs, propto: propto, range)
        }
        switch family {
        case "categorical_logit_glm": return try categoricalLogitGlmLogDensity(variate: variate, argExprs, propto: propto, range)
        case "ordered_logistic_glm": return try orderedLogisticGlmLogDensity(variate: variate, argExprs, propto: propto, range)
        case "gaussian_dlm_obs": return try gaussianDlmLogDensity(variate: variate, argExprs, propto: propto, range)
        default: break
        }
        if family == "ordered_logistic" || family == "ordered_probit" {
            return try orderedLogDensity(probit: family == "ordered_probit", variate: variate, argExprs, propto: propto, range)
        }
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
                                                     arguments: args.map(\.expr), propto: propto, outcomeLength: y.dims.last)
        } catch {
            throw LoweringError.invalid("\(error)", range)
        }
        try checkGraph(since: before, range)
        return Value(expr: lp, type: .real, dims: [], varying: false, laneSummed: varying)
    }

    /// `ordered_logistic`/`ordered_probit(eta, c)` with one cut-point vector or an array of them (one per outcome).
    func orderedLogDensity(probit: Bool, variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        let y = try lower(variate), args = try argExprs.map(lower)
        guard args.count == 2 else { throw LoweringError.invalid("ordered_\(probit ? "probit" : "logistic") takes 2 arguments", range) }
        if ([y] + args).contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        let before = graph.buildErrors.count
        let vectors = args[1].dims.count > 1 ? args[1].dims[0] : 1
        let lp = graph.orderedLpmf(probit: probit, y.expr, args[0].expr, args[1].expr, cutpointVectors: vectors, propto: propto)
        try checkGraph(since: before, range)
        return Value(expr: lp, type: .real, dims: [])
    }

    /// GLM families and the family of their linear predictor.
    static let glmFamilies = ["bernoulli_logit_glm": "bernoulli_logit", "poisson_log_glm": "poisson_log",
                              "normal_id_glm": "normal", "neg_binomial_2_log_glm": "neg_binomial_2_log",
                              "binomial_logit_glm": "binomial_logit"]

    /// Base families whose arguments before x stay in front of the linear predictor (binomial_logit's trial counts N).
    static let glmLeadingArguments = ["binomial_logit": 1]

    /// `y ~ f_glm(lead..., x, alpha, beta, rest...)`: the base family at `alpha + x * beta` (Stan's GLM functions).
    func glmLogDensity(base: String, variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        let lead = Self.glmLeadingArguments[base] ?? 0
        guard argExprs.count >= lead + 3 else { throw LoweringError.invalid("\(base)_glm needs x, alpha and beta", range) }
        let leading = try argExprs.prefix(lead).map(lower)
        let x = try lower(argExprs[lead]), alpha = try lower(argExprs[lead + 1]), beta = try lower(argExprs[lead + 2])
        if [x, alpha, beta].contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        let predictorType: StanType = x.dims.count == 2 ? .vector : .real
        let eta = try binary(.add, alpha, try binary(.multiply, x, beta, type: predictorType, range), type: predictorType, range)
        let y = try lower(variate)
        let rest = try argExprs.dropFirst(lead + 3).map(lower)
        let before = graph.buildErrors.count
        let lp: GExpr
        do {
            lp = try DistributionRegistry.logDensity(family: base, graph: graph, outcome: y.expr,
                                                     arguments: leading.map(\.expr) + [eta.expr] + rest.map(\.expr), propto: propto)
        } catch {
            throw LoweringError.invalid("\(error)", range)
        }
        try checkGraph(since: before, range)
        return Value(expr: lp, type: .real, dims: [])
    }

    /// `jacobian += v`: a log-Jacobian term (loops holding one are unrolled).
    func addJacobian(_ v: Value) throws {
        if lanes != nil { throw VectorizationFallback() }
        jacobianTerms.append(v.expr.count == 1 ? v.expr : graph.sum(v.expr))
    }

    /// Adds a log-density term; in vector mode a per-lane or uniform term counts once per lane.
    func addTarget(_ v: Value) {
        var term = v.expr.count == 1 ? v.expr : graph.sum(v.expr)
        if let lanes, !v.laneSummed && !v.varying { term = term * Double(lanes) }
        terms.append(term)
    }
}
