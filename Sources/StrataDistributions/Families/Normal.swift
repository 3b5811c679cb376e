// The normal distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
import CStrataKernels
import StrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// log N(y | μ, σ) summed over broadcast elements:
/// Σ −½((y−μ)/σ)² − log σ − ½ log 2π. With `propto` (Stan's `~`), the −½ log 2π term is
/// dropped, and −log σ too when σ is data.
public struct NormalLpdfOp: ScalarNormalDensityNode, LocationLikelihood {
    public let y: Slot, mu: Slot, sigma: Slot
    public let output: Slot
    public let count: Int
    public let propto: Bool
    /// 1 / σ and log σ precomputed when σ is a data vector (nil otherwise): no division or log per element.
    public var inverseSigma: Slot? = nil, logSigmaData: Slot? = nil
    public var inputs: [Slot] { [y, mu, sigma] }
    public var tiling: Tiling { .reduction(count: count) }
    public var tileFusable: Bool { true }
    /// Set when y, μ and σ are each one scalar (e.g. a `~` statement inside a recursion).
    public var scalarNormalArguments: ScalarNormalArguments? { ScalarNormalArguments(y: y, mu: mu, sigma: sigma, propto: propto) }
    public var usesSlotAccessors: Bool { true }

    public var location: Slot { mu }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        if let scalar = scalarNormalArguments {
            arena.value(output)[0] += try ScalarNormal.logDensity(arena.values, scalar)
            return
        }
        try forward(arena, range: range, location: arena.value(mu))
    }

    public func forward(_ arena: Arena, range: Range<Int>, location pm: UnsafePointer<Double>) throws {
        let py = arena.value(y), ps = arena.value(sigma)
        let sy = y.stride, sm = mu.stride, ss = sigma.stride
        var quad = 0.0
        if !sigma.isConstant {
            for i in (ss == 0 ? 0..<1 : range) where !(ps[i * ss] > 0) || !ps[i * ss].isFinite {
                throw DistributionArguments.domainError("normal", "scale", ps[i * ss], "positive and finite")
            }
        }
        if sy == 1 && sm == 1 && ss == 0 {
            // One scale for all elements: one division, then multiplications and a vectorised sum.
            let lo = range.lowerBound
            quad = strata_normal_quad_scalar(py + lo, pm + lo, 1 / ps[0], range.count)
        } else if sy == 1 && sm == 1, let inv = inverseSigma {
            let lo = range.lowerBound
            quad = strata_normal_quad_scaled(py + lo, pm + lo, arena.value(inv) + lo, range.count)
        } else if sy == 1 && sm == 1 && ss == 1 {
            let lo = range.lowerBound
            quad = strata_normal_quad(py + lo, pm + lo, ps + lo, range.count)
        } else if sy == 1 && sm == 0 && ss == 0 {
            // One location and one scale (`theta ~ normal(mu, tau)`): the general loop's operations, in its order,
            // without its strided addressing.
            let m = pm[0], s = ps[0]
            for i in range {
                let z = (py[i] - m) / s
                quad += z * z
            }
        } else {
            for i in range {
                let z = (py[i * sy] - pm[i * sm]) / ps[i * ss]
                quad += z * z
            }
        }
        addLogDensity(arena, range: range, quad: quad)
    }

    /// Adds the range's log density to the output given Σ z² over it: −½ Σ z² − Σ log σ (unless dropped) − n ½ log 2π
    /// (unless `propto`).
    private func addLogDensity(_ arena: Arena, range: Range<Int>, quad: Double) {
        var logSigma = 0.0
        if !propto || !sigma.isConstant {
            let ps = arena.value(sigma)
            if sigma.stride == 0 { logSigma = Double(range.count) * Glibc.log(ps[0]) }
            else if let logs = logSigmaData { logSigma = ElementwiseKernels.sum(arena.value(logs), range: range) }
            else { for i in range { logSigma += Glibc.log(ps[i]) } }
        }
        var lp = -0.5 * quad - logSigma
        if !propto { lp -= Double(range.count) * 0.9189385332046727 }
        arena.value(output)[0] += lp
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        if let scalar = scalarNormalArguments {
            ScalarNormal.addGradient(arena.values, arena.adjoints, scalar, g: g)
            return
        }
        backward(arena, range: range, location: arena.value(mu), adjoint: mu.isConstant ? nil : arena.adjoint(mu))
    }

    public func backward(_ arena: Arena, range: Range<Int>, location: UnsafePointer<Double>,
                         locationAdjoint: UnsafeMutablePointer<Double>) {
        backward(arena, range: range, location: location, adjoint: locationAdjoint)
    }

    /// With a vector outcome and one scale, the quadratic form and the location's adjoints come from one pass
    /// (the same sums as the separate sweeps, bit for bit); otherwise the two sweeps in turn.
    public func forwardThenBackward(_ arena: Arena, range: Range<Int>, location pm: UnsafePointer<Double>,
                                    locationAdjoint gm: UnsafeMutablePointer<Double>) throws {
        guard y.stride == 1 && mu.stride == 1 && sigma.stride == 0 && inverseSigma == nil else {
            try forward(arena, range: range, location: pm)
            backward(arena, range: range, location: pm, adjoint: gm)
            return
        }
        let py = arena.value(y), ps = arena.value(sigma), sigmaValue = ps[0]
        if !sigma.isConstant && (!(sigmaValue > 0) || !sigmaValue.isFinite) {
            throw DistributionArguments.domainError("normal", "scale", sigmaValue, "positive and finite")
        }
        let lo = range.lowerBound, inv = 1 / sigmaValue, g = arena.adjoint(output)[0]
        let quad = strata_normal_backward_scalar(py + lo, pm + lo, inv, range.count, g,
                                                 y.isConstant ? nil : arena.adjoint(y) + lo, gm + lo)
        finishGaussian(arena, range: range, quad: quad)
    }

    /// A data outcome vector and one scale (no precomputed reciprocals): the form, the scale checked.
    public func gaussianForm(_ arena: Arena) throws -> GaussianLocationForm? {
        guard y.stride == 1 && y.isConstant && mu.stride == 1 && sigma.stride == 0 && inverseSigma == nil else {
            return nil
        }
        let sigmaValue = arena.value(sigma)[0]
        if !sigma.isConstant && (!(sigmaValue > 0) || !sigmaValue.isFinite) {
            throw DistributionArguments.domainError("normal", "scale", sigmaValue, "positive and finite")
        }
        let inv = 1 / sigmaValue
        return GaussianLocationForm(outcome: UnsafePointer(arena.value(y)), inverseScale: inv,
                                    adjointScale: arena.adjoint(output)[0] * inv)
    }

    /// A data outcome vector and data scales with precomputed reciprocals: the form.
    public func scaledGaussianForm(_ arena: Arena) -> ScaledGaussianLocationForm? {
        guard y.stride == 1 && y.isConstant && mu.stride == 1, let inv = inverseSigma else { return nil }
        return ScaledGaussianLocationForm(outcome: UnsafePointer(arena.value(y)), inverseScales: UnsafePointer(arena.value(inv)),
                                          outputAdjoint: arena.adjoint(output)[0])
    }

    /// The range's log density from Σ z² (a log density without gradient).
    public func addGaussianLogDensity(_ arena: Arena, range: Range<Int>, quad: Double) {
        addLogDensity(arena, range: range, quad: quad)
    }

    /// The range's log density from Σ z² and, for one scale that is a parameter, σ's adjoint
    /// (d/dσ Σ(−½z² − log σ) = Σ(z² − 1)/σ).
    public func finishGaussian(_ arena: Arena, range: Range<Int>, quad: Double) {
        addLogDensity(arena, range: range, quad: quad)
        if !sigma.isConstant {
            let inv = 1 / arena.value(sigma)[0], g = arena.adjoint(output)[0]
            arena.adjoint(sigma)[0] += g * (quad - Double(range.count)) * inv
        }
    }

    /// The reverse sweep with the location's values at `pm` and its adjoints at `gm` (nil: no adjoint).
    private func backward(_ arena: Arena, range: Range<Int>, location pm: UnsafePointer<Double>,
                          adjoint gm: UnsafeMutablePointer<Double>?) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), ps = arena.value(sigma)
        let sy = y.stride, sm = mu.stride, ss = sigma.stride
        let gy = arena.adjoint(y), gs = arena.adjoint(sigma)
        let dy = !y.isConstant, dm = gm != nil, ds = !sigma.isConstant
        if sy == 1 && sm == 1 && ss == 0 {
            let lo = range.lowerBound, inv = 1 / ps[0]
            let quad = strata_normal_backward_scalar(py + lo, pm + lo, inv, range.count, g,
                                                     dy ? gy + lo : nil, dm ? gm! + lo : nil)
            // d/dσ Σ(−½z² − log σ) = Σ(z² − 1)/σ, summed once for the range.
            if ds { gs[0] += g * (quad - Double(range.count)) * inv }
            return
        }
        if sy == 1 && sm == 1, let inv = inverseSigma {
            let lo = range.lowerBound
            strata_normal_backward_scaled(py + lo, pm + lo, arena.value(inv) + lo, range.count, g,
                                          dy ? gy + lo : nil, dm ? gm! + lo : nil)
            return
        }
        if sy == 1 && sm == 1 && ss == 1 {
            let lo = range.lowerBound
            strata_normal_backward(py + lo, pm + lo, ps + lo, range.count, g,
                                   dy ? gy + lo : nil, dm ? gm! + lo : nil, ds ? gs + lo : nil)
            return
        }
        if sy == 1 && sm == 0 && ss == 0 {
            // One location and one scale: the loop below with 1/σ computed once (the same value each time).
            let inv = 1 / ps[0], m = pm[0]
            for i in range {
                let z = (py[i] - m) * inv
                let dzdm = g * z * inv
                if dy { gy[i] -= dzdm }
                if let gm { gm[0] += dzdm }
                if ds { gs[0] += g * (z * z - 1) * inv }
            }
            return
        }
        for i in range {
            let inv = 1 / ps[i * ss]
            let z = (py[i * sy] - pm[i * sm]) * inv
            let dzdm = g * z * inv
            if dy { gy[i * sy] -= dzdm }
            if let gm { gm[i * sm] += dzdm }
            if ds { gs[i * ss] += g * (z * z - 1) * inv }
        }
    }
}

public extension Graph {
    /// Σ log N(y | μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func normalLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let n = DistributionArguments.count([y, mu, sigma], family: "normal", graph: self)
        DistributionArguments.checkConstant(sigma, family: "normal", argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(y, family: "normal", argument: "random variable", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(mu, family: "normal", argument: "location", requirement: "finite") { $0.isFinite }
        if propto && y.isConstant && mu.isConstant && sigma.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: y.isConstant && mu.isConstant && sigma.isConstant)
        var op = NormalLpdfOp(y: y.slot, mu: mu.slot, sigma: sigma.slot, output: out, count: n, propto: propto)
        if sigma.isConstant && sigma.count > 1 && !out.isConstant {
            let s = Array(initialValues[sigma.slot.offset..<(sigma.slot.offset + sigma.count)])
            op.inverseSigma = constant(s.map { 1 / $0 }).slot
            if !propto { op.logSigmaData = constant(s.map { Glibc.log($0) }).slot }
        }
        return record(op)
    }
}
