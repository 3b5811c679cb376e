// Lowers the statements of integrated-out parameters: the marginal density term and the exact conditional draw.
import StrataAutodiff
import StrataDistributions
import StrataStanFrontEnd

/// Lowering state of the integrated-out parameters.
struct MarginalState {
    var plans: [String: MarginalPlan] = [:]
    /// Statement range → parameter, for likelihoods and priors.
    var likelihoods: [SourceRange: String] = [:]
    var priors: [SourceRange: String] = [:]
    /// The latent value of each parameter and its bounds.
    var latents: [String: (value: GExpr, lower: GExpr, upper: GExpr)] = [:]
    /// Which elements already have their likelihood term.
    var covered: [String: [Bool]] = [:]
    /// Parameters whose (normal-prior) likelihood has been lowered once already.
    var lowered: Set<String> = []
    var draws: [any ConditionalDraw] = []

    init(plans: [MarginalPlan] = []) {
        for p in plans {
            self.plans[p.parameter] = p
            likelihoods[p.likelihood] = p.parameter
            if case .normal(_, _, let r) = p.prior { priors[r] = p.parameter }
        }
    }
}

/// The mean split as slope ⊙ θ + offset (nil parts are zero).
private struct AffineParts {
    var slope: Value?
    var offset: Value?
}

extension Lowerer {
    /// Declares an integrated-out parameter as a latent value (outputs and generated quantities read it).
    func declareMarginalised(_ d: VarDecl, _ plan: MarginalPlan) throws {
        let dims = try self.dims(of: d.type, name: d.name)
        let count = dims.reduce(1, *)
        func bound(_ e: SExpr?, _ fallback: Double) throws -> GExpr {
            guard let e else { return scalarConstant(fallback) }
            let v = try lower(e)
            guard v.isConstant, v.count == 1 || v.count == count else {
                throw MarginalisationFallback(parameter: d.name, reason: "its bounds depend on parameters")
            }
            return v.expr
        }
        var lowerBound = scalarConstant(-.infinity), upperBound = scalarConstant(.infinity)
        if case .bounds(let lo, let hi) = d.type.constraint {
            lowerBound = try bound(lo, -.infinity); upperBound = try bound(hi, .infinity)
        }
        let lo = lowerBound.count == 1 ? graph.initialValues[lowerBound.slot.offset] : -.infinity
        let hi = upperBound.count == 1 ? graph.initialValues[upperBound.slot.offset] : .infinity
        let initial = lo.isFinite && hi.isFinite ? 0.5 * (lo + hi) : lo.isFinite ? lo + 1 : hi.isFinite ? hi - 1 : 0
        let value = builder.latentParameter(d.name, shape: dims, initial: initial)
        marginal.latents[d.name] = (value, lowerBound, upperBound)
        marginal.covered[d.name] = [Bool](repeating: false, count: count)
        let v = Variable(name: d.name, type: d.type.stanType, dims: dims)
        v.assignWhole(Value(expr: value, type: d.type.stanType, dims: dims))
        declare(v)
    }

    /// Lowers the statement at `s` if it belongs to an integrated-out parameter; false otherwise.
    func lowerMarginalStatement(_ s: Stmt) throws -> Bool {
        if marginal.priors[s.range] != nil { return true }   // folded into the likelihood's marginal
        guard let name = marginal.likelihoods[s.range], let plan = marginal.plans[name],
              let (yE, meanE, scaleE) = MarginalisationPlanner.normalStatement(s) else { return false }
        try lowerMarginalLikelihood(plan, y: yE, mean: meanE, scale: scaleE)
        return true
    }

