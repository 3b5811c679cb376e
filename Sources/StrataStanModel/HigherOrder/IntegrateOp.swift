// ∫ₐᵇ f(x, xc, θ) dx as one graph node, differentiated under the integral sign.
import StrataAutodiff
import StrataCore

/// The integral of a recorded integrand f(x, xc, θ) (leading inputs x and xc) from a to b. The output slot holds
/// [I, ∂I/∂θ₁…∂I/∂θ_P, ∂I/∂a, ∂I/∂b]: ∂I/∂θ = ∫ ∂f/∂θ dx (integrated on the same nodes as f), ∂I/∂b = f(b),
/// ∂I/∂a = −f(a) (finite ends only; Stan also evaluates the integrand at the ends for these).
struct IntegrateOp: GraphOperation {
    let lower: Slot, upper: Slot, theta: Slot
    let output: Slot
    let integrand: RecordedFunction
    let quadrature: GaussKronrod
    var inputs: [Slot] { [lower, upper, theta] }
    var tiling: Tiling { .whole }

    var parameters: Int { theta.isConstant ? 0 : integrand.parameters }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let p = parameters, all = integrand.parameters
        let theta = Array(UnsafeBufferPointer(start: arena.value(self.theta), count: all))
        let a = arena.value(lower)[0], b = arena.value(upper)[0]
        let evaluation = RecordedFunction.Evaluation(integrand)
        let name = quadrature.name
        let result = try quadrature.integrate(a, b, components: 1 + p) { x, xc in
            if p == 0 { return try evaluation.value([x, xc] + theta) }
            let (value, rows) = try evaluation.jacobian([x, xc] + theta, name: name)
            return value + rows[2..<(2 + p)]
        }
        let out = arena.value(output)
        for k in 0..<(1 + p) { out[k] = result[k] }
        out[1 + p] = 0; out[2 + p] = 0
        if !lower.isConstant && a.isFinite { out[1 + p] = -(try endValue(evaluation, a, theta)) }
        if !upper.isConstant && b.isFinite { out[2 + p] = try endValue(evaluation, b, theta) }
    }

    private func endValue(_ evaluation: RecordedFunction.Evaluation, _ x: Double, _ theta: [Double]) throws -> Double {
        let v = try evaluation.value([x, 0] + theta)[0]
        guard v.isFinite else { throw LogDensityError.nonFinite("\(quadrature.name): the integrand is not finite at the limit \(x)") }
        return v
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let p = parameters, out = arena.value(output), g = arena.adjoint(output)[0]
        if g == 0 { return }
        if p > 0 { let gt = arena.adjoint(theta); for k in 0..<p { gt[k] += g * out[1 + k] } }
        if !lower.isConstant { arena.adjoint(lower)[0] += g * out[1 + p] }
        if !upper.isConstant { arena.adjoint(upper)[0] += g * out[2 + p] }
    }
}

extension Graph {
    /// ∫ from `lower` to `upper` of `integrand` (leading inputs x, xc) at parameters `theta`.
    func integrate(_ integrand: RecordedFunction, lower: Expr, upper: Expr, theta: Expr, quadrature: GaussKronrod) -> Expr {
        let p = theta.isConstant ? 0 : integrand.parameters
        let out = allocate(count: 3 + p, isConstant: lower.isConstant && upper.isConstant && theta.isConstant)
        let full = record(IntegrateOp(lower: lower.slot, upper: upper.slot, theta: theta.slot, output: out, integrand: integrand,
                                      quadrature: quadrature))
        return full[0..<1]
    }
}
