// Resolves Stan expressions to the drawable variables they depend on, following local-variable definitions.
import StrataStanFrontEnd

/// The drawable variables an expression involves: those it depends on, and those whose density it
/// evaluates (the variates of `foo_lpdf(y | …)` calls, possibly hidden inside local variables).
struct StanDependencies: Equatable {
    /// Variables the value depends on.
    var inputs: Set<String> = []
    /// Variables that are the outcome of a density evaluated inside the expression.
    var outcomes: Set<String> = []

    mutating func formUnion(_ other: StanDependencies) {
        inputs.formUnion(other.inputs)
        outcomes.formUnion(other.outcomes)
    }
}

/// Flow-insensitive dependency resolution for the transformed parameters and model blocks.
///
/// Every local (or loop) variable is resolved to the union, over all its assignments, of the
/// drawable variables the assigned expressions depend on, iterated to a fixed point so that
/// recursive updates such as `mu = mu + beta[k] * y[t - k]` and chains of locals resolve fully.
/// Block-level variables (data, parameters, transformed parameters) resolve to themselves; size
/// integers resolve to nothing. Control flow (`if` conditions) is not treated as a dependency.
struct StanDependencyResolver {
    let roles: StanSymbolRoles
    /// Resolved dependencies of each local / loop variable.
    private var locals: [String: StanDependencies] = [:]

    /// Expressions assigned to each name: initializers, right-hand sides and lvalue indices
    /// (also used for transformed parameters).
    private(set) var definitions: [String: [StrataStanFrontEnd.Expr]] = [:]

    init(roles: StanSymbolRoles, statements: [Stmt]) {
        self.roles = roles
        for stmt in statements { stmt.forEachStatement { collectDefinition($0) } }
        // The sets only grow, so this reaches a fixed point.
        var changed = true
        while changed {
            changed = false
            for (name, exprs) in definitions where roles.role(of: name) == nil {
                var d = StanDependencies()
                for e in exprs { d.formUnion(resolve(e)) }
                if d != locals[name, default: StanDependencies()] {
                    locals[name] = d
                    changed = true
                }
            }
        }
    }

    private mutating func collectDefinition(_ stmt: Stmt) {
        switch stmt.kind {
        case .declaration(let d):
            definitions[d.name, default: []] += d.initializer.map { [$0] } ?? []
        case .assignment(let lv, let op, let rhs):
            var exprs = [rhs] + lv.indices.flatMap { $0.flatMap(\.expressions) }
            if op != .assign { exprs.append(StrataStanFrontEnd.Expr(.variable(lv.name), range: lv.range)) }
            definitions[lv.name, default: []] += exprs
        case .forRange(let v, let lo, let hi, _):
            definitions[v, default: []] += [lo, hi]
        case .forEach(let v, let collection, _):
            definitions[v, default: []] += [collection]
        default: break
        }
    }

    /// The drawable variables `expr` depends on and the outcomes of densities it evaluates.
    /// - Parameter asOutcome: treat the variables in value position (not inside indices) as outcomes.
    func resolve(_ expr: StrataStanFrontEnd.Expr, asOutcome: Bool = false) -> StanDependencies {
        var out = StanDependencies()
        switch expr.kind {
        case .variable(let name):
            let d = resolveName(name)
            if asOutcome {
                out.outcomes.formUnion(d.inputs)
                out.outcomes.formUnion(d.outcomes)
            } else {
                out = d
            }
        case .indexed(let base, let indices):
            out.formUnion(resolve(base, asOutcome: asOutcome))
            for e in indices.flatMap(\.expressions) { out.formUnion(resolve(e)) }
        case .conditionalCall(let name, let variate, let arguments) where Self.isDensity(name):
            out.formUnion(resolve(variate, asOutcome: true))
            for a in arguments { out.formUnion(resolve(a)) }
        default:
            for child in expr.children { out.formUnion(resolve(child, asOutcome: asOutcome)) }
        }
        return out
    }

    /// A block-level variable resolves to itself (nothing for sizes); a local to its definitions.
    func resolveName(_ name: String) -> StanDependencies {
        switch roles.role(of: name) {
        case .size: return StanDependencies()
        case .some: return StanDependencies(inputs: [name])
        case nil: return locals[name] ?? StanDependencies()
        }
    }

    /// Density-like functions whose first argument (before `|`) is an outcome: `_lpdf`, `_lpmf`,
    /// `_lupdf`, `_lupmf` and the (log) CDFs used for censored observations.
    static func isDensity(_ name: String) -> Bool {
        ["_lpdf", "_lpmf", "_lupdf", "_lupmf", "_lcdf", "_lccdf", "_cdf"].contains { name.hasSuffix($0) }
    }
}
