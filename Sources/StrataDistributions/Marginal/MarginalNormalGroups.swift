// Normal random effects integrated out of a normal likelihood: per group, a rank-one-plus-diagonal Gaussian in linear time.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Σ_j log ∫ N(θ_j | m_j, τ_j) Π_{n: g(n)=j} N(y_n | a_n θ_j + b_n, s_n) dθ_j over groups j.
///
/// Each group's observations are jointly normal with covariance diag(s²) + τ² a aᵀ, so by the
/// matrix determinant lemma and Sherman–Morrison, with r = y − b − a m and sums over the group
/// S_aa = Σ a²/s², S_ar = Σ a r/s², S_rr = Σ r²/s², c = 1 + τ² S_aa, the group contributes
/// −Σ log s − (n/2) log 2π − ½ log c − ½ S_rr + ½ τ² S_ar²/c: linear time, no matrix. One group
/// per element of the integrated-out parameter; a group with no observation contributes 0.
/// The sums live in `workspace` (3 per group), which ``MarginalNormalGroupsConditional`` reads.
public struct MarginalNormalGroupsLpdfOp: GraphOperation {
    public let y: Slot, a: Slot, b: Slot, s: Slot
    public let priorMean: Slot, priorScale: Slot
    /// Group (element of θ, 0-based) of each observation.
    public let group: [Int]
    public let groups: Int
    public let workspace: Slot
    public let output: Slot
    public var inputs: [Slot] { [y, a, b, s, priorMean, priorScale] }
    public var tiling: Tiling { .whole }

    @inline(__always) private func observation(_ arena: Arena, _ n: Int) -> (y: Double, a: Double, b: Double, s: Double) {
        (arena.value(y)[n * y.stride], arena.value(a)[n * a.stride], arena.value(b)[n * b.stride], arena.value(s)[n * s.stride])
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let w = arena.value(workspace)
        w.update(repeating: 0, count: 3 * groups)
        let pm = arena.value(priorMean), ps = arena.value(priorScale)
        var logScales = 0.0
        if s.stride == 0 {
            let sv = arena.value(s)[0]
            guard sv > 0 && sv.isFinite else { throw DistributionArguments.domainError("normal", "scale", sv, "positive and finite") }
            logScales = Double(group.count) * log(sv)
        }
        for n in 0..<group.count {
            let (yv, av, bv, sv) = observation(arena, n)
            if s.stride != 0 {
                guard sv > 0 && sv.isFinite else { throw DistributionArguments.domainError("normal", "scale", sv, "positive and finite") }
                logScales += log(sv)
            }
            let j = group[n]
            let r = yv - bv - av * pm[j * priorMean.stride]
            let inv = 1 / (sv * sv)
            w[j] += av * av * inv
            w[groups + j] += av * r * inv
            w[2 * groups + j] += r * r * inv
        }
        var lp = -logScales - Double(group.count) * 0.918_938_533_204_672_7
        for j in 0..<groups {
            let tau = ps[j * priorScale.stride]
            guard tau > 0 && tau.isFinite else { throw DistributionArguments.domainError("normal", "prior scale", tau, "positive and finite") }
            let t2 = tau * tau, saa = w[j], sar = w[groups + j], srr = w[2 * groups + j]
            let c = 1 + t2 * saa
            lp += -0.5 * log(c) - 0.5 * srr + 0.5 * t2 * sar * sar / c
        }
        arena.value(output)[0] = lp
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let w = arena.value(workspace)
        let pm = arena.value(priorMean), ps = arena.value(priorScale)
        let dy = !y.isConstant, da = !a.isConstant, db = !b.isConstant, ds = !s.isConstant, dm = !priorMean.isConstant
        for n in 0..<group.count {
            let (yv, av, bv, sv) = observation(arena, n)
            let j = group[n]
            let m = pm[j * priorMean.stride], tau = ps[j * priorScale.stride]
            let t2 = tau * tau, c = 1 + t2 * w[j], k = t2 * w[groups + j] / c
            let r = yv - bv - av * m
            let inv = 1 / (sv * sv)
            let gr = (k * av - r) * inv                      // ∂lp/∂r
            if dy { arena.adjoint(y)[n * y.stride] += g * gr }
            if db { arena.adjoint(b)[n * b.stride] -= g * gr }
            if da { arena.adjoint(a)[n * a.stride] += g * ((k * r - av * (t2 / c + k * k)) * inv - gr * m) }
            if dm { arena.adjoint(priorMean)[j * priorMean.stride] -= g * gr * av }
            if ds {
                let e = r - k * av
                arena.adjoint(s)[n * s.stride] += g * (-1 / sv + (e * e + av * av * t2 / c) * inv / sv)
            }
        }
        if !priorScale.isConstant {
            for j in 0..<groups {
                let tau = ps[j * priorScale.stride]
                let t2 = tau * tau, saa = w[j], sar = w[groups + j], c = 1 + t2 * saa
                arena.adjoint(priorScale)[j * priorScale.stride] += g * tau * (sar * sar / (c * c) - saa / c)
            }
        }
    }
}

