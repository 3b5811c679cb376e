// Finds parameters that can be integrated out exactly: normal likelihood, mean affine in the parameter, flat or normal prior.
import StrataStanFrontEnd

/// A parameter to integrate out of the log density, and where its terms are.
struct MarginalPlan {
    /// The prior the parameter has in the program.
    enum Prior {
        /// No prior statement: flat on its declared bounds (Stan's implicit prior).
        case flat
        /// `θ ~ normal(mean, scale)` (or `target += normal_lpdf(θ | …)`; `std_normal` has nil
        /// mean and scale, meaning 0 and 1) at `statement`.
        case normal(mean: SExpr?, scale: SExpr?, statement: SourceRange)
    }

    let declaration: VarDecl
    /// The one statement holding the normal likelihood whose mean is affine in the parameter.
    let likelihood: SourceRange
    /// The loop variable when the likelihood is written per element, `θ[i]` inside `for (i in …)`.
    let loopVariable: String?
    let prior: Prior

    var parameter: String { declaration.name }
    /// The normal prior's mean and scale expressions (nil: 0 and 1, or no normal prior).
    var priorMeanExpr: SExpr? { if case .normal(let m, _, _) = prior { return m }; return nil }
    var priorScaleExpr: SExpr? { if case .normal(_, let s, _) = prior { return s }; return nil }
}

/// A plan that turned out not to apply while lowering (the mean was not affine, the outcome was not
/// data, an element had no term or two); the model is lowered again without it.
struct MarginalisationFallback: Error {
    let parameter: String
    let reason: String
}

/// The syntactic search for ``MarginalPlan``s in a checked program.
///
/// A parameter qualifies when it is a `real`, a `vector` or a one-dimensional `array[] real`; it
/// appears in no transformed parameter and no other declaration; and in the model block it appears
/// in exactly one `normal` likelihood as part of the mean (outcome and scale free of it) — whole, or
/// indexed by data (`θ[i]` in `for (i in …)`, `θ[group]`, `θ[group[n]]`) — plus, optionally and only
/// when it has no bounds, one `normal` or `std_normal` prior of the whole parameter. With a normal
/// prior several observations may share an element (random effects); with a flat prior each element
/// must have exactly one. Generated quantities may use it: they see the exact
/// conditional draws. Whether the mean is affine is decided while lowering.
struct MarginalisationPlanner {
    let program: Program
    private(set) var plans: [MarginalPlan] = []
    /// Why plausible candidates were kept as sampled parameters.
    private(set) var keptReasons: [(parameter: String, reason: String)] = []

    /// Names that are not data: parameters, transformed parameters and model-block variables.
    private let nonData: Set<String>

    /// Plans for `program`, leaving the parameters in `excluded` sampled.
    init(program: Program, excluding excluded: Set<String> = []) {
        self.program = program
        var names = Set((program.parameters ?? []).map(\.name))
        names.formUnion(program.declarations(in: .transformedParameters).map(\.name))
        for s in program.model ?? [] {
            s.forEachStatement { if case .declaration(let d) = $0.kind { names.insert(d.name) } }
        }
        nonData = names
        for d in program.parameters ?? [] where !excluded.contains(d.name) { consider(d) }
    }

    /// One statement mentioning the parameter, with the loops around it.
    private struct Occurrence {
        let statement: Stmt
        let loops: [String]
        let conditional: Bool
    }

    private mutating func consider(_ d: VarDecl) {
        let name = d.name
        let eligibleShape: Bool
        switch d.type.base {
        case .real: eligibleShape = d.type.arrayDims.count <= 1
        case .vector: eligibleShape = d.type.arrayDims.isEmpty
        default: eligibleShape = false
        }
        var occurrences: [Occurrence] = []
        var structural = false
        for s in program.model ?? [] { collect(s, name, loops: [], conditional: false, into: &occurrences, structural: &structural) }
        let likelihoods = occurrences.filter {
            guard let (y, _, _) = Self.normalLikelihood($0.statement, name) else { return false }
            return y.referencedVariables.isDisjoint(with: nonData)
        }
        guard !likelihoods.isEmpty else { return }          // not a candidate at all: say nothing
        func keep(_ reason: String) { keptReasons.append((name, reason)) }
        guard eligibleShape else { return keep("only real, vector and array[] real parameters are integrated out") }
        if (program.transformedParameters ?? []).contains(where: { Self.mentions($0, name) }) {
            return keep("it is used in transformed parameters")
        }
        if (program.parameters ?? []).contains(where: { $0.name != name && $0.type.expressions.contains { $0.referencedVariables.contains(name) } }) {
            return keep("another parameter's declaration uses it")
        }
        if structural { return keep("a loop bound or condition in the model block depends on it") }
        guard likelihoods.count == 1 else { return keep("it appears in \(likelihoods.count) normal likelihood statements") }
        let likelihood = likelihoods[0]
        guard !likelihood.conditional else { return keep("its likelihood is inside a conditional") }
        guard let (_, mean, _) = Self.normalLikelihood(likelihood.statement, name), Self.isAffine(mean, in: name) else {
            return keep("the mean of its normal likelihood (line \(likelihood.statement.range.start.line)) is not affine in it")
        }
        if let other = plans.first(where: { $0.likelihood == likelihood.statement.range }) {
            return keep("its likelihood already integrates out '\(other.parameter)'")
        }
        guard likelihood.loops.count <= 1 else { return keep("its likelihood is inside nested loops") }
        let priors = occurrences.filter { $0.statement.range != likelihood.statement.range }
        var prior = MarginalPlan.Prior.flat
        if let p = priors.first {
            guard priors.count == 1, p.loops.isEmpty, !p.conditional, let (mean, scale) = Self.normalPrior(p.statement, name) else {
                return keep("it appears in the model block outside its likelihood and a normal prior")
            }
            if case .bounds(let lo, let hi) = d.type.constraint, lo != nil || hi != nil {
                return keep("a normal prior on a bounded parameter (a truncated prior) is not integrated out yet")
            }
            prior = .normal(mean: mean, scale: scale, statement: p.statement.range)
        }
        plans.append(MarginalPlan(declaration: d, likelihood: likelihood.statement.range,
                                  loopVariable: likelihood.loops.first, prior: prior))
    }

