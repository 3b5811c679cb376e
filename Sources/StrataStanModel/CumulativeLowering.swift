// Lowers `_lcdf`, `_lccdf` and `_cdf` calls and truncated sampling statements `y ~ F(...) T[L, U]`.
import StrataAutodiff
import StrataDistributions
import StrataStanFrontEnd

extension Lowerer {
    /// `family_lcdf(y | args)`, `family_lccdf(y | args)` or `family_cdf(y | args)` (the product of the elementwise CDFs).
    func cumulative(family: String, suffix: String, variate: SExpr, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        let y = try lower(variate), args = try argExprs.map(lower)
        let lcdf = try logCDF(family: family, y, args, complement: suffix == "_lccdf", range)
        return Value(expr: suffix == "_cdf" ? graph.apply(.exp, lcdf) : lcdf, type: .real, dims: [])
    }

    /// Σ log CDF (or log CCDF) of `family` at `y`.
    func logCDF(family: String, _ y: Value, _ args: [Value], complement: Bool, _ range: SourceRange) throws -> GExpr {
        try recordCumulative([y] + args, range) {
            try DistributionRegistry.logCDF(family: family, graph: graph, outcome: y.expr, arguments: args.map(\.expr),
                                            complement: complement)
        }
    }

    /// `wiener_lcdf_unnorm(y, a, t0, w, v, ...)` or `wiener_lccdf_unnorm(...)`: Σ over broadcast elements.
    func wienerUnnormalisedCDF(_ args: [Value], complement: Bool, _ range: SourceRange) throws -> Value {
        let lp = try recordCumulative(args, range) {
            try DistributionRegistry.wienerLogCDFUnnormalised(graph: graph, arguments: args.map(\.expr), complement: complement)
        }
        return Value(expr: lp, type: .real, dims: [])
    }

    /// Records a cumulative reduction of `operands` (per-lane operands fall back to the scalar loop); build errors
    /// are reported at `range`.
    private func recordCumulative(_ operands: [Value], _ range: SourceRange, _ build: () throws -> GExpr) throws -> GExpr {
        if operands.contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        let before = graph.buildErrors.count
        let lp: GExpr
        do {
            lp = try build()
        } catch {
            throw LoweringError.unsupported("\(error)", range)
        }
        try checkGraph(since: before, range)
        return lp
    }

