// Lower- and upper-bounded values: y = L + (U - L) * logistic(u), with scalar or per-element bounds.
import StrataAutodiff
import StrataCore
import CStrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// `<lower=L, upper=U>`: y = L + (U − L)·logit⁻¹(u), log J = log(U − L) + log logit⁻¹(u) + log(1 − logit⁻¹(u)).
public struct LowerUpperBoundTransform: ParameterTransform {
    /// Lower bound (scalar or one per element).
    public let lower: Expr
    /// Upper bound (scalar or one per element).
    public let upper: Expr

    /// Creates the transform.
    public init(lower: Expr, upper: Expr) { self.lower = lower; self.upper = upper }

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        for b in [lower, upper] where b.count != 1 && b.count != u.count {
            graph.fail("bound has \(b.count) elements, the variable has \(u.count)")
        }
        let out = graph.allocate(count: u.count + 1, isConstant: u.isConstant && lower.isConstant && upper.isConstant)
        let op = LowerUpperBoundOp(u: u.slot, lower: lower.slot, upper: upper.slot, output: out)
        graph.record(op)
        return (Expr(graph, out.view(start: 0, count: u.count)), Expr(graph, out.view(start: u.count, count: 1)))
    }

    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let lb = try constantValues(of: lower, variable: variable), ub = try constantValues(of: upper, variable: variable)
        return try y.enumerated().map { i, v in
            let l = element(lb, i), h = element(ub, i)
            guard v >= l && v <= h else {
                throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is outside [\(l), \(h)]")
            }
            let s = (v - l) / (h - l)
            return Glibc.log(s) - Glibc.log1p(-s)
        }
    }
}

/// Fused op: output[0..<n] = constrained values, output[n] = Σ log-Jacobian terms (accumulator).
struct LowerUpperBoundOp: GraphOperation {
    let u: Slot, lower: Slot, upper: Slot
    let output: Slot
    var inputs: [Slot] { [u, lower, upper] }
    var tiling: Tiling { .elementwise(count: u.count) }
    var tileFusable: Bool { true }
    var usesSlotAccessors: Bool { true }
    /// The log-Jacobian accumulator (output element n), reached through its own slot so that the constrained
    /// values may live in tile-local scratch.
    var jacobian: Slot { output.view(start: u.count, count: 1) }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(u), lb = arena.value(lower), ub = arena.value(upper), y = arena.value(output)
        let sl = lower.stride, su = upper.stride
        var logJ = 0.0
        if sl == 0 && su == 0 {
            // Fused C kernel (vectorised): logistic, value and Σ log s + log(1 - s).
            let l = lb[0], w = ub[0] - lb[0]
            logJ = Double(range.count) * Glibc.log(w)
                + strata_logistic_bound_forward(x + range.lowerBound, y + range.lowerBound, range.count, l, w)
        } else {
            // One bound (or both) per element (slot strides are 0 or 1): the same with Σ log w_i from the chunk's
            // one logarithm.
            let from = range.lowerBound
            logJ = strata_logistic_bounds_forward(x + from, y + from, range.count, lb + from * sl, sl, ub + from * su, su)
        }
        arena.value(jacobian)[0] += logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let lb = arena.value(lower), ub = arena.value(upper), y = arena.value(output)
        let gy = arena.adjoint(output)
        let gJ = arena.adjoint(jacobian)[0]
        let sl = lower.stride, su = upper.stride
        if !u.isConstant && sl == 0 && su == 0 {
            strata_logistic_bound_backward(y + range.lowerBound, gy + range.lowerBound, arena.adjoint(u) + range.lowerBound,
                                           range.count, lb[0], ub[0] - lb[0], gJ)
        } else if !u.isConstant {
            let from = range.lowerBound
            strata_logistic_bounds_backward(y + from, gy + from, arena.adjoint(u) + from, range.count, lb + from * sl, sl,
                                            ub + from * su, su, gJ)
        }
        if !lower.isConstant || !upper.isConstant {
            let gl = arena.adjoint(lower), gu = arena.adjoint(upper)
            for i in range {
                let l = lb[i * sl], h = ub[i * su], w = h - l
                let s = (y[i] - l) / w
                // y = l + (h - l) s ; logJ_i includes log(h - l)
                if !lower.isConstant { gl[i * sl] += gy[i] * (1 - s) - gJ / w }
                if !upper.isConstant { gu[i * su] += gy[i] * s + gJ / w }
            }
        }
    }
}
