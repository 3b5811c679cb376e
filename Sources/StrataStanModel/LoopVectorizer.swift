// Loop vectorisation: a `for` loop whose iterations are independent is lowered once over all iterations at once.
import StrataAutodiff
import StrataStanFrontEnd

/// Decides, from the AST alone, whether `for (i in a:b) body` can be lowered in vector mode.
///
/// In vector mode the loop variable is the vector of all its values, each per-iteration scalar
/// becomes a vector with one element per iteration ("lane"), `x[i]` becomes a view (or gather) of
/// `x`, loop-invariant expressions stay scalar and broadcast, and `~` / `target +=` sum over lanes.
/// That is exact when iterations do not communicate: the check below requires that
/// - every per-iteration value is a scalar (int or real),
/// - variables declared outside the loop are written only as `x[i]` (distinct per iteration) and
///   read, if written in the loop, only as `x[i]`,
/// - densities of per-iteration values appear only directly in `target +=` or `~`,
/// - non-elementwise functions, conditions and inner-loop bounds do not depend on the iteration.
/// Anything else is unrolled (one copy of the body per iteration).
struct LoopVectorizationCheck {
    let loopVariable: String
    private(set) var locals: Set<String> = []
    private(set) var outerWritten: Set<String> = []
    private var innerLoopVariables: Set<String> = []

    init(loopVariable: String) { self.loopVariable = loopVariable }

    private var varying: Set<String> { locals.union(outerWritten).union([loopVariable]) }

    /// Whether `body` may be lowered in vector mode.
    mutating func accepts(_ body: Stmt) -> Bool {
        collect(body)
        return check(body)
    }

    private mutating func collect(_ s: Stmt) {
        switch s.kind {
        case .declaration(let d): locals.insert(d.name)
        case .assignment(let lv, _, _): if !locals.contains(lv.name) { outerWritten.insert(lv.name) }
        case .forRange(let v, _, _, _): innerLoopVariables.insert(v)
        default: break
        }
        for c in s.childStatements { collect(c) }
    }

    private func isLoopIndex(_ indices: [Index]) -> Bool {
        if indices.count == 1, case .single(let e) = indices[0], case .variable(let n) = e.kind, n == loopVariable { return true }
        return false
    }

    private func mentions(_ e: SExpr) -> Bool { !e.referencedVariables.isDisjoint(with: varying) }

    private func check(_ s: Stmt) -> Bool {
        switch s.kind {
        case .declaration(let d):
            guard d.type.arrayDims.isEmpty, d.type.base == .int || d.type.base == .real else { return false }
            return d.initializer.map { check($0, density: false) } ?? true
        case .assignment(let lv, _, let rhs):
            if innerLoopVariables.contains(lv.name) { return false }
            if locals.contains(lv.name) { guard lv.indices.isEmpty else { return false } }
            else { guard lv.indices.count == 1, isLoopIndex(lv.indices[0]) else { return false } }
            return check(rhs, density: false)
        case .tilde(let t):
            guard t.truncation == nil else { return false }
            let all = [t.lhs] + t.arguments
            if all.contains(where: mentions) && !all.allSatisfy({ $0.type?.isNumericScalar == true }) { return false }
            return all.allSatisfy { check($0, density: false) }
        case .targetIncrement(let e):
            return check(e, density: true)
        case .forRange(_, let lo, let hi, let body):
            return !mentions(lo) && !mentions(hi) && check(lo, density: false) && check(hi, density: false) && check(body)
        case .ifElse(let c, let t, let o):
            return !mentions(c) && check(c, density: false) && check(t) && (o.map(check) ?? true)
        case .block(let list), .profile(_, let list):
            return list.allSatisfy(check)
        case .print, .empty:
            return true
        default:
            return false
        }
    }

    /// `density`: this node may be a density call of per-iteration values (the operand of `target +=`).
    private func check(_ e: SExpr, density: Bool) -> Bool {
        let m = mentions(e)
        switch e.kind {
        case .variable(let n):
            return !outerWritten.contains(n)
        case .indexed(let base, let indices):
            if case .variable(let n) = base.kind, outerWritten.contains(n) {
                return isLoopIndex(indices) && e.type?.isNumericScalar == true
            }
            if m && e.type?.isNumericScalar != true { return false }
            return e.children.allSatisfy { check($0, density: false) }
        case .conditionalCall(_, let v, let args):
            let all = [v] + args
            if all.contains(where: mentions) {
                guard density, all.allSatisfy({ $0.type?.isNumericScalar == true }) else { return false }
            }
            return all.allSatisfy { check($0, density: false) }
        case .call(let name, let args):
            if m && !Lowerer.elementwiseFunctions.contains(name) { return false }
            if m && e.type?.isNumericScalar != true { return false }
            return args.allSatisfy { check($0, density: false) }
        case .binary(.multiply, let l, let r) where Lowerer.isRowProduct(l, r) && mentions(l) && !mentions(r):
            // X[i] * b: rows of a data matrix times a loop-invariant vector (see `rowProduct`).
            guard case .indexed(let base, let indices) = l.kind, case .variable(let n) = base.kind,
                  !outerWritten.contains(n), indices.count == 1 else { return false }
            return indices.allSatisfy { $0.expressions.allSatisfy { check($0, density: false) } } && check(r, density: false)
        case .conditional(let c, _, _):
            if mentions(c) { return false }
            return e.children.allSatisfy { check($0, density: false) }
        default:
            if m && e.type?.isNumericScalar != true { return false }
            return e.children.allSatisfy { check($0, density: false) }
        }
    }
}

extension Lowerer {
    /// `for (name in lo:hi) body`: vectorised when ``LoopVectorizationCheck`` allows, else unrolled.
    func forLoop(_ name: String, _ loE: SExpr, _ hiE: SExpr, _ body: Stmt, _ range: SourceRange) throws {
        let lo = try evaluateInt(loE, what: "loop bound"), hi = try evaluateInt(hiE, what: "loop bound")
        guard hi >= lo else { return }
        if lanes == nil && hi > lo && !plainNumbers {
            var check = LoopVectorizationCheck(loopVariable: name)
            if check.accepts(body) {
                let written = try check.outerWritten.map { try lookup($0, range) }
                let saved = written.map(\.snapshot)
                let savedTerms = terms.count
                let savedMarginal = marginal
                do {
                    try vectorized(name, lo, hi, body)
                    return
                } catch is VectorizationFallback {
                    lanes = nil
                    for (v, s) in zip(written, saved) { v.restore(s) }
                    terms.removeLast(terms.count - savedTerms)
                    marginal = savedMarginal
                }
            }
        }
        if lanes != nil && (hi - lo) > 100_000 { throw VectorizationFallback() }
        for k in lo...hi {
            let exit = try iterate {
                try withScope {
                    let v = Variable(name: name, type: .int, dims: [])
                    v.assignWhole(intValue(k))
                    declare(v)
                    try lower(body)
                }
            }
            if exit == .breakLoop { break }
        }
    }

    /// Lowers `body` once with the loop variable holding all of lo...hi.
    private func vectorized(_ name: String, _ lo: Int, _ hi: Int, _ body: Stmt) throws {
        lanes = hi - lo + 1
        defer { lanes = nil }
        try withScope {
            let v = Variable(name: name, type: .int, dims: [])
            v.assignWhole(constantValue((lo...hi).map(Double.init), type: .int, dims: [], varying: true))
            v.isLaneLocal = true
            declare(v)
            try lower(body)
        }
    }
}