    /// `y ~ F(args) T[L, U]`: log p(y) − log(F(U) − F(L)), with one-sided forms log CCDF(L) and log CDF(U).
    /// Discrete families truncate below at L − 1, as P(Y ≥ L) = 1 − F(L − 1).
    func truncatedTilde(_ t: TildeStatement, _ truncation: Truncation, _ range: SourceRange) throws {
        guard DistributionRegistry.cdfFamilyNames.contains(t.distribution) else {
            throw LoweringError.invalid("truncation T[,] needs the CDF of '\(t.distribution)', which Strata does not have "
                                        + "(families with CDFs: \(DistributionRegistry.cdfFamilyNames.joined(separator: ", ")))", range)
        }
        let y = try lower(t.lhs)
        let args = try t.arguments.map(lower)
        let discrete = DistributionRegistry.families[t.distribution]?.isDiscrete ?? false
        var lo: Value? = try truncation.lower.map { try self.lower($0) }
        let hi: Value? = try truncation.upper.map { try self.lower($0) }
        if let yc = y.constantValues {
            for (i, v) in yc.enumerated() {
                if let lc = lo?.constantValues, v < lc[lc.count == 1 ? 0 : min(i, lc.count - 1)] {
                    throw LoweringError.invalid("truncation: \(v) is below the lower bound \(lc[lc.count == 1 ? 0 : min(i, lc.count - 1)])", range)
                }
                if let uc = hi?.constantValues, v > uc[uc.count == 1 ? 0 : min(i, uc.count - 1)] {
                    throw LoweringError.invalid("truncation: \(v) is above the upper bound \(uc[uc.count == 1 ? 0 : min(i, uc.count - 1)])", range)
                }
            }
        }
        if discrete, let l = lo { lo = Value(expr: l.expr - 1, type: l.type, dims: l.dims) }
        let lp = try logDensity(family: t.distribution, variate: t.lhs, t.arguments, propto: true, t.distributionRange)
        // One normalising term per outcome element (Stan 2.36 truncates vectorised statements elementwise): each with
        // that element's parameters and bounds, scalars broadcast.
        func element(_ v: Value, _ i: Int) throws -> Value {
            if v.isScalar { return v }
            guard v.count == y.count else {
                throw LoweringError.invalid("truncation: an argument of size \(v.count) for \(y.count) outcomes", range)
            }
            return Value(expr: graph.viewOrGather(v.expr, [i]), type: StanType(v.type.base == .int ? .int : .real), dims: [])
        }
        var normalisers: [GExpr] = []
        for i in 0..<(y.isScalar ? 1 : y.count) {
            let a = try args.map { try element($0, i) }
            switch (try lo.map { try element($0, i) }, try hi.map { try element($0, i) }) {
            case let (l?, u?):
                let fu = try logCDF(family: t.distribution, u, a, complement: false, range)
                let fl = try logCDF(family: t.distribution, l, a, complement: false, range)
                normalisers.append(fu + graph.apply(.log1m, graph.apply(.exp, fl - fu)))
            case let (l?, nil): normalisers.append(try logCDF(family: t.distribution, l, a, complement: true, range))
            case let (nil, u?): normalisers.append(try logCDF(family: t.distribution, u, a, complement: false, range))
            default: break
            }
        }
        addTarget(lp)
        if !normalisers.isEmpty {
            let total = normalisers.count == 1 ? normalisers[0] : graph.addScalars(normalisers)
            addTarget(Value(expr: graph.apply(.negate, total), type: .real, dims: []))
        }
    }

    /// `y ~ foo(...) T[L, U]` for a user-defined `foo_lpdf`/`foo_lpmf`: the density less the log probability of the
    /// interval from the user's `foo_lcdf` (upper bound, and both bounds) and `foo_lccdf` (lower bound alone), as Stan
    /// does; a discrete lower bound L counts from L − 1.
    func truncatedUserTilde(_ t: TildeStatement, _ density: FunctionDef, _ truncation: Truncation,
                            _ range: SourceRange) throws {
        let y = try lower(t.lhs)
        guard y.isScalar else { throw LoweringError.unsupported("truncation of a non-scalar outcome", range) }
        let args = try t.arguments.map(lower)
        let discrete = density.name.hasSuffix("_lpmf")
        var lo: Value? = try truncation.lower.map { try self.lower($0) }
        let hi: Value? = try truncation.upper.map { try self.lower($0) }
        if discrete, let l = lo { lo = Value(expr: l.expr - 1, type: l.type, dims: l.dims) }
        func cumulative(_ suffix: String, _ bound: Value) throws -> GExpr {
            let name = t.distribution + suffix
            let boundExpr = SExpr(bound.isInt ? .intLiteral("0") : .realLiteral("0"), range: range, type: bound.type)
            guard let def = userFunction(name, [boundExpr] + t.arguments) ?? functions[name]?.first,
                  let value = try inline(def, [bound] + args, range) else {
                throw LoweringError.invalid("truncating '\(t.distribution)' needs '\(name)'", range)
            }
            return value.expr
        }
        guard let lp = try inline(density, [y] + args, t.distributionRange) else {
            throw LoweringError.invalid("density '\(density.name)' returned no value", range)
        }
        let normaliser: GExpr
        switch (lo, hi) {
        case let (l?, u?):
            let fu = try cumulative("_lcdf", u), fl = try cumulative("_lcdf", l)
            normaliser = fu + graph.apply(.log1m, graph.apply(.exp, fl - fu))
        case let (l?, nil): normaliser = try cumulative("_lccdf", l)
        case let (nil, u?): normaliser = try cumulative("_lcdf", u)
        default: normaliser = scalarConstant(0)
        }
        addTarget(lp)
        addTarget(Value(expr: graph.apply(.negate, normaliser), type: .real, dims: []))
    }
}
