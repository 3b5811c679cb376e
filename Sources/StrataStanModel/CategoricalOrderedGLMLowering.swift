// Lowers categorical_logit_glm and ordered_logistic_glm: the base family at the linear predictor of each row of x.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// `y ~ categorical_logit_glm(x, alpha, beta)`: Σ_n categorical_logit(y_n | (x_n β)ᵀ + α), x a matrix (one row per
    /// outcome; one int outcome shared by every row) or a row vector (shared by every outcome).
    func categoricalLogitGlmLogDensity(variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        let (y, x, alpha, beta) = try glmOperands("categorical_logit_glm", variate, argExprs, range)
        let predictors = x.dims.count == 2 ? x.dims[1] : x.count
        guard beta.dims.count == 2, beta.dims[0] == predictors, alpha.count == beta.dims[1] else {
            throw LoweringError.invalid("categorical_logit_glm: beta must be \(predictors) × \(alpha.count) (x has \(predictors) "
                                        + "columns, alpha \(alpha.count) categories), got \(beta.dims)", range)
        }
        let categories = alpha.count
        let xb = try binary(.multiply, x, beta, type: x.dims.count == 2 ? .matrix : .rowVector, range)
        let rows = x.dims.count == 2 ? x.dims[0] : 1
        let eta = xb.expr + graph.viewOrGather(alpha.expr, (0..<(rows * categories)).map { $0 % categories })
        let before = graph.buildErrors.count
        var terms: [GExpr] = []
        if rows == 1 {
            terms.append(graph.categoricalLogitLpmf(y.expr, eta, propto: propto))
        } else {
            for n in 0..<rows {
                let outcome = y.isScalar ? y.expr : y.expr[n..<(n + 1)]
                terms.append(graph.categoricalLogitLpmf(outcome, eta[(n * categories)..<((n + 1) * categories)], propto: propto))
            }
        }
        try checkGraph(since: before, range)
        return Value(expr: terms.count == 1 ? terms[0] : graph.addScalars(terms), type: .real, dims: [])
    }

    /// `y ~ ordered_logistic_glm(x, beta, c)`: Σ_n ordered_logistic(y_n | x_n β, c).
    func orderedLogisticGlmLogDensity(variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        let (y, x, beta, cuts) = try glmOperands("ordered_logistic_glm", variate, argExprs, range)
        let predictors = x.dims.count == 2 ? x.dims[1] : x.count
        guard beta.count == predictors else {
            throw LoweringError.invalid("ordered_logistic_glm: beta has \(beta.count) elements for \(predictors) predictors", range)
        }
        let eta = try binary(.multiply, x, beta, type: x.dims.count == 2 ? .vector : .real, range)
        let lp = try checkedNode(range) { graph.orderedLpmf(probit: false, y.expr, eta.expr, cuts.expr, cutpointVectors: 1, propto: propto) }
        return Value(expr: lp, type: .real, dims: [])
    }

    /// The outcome and the three arguments of a GLM density, with the outcome count checked against x's rows.
    private func glmOperands(_ family: String, _ variate: SExpr, _ argExprs: [SExpr],
                             _ range: SourceRange) throws -> (Value, Value, Value, Value) {
        guard argExprs.count == 3 else { throw LoweringError.invalid("\(family) takes 3 arguments", range) }
        let y = try lower(variate), args = try argExprs.map(lower)
        if ([y] + args).contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        if args[0].dims.count == 2 && !y.isScalar && y.count != args[0].dims[0] {
            throw LoweringError.invalid("\(family): \(y.count) outcomes for \(args[0].dims[0]) rows of x", range)
        }
        return (y, args[0], args[1], args[2])
    }
}