    private func lowerMarginalLikelihood(_ plan: MarginalPlan, y yE: SExpr, mean meanE: SExpr, scale scaleE: SExpr) throws {
        let name = plan.parameter
        func fail(_ reason: String) -> MarginalisationFallback { MarginalisationFallback(parameter: name, reason: reason) }
        guard let latent = marginal.latents[name] else { throw fail("it was not declared as integrated out") }
        var positions: [Int]? = nil
        let parts = try affineParts(meanE, plan, positions: &positions)
        guard let slope = parts.slope, let positions else { throw fail("the mean does not depend on it") }
        let y = try lower(yE)
        guard y.isConstant else { throw fail("the outcome of its likelihood depends on parameters") }
        let scale = try lower(scaleE)
        let offset = parts.offset ?? realValue(0)
        let n = positions.count
        for v in [y, slope, offset, scale] where v.count != 1 && v.count != n {
            throw fail("its likelihood has \(v.count) terms where its mean refers to \(n) of its elements")
        }
        guard let covered = marginal.covered[name] else { throw fail("internal: no coverage") }
        for p in positions where p < 0 || p >= covered.count { throw fail("index \(p + 1) is out of range") }
        let lp: GExpr
        switch plan.prior {
        case .flat:
            lp = try flatMarginal(plan, latent, positions: positions, y: y, slope: slope, offset: offset, scale: scale)
        case .normal:
            lp = try randomEffectsMarginal(plan, latent, positions: positions, y: y, slope: slope, offset: offset, scale: scale)
        }
        addTarget(Value(expr: lp, type: .real, dims: [], varying: false, laneSummed: lanes != nil))
    }

    /// Flat prior on the bounds: one term per element, integrated over [L, U] and drawn from a truncated normal.
    private func flatMarginal(_ plan: MarginalPlan, _ latent: (value: GExpr, lower: GExpr, upper: GExpr), positions: [Int],
                              y: Value, slope: Value, offset: Value, scale: Value) throws -> GExpr {
        let name = plan.parameter
        guard var covered = marginal.covered[name] else { throw MarginalisationFallback(parameter: name, reason: "internal: no coverage") }
        for p in positions {
            if covered[p] {
                throw MarginalisationFallback(parameter: name, reason: "element \(p + 1) appears in two likelihood terms (several observations per element are integrated out only with a normal prior)")
            }
            covered[p] = true
        }
        marginal.covered[name] = covered
        let identity = positions == Array(0..<latent.value.count) ? nil : positions
        func select(_ e: GExpr) -> GExpr {
            guard e.count != 1, let identity else { return e }
            return graph.gather(e, index: identity)
        }
        let lo = select(latent.lower), hi = select(latent.upper)
        marginal.draws.append(MarginalNormalFlatConditional(
            latent: latent.value.slot, positions: identity, y: y.expr.slot, a: slope.expr.slot, b: offset.expr.slot,
            s: scale.expr.slot, lower: lo.slot, upper: hi.slot, count: positions.count))
        return graph.marginalNormalFlatLpdf(y: y.expr, a: slope.expr, b: offset.expr, s: scale.expr, lower: lo, upper: hi)
    }

    /// Normal prior (random effects): observations may share an element, but all of them must be in this one
    /// term; an element without observations is drawn from its prior.
    private func randomEffectsMarginal(_ plan: MarginalPlan, _ latent: (value: GExpr, lower: GExpr, upper: GExpr),
                                       positions: [Int], y: Value, slope: Value, offset: Value, scale: Value) throws -> GExpr {
        let name = plan.parameter, count = latent.value.count
        func fail(_ reason: String) -> MarginalisationFallback { MarginalisationFallback(parameter: name, reason: reason) }
        if marginal.lowered.contains(name) { throw fail("its likelihood loop was not vectorised") }
        marginal.lowered.insert(name)
        marginal.covered[name] = [Bool](repeating: true, count: count)
        let m = try plan.priorMeanExpr.map(lower) ?? realValue(0), tau = try plan.priorScaleExpr.map(lower) ?? realValue(1)
        if m.varying || tau.varying { throw fail("its prior's arguments vary inside the loop") }
        for v in [m, tau] where v.count != 1 && v.count != count {
            throw fail("its prior's arguments have \(v.count) elements where it has \(count)")
        }
        let (lp, draw) = graph.marginalNormalGroupsLpdf(y: y.expr, a: slope.expr, b: offset.expr, s: scale.expr,
                                                        group: positions, priorMean: m.expr, priorScale: tau.expr,
                                                        latent: latent.value)
        marginal.draws.append(draw)
        return lp
    }