    private func collect(_ s: Stmt, _ name: String, loops: [String], conditional: Bool,
                         into out: inout [Occurrence], structural: inout Bool) {
        switch s.kind {
        case .forRange(let v, let lo, let hi, let body):
            if [lo, hi].contains(where: { $0.referencedVariables.contains(name) }) { structural = true }
            collect(body, name, loops: loops + [v], conditional: conditional, into: &out, structural: &structural)
        case .forEach(_, let c, let body):
            if c.referencedVariables.contains(name) { structural = true }
            collect(body, name, loops: loops + ["<foreach>"], conditional: conditional, into: &out, structural: &structural)
        case .whileLoop(let c, let body):
            if c.referencedVariables.contains(name) { structural = true }
            collect(body, name, loops: loops + ["<while>"], conditional: true, into: &out, structural: &structural)
        case .ifElse(let c, let t, let o):
            if c.referencedVariables.contains(name) { structural = true }
            collect(t, name, loops: loops, conditional: true, into: &out, structural: &structural)
            if let o { collect(o, name, loops: loops, conditional: true, into: &out, structural: &structural) }
        case .block(let list):
            for c in list { collect(c, name, loops: loops, conditional: conditional, into: &out, structural: &structural) }
        default:
            if s.expressions.contains(where: { $0.referencedVariables.contains(name) }) {
                out.append(Occurrence(statement: s, loops: loops, conditional: conditional))
            }
        }
    }

    /// Whether `e` is syntactically affine in `name`: it appears only under `+`, `-`, scaling by
    /// factors free of it, and division by such factors (the lowering checks shapes).
    static func isAffine(_ e: SExpr, in name: String) -> Bool {
        let m = { (x: SExpr) in x.referencedVariables.contains(name) }
        guard m(e) else { return true }
        switch e.kind {
        case .variable: return true
        case .indexed(let base, let indices):
            guard case .variable = base.kind else { return false }
            return !indices.flatMap(\.expressions).contains(where: m)
        case .prefix(.minus, let x), .prefix(.plus, let x): return isAffine(x, in: name)
        case .binary(let op, let l, let r):
            switch op {
            case .add, .subtract: return isAffine(l, in: name) && isAffine(r, in: name)
            case .multiply, .elementMultiply: return !(m(l) && m(r)) && isAffine(m(l) ? l : r, in: name)
            case .divide, .elementDivide: return !m(r) && isAffine(l, in: name)
            default: return false
            }
        default: return false
        }
    }

    static func mentions(_ s: Stmt, _ name: String) -> Bool {
        var found = false
        s.forEachStatement { st in
            if st.expressions.contains(where: { $0.referencedVariables.contains(name) }) { found = true }
        }
        return found
    }

    /// `y ~ normal(mu, s)`, `target += normal_lpdf(y | mu, s)` or `normal_lupdf`, where only `mu` mentions `name`.
    static func normalLikelihood(_ s: Stmt, _ name: String) -> (y: SExpr, mean: SExpr, scale: SExpr)? {
        guard let (y, mean, scale) = normalStatement(s) else { return nil }
        let m = { (e: SExpr) in e.referencedVariables.contains(name) }
        guard !m(y), m(mean), !m(scale) else { return nil }
        return (y, mean, scale)
    }

    /// `θ ~ normal(m, s)` or `θ ~ std_normal()` (or the `target +=` forms) with `m`, `s` free of θ.
    static func normalPrior(_ s: Stmt, _ name: String) -> (mean: SExpr?, scale: SExpr?)? {
        let isTheta = { (e: SExpr) -> Bool in
            if case .variable(let v) = e.kind { return v == name }
            return false
        }
        switch s.kind {
        case .tilde(let t) where t.distribution == "std_normal" && t.truncation == nil && t.arguments.isEmpty && isTheta(t.lhs):
            return (nil, nil)
        case .targetIncrement(let e):
            if case .conditionalCall(let f, let y, let args) = e.kind, f == "std_normal_lpdf" || f == "std_normal_lupdf",
               args.isEmpty, isTheta(y) {
                return (nil, nil)
            }
        default: break
        }
        guard let (y, mean, scale) = normalStatement(s), isTheta(y) else { return nil }
        guard !mean.referencedVariables.contains(name), !scale.referencedVariables.contains(name) else { return nil }
        return (mean, scale)
    }

    static func normalStatement(_ s: Stmt) -> (y: SExpr, mean: SExpr, scale: SExpr)? {
        switch s.kind {
        case .tilde(let t) where t.distribution == "normal" && t.truncation == nil && t.arguments.count == 2:
            return (t.lhs, t.arguments[0], t.arguments[1])
        case .targetIncrement(let e):
            if case .conditionalCall(let f, let y, let args) = e.kind, f == "normal_lpdf" || f == "normal_lupdf", args.count == 2 {
                return (y, args[0], args[1])
            }
            return nil
        default:
            return nil
        }
    }
}