/// The exact conditional of each θ_j in ``MarginalNormalGroupsLpdfOp``: normal with mean
/// m + τ² S_ar/c and variance τ²/c, from the sums the last forward sweep left in the workspace.
public struct MarginalNormalGroupsConditional: ConditionalDraw {
    public let latent: Slot
    public let workspace: Slot
    public let priorMean: Slot, priorScale: Slot
    public let groups: Int

    public func draw(_ arena: Arena, rng: inout ChainRNG) {
        let w = arena.value(workspace), out = arena.value(latent)
        let pm = arena.value(priorMean), ps = arena.value(priorScale)
        for j in 0..<groups {
            let tau = ps[j * priorScale.stride], t2 = tau * tau
            let c = 1 + t2 * w[j]
            out[j] = pm[j * priorMean.stride] + t2 * w[groups + j] / c + (t2 / c).squareRoot() * rng.normal()
        }
    }
}

public extension Graph {
    /// Σ_j log ∫ N(θ_j | m_j, τ_j) Π_{g(n)=j} N(y_n | a_n θ_j + b_n, s_n) dθ_j (see ``MarginalNormalGroupsLpdfOp``),
    /// and the conditional draw of θ into `latent`.
    /// - Parameters:
    ///   - group: 0-based element of θ for each observation (all below `latent.count`).
    ///   - priorMean, priorScale: one value or one per element of θ.
    func marginalNormalGroupsLpdf(y: Expr, a: Expr, b: Expr, s: Expr, group: [Int], priorMean: Expr, priorScale: Expr,
                                  latent: Expr) -> (logDensity: Expr, draw: MarginalNormalGroupsConditional) {
        let groups = latent.count
        for (what, e) in [("outcome", y), ("coefficient", a), ("offset", b), ("scale", s)] where e.count != 1 && e.count != group.count {
            fail("normal: \(what) has \(e.count) elements, the likelihood has \(group.count) observations")
        }
        for (what, e) in [("prior location", priorMean), ("prior scale", priorScale)] where e.count != 1 && e.count != groups {
            fail("normal: \(what) has \(e.count) elements, the parameter has \(groups)")
        }
        if group.contains(where: { $0 < 0 || $0 >= groups }) { fail("normal: group index out of range [1, \(groups)]") }
        DistributionArguments.checkConstant(s, family: "normal", argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(priorScale, family: "normal", argument: "prior scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let workspace = allocate(count: 3 * groups, isConstant: false)
        let out = allocate(count: 1, isConstant: false)
        let lp = record(MarginalNormalGroupsLpdfOp(y: y.slot, a: a.slot, b: b.slot, s: s.slot, priorMean: priorMean.slot,
                                                   priorScale: priorScale.slot, group: group, groups: groups,
                                                   workspace: workspace, output: out))
        let draw = MarginalNormalGroupsConditional(latent: latent.slot, workspace: workspace, priorMean: priorMean.slot,
                                                   priorScale: priorScale.slot, groups: groups)
        return (lp, draw)
    }
}