    /// Splits `e` into slope ⊙ θ + offset; `positions` receives the θ elements the terms refer to.
    private func affineParts(_ e: SExpr, _ plan: MarginalPlan, positions: inout [Int]?) throws -> AffineParts {
        let name = plan.parameter
        func fail(_ reason: String) -> MarginalisationFallback { MarginalisationFallback(parameter: name, reason: reason) }
        guard e.referencedVariables.contains(name) else { return AffineParts(slope: nil, offset: try lower(e)) }
        func atom(_ found: [Int]) throws -> AffineParts {
            if let positions, positions != found { throw fail("its mean refers to different elements of it") }
            positions = found
            return AffineParts(slope: realValue(1), offset: nil)
        }
        switch e.kind {
        case .variable:
            guard plan.loopVariable == nil, let latent = marginal.latents[name] else {
                throw fail("its likelihood uses it whole inside a loop")
            }
            return try atom(Array(0..<latent.value.count))
        case .indexed(let base, let indices):
            guard case .variable(let b) = base.kind, b == name, indices.count == 1, case .single(let ie) = indices[0],
                  !ie.referencedVariables.contains(name) else {
                throw fail("its mean indexes it other than by a single data index")
            }
            let index = try lower(ie)
            guard let values = index.constantValues, index.isInt else { throw fail("its index is not known from the data") }
            return try atom(values.map { Int($0) - 1 })
        case .prefix(.minus, let x):
            let p = try affineParts(x, plan, positions: &positions)
            return AffineParts(slope: p.slope.map(negate), offset: p.offset.map(negate))
        case .prefix(.plus, let x):
            return try affineParts(x, plan, positions: &positions)
        case .binary(let op, let l, let r):
            let lm = l.referencedVariables.contains(name), rm = r.referencedVariables.contains(name)
            switch op {
            case .add, .subtract:
                let pl = try affineParts(l, plan, positions: &positions), pr = try affineParts(r, plan, positions: &positions)
                return AffineParts(slope: try combine(op, pl.slope, pr.slope, e.range),
                                   offset: try combine(op, pl.offset, pr.offset, e.range))
            case .multiply, .elementMultiply:
                guard !(lm && rm) else { throw fail("its mean multiplies it by itself") }
                let factorE = lm ? r : l
                let p = try affineParts(lm ? l : r, plan, positions: &positions)
                let factor = try lower(factorE)
                if op == .multiply && !factor.isScalar && !factor.varying {
                    throw fail("its mean multiplies it by a matrix or vector (not elementwise)")
                }
                return AffineParts(slope: try p.slope.map { try product($0, factor, e.range) },
                                   offset: try p.offset.map { try product($0, factor, e.range) })
            case .divide, .elementDivide:
                guard lm && !rm else { throw fail("its mean divides by it") }
                let p = try affineParts(l, plan, positions: &positions)
                let divisor = try lower(r)
                return AffineParts(slope: try p.slope.map { try quotient($0, divisor, e.range) },
                                   offset: try p.offset.map { try quotient($0, divisor, e.range) })
            default:
                throw fail("its mean is not affine in it ('\(op.rawValue)')")
            }
        default:
            throw fail("its mean is not affine in it (a function of it)")
        }
    }

    private func elementType(_ a: Value, _ b: Value) -> StanType {
        if a.isScalar && b.isScalar { return .real }
        return a.isScalar ? b.type : a.type
    }

    private func negate(_ v: Value) -> Value {
        Value(expr: graph.apply(.negate, v.expr), type: v.type, dims: v.dims, varying: v.varying)
    }

    private func combine(_ op: BinaryOperator, _ a: Value?, _ b: Value?, _ range: SourceRange) throws -> Value? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil): return x
        case (nil, let y?): return op == .subtract ? negate(y) : y
        case (let x?, let y?): return try binary(op, x, y, type: elementType(x, y), range)
        }
    }

    /// a × b; a slope that is still the constant 1 (the parameter itself, before any factor) becomes the factor
    /// itself rather than a node multiplying every element by 1 (the same values: 1 × x is x exactly).
    private func product(_ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
        if a.isScalar, !a.varying, !a.laneSummed, !b.isInt, a.constantValues == [1] {
            var factor = b
            factor.type = elementType(a, b)
            return factor
        }
        return try binary(a.isScalar || b.isScalar ? .multiply : .elementMultiply, a, b, type: elementType(a, b), range)
    }

    private func quotient(_ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
        try binary(b.isScalar ? .divide : .elementDivide, a, b, type: elementType(a, b), range)
    }

    /// Checks every integrated-out element got its term and hands the conditional draws to the model.
    func finishMarginalisation() throws {
        for (name, covered) in marginal.covered {
            if let missing = covered.firstIndex(of: false) {
                throw MarginalisationFallback(parameter: name, reason: "element \(missing + 1) appears in no likelihood term")
            }
        }
        for d in marginal.draws { builder.addConditionalDraw(d) }
    }
}
