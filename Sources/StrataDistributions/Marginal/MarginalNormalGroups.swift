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
/// The sums live in `workspace` (``sumsPerGroup`` per group, S_aa and S_ar first), which
/// ``MarginalNormalGroupsConditional`` reads. When a and s are broadcast scalars the sweeps run the loops of
/// ``MarginalGroupsBroadcastKernels`` (two sums per observation; the broadcast adjoints from per-group sums);
/// the offset b may be computed in the node from the chain that built it (``AffineInputConsumer``).
public struct MarginalNormalGroupsLpdfOp: GraphOperation, AffineInputConsumer {
    public let y: Slot, a: Slot, b: Slot, s: Slot
    public let priorMean: Slot, priorScale: Slot
    /// Group (element of θ, 0-based) of each observation.
    public let group: [Int]
    public let groups: Int
    /// ``workspaceCount(groups:)`` elements: the sums, then two backward coefficients per group.
    public let workspace: Slot
    public let output: Slot
    /// b as the node reads it: its slot, or the terms of the chain that built it.
    private(set) var offsetForm: MarginalOffset
    /// `group` as 32-bit indices, and one 0 past them (so the buffer is never empty).
    let index: [Int32]
    /// Observations per group, and one 0 past them.
    let counts: [Double]

    /// Workspace elements per group holding sums: S_aa, S_ar, S_rr and Σ r (the broadcast loops' raw sum).
    public static let sumsPerGroup = 4

    /// Workspace elements the node needs for `groups` groups.
    public static func workspaceCount(groups: Int) -> Int { (sumsPerGroup + 2) * groups }

    /// The node over `group.count` observations in `groups` groups (`group[n]` in 0..<groups); `workspace` holds
    /// ``workspaceCount(groups:)`` elements.
    public init(y: Slot, a: Slot, b: Slot, s: Slot, priorMean: Slot, priorScale: Slot, group: [Int], groups: Int,
                workspace: Slot, output: Slot) {
        precondition(workspace.count >= Self.workspaceCount(groups: groups), "workspace too short")
        self.y = y; self.a = a; self.b = b; self.s = s; self.priorMean = priorMean; self.priorScale = priorScale
        self.group = group; self.groups = groups; self.workspace = workspace; self.output = output
        offsetForm = MarginalOffset(slot: b)
        index = group.map { Int32($0) } + [0]
        var counts = [Double](repeating: 0, count: groups + 1)
        for j in group { counts[j] += 1 }
        self.counts = counts
    }

    public var affineInput: Slot { b }
    public var inputs: [Slot] { [y, a] + offsetForm.inputs + [s, priorMean, priorScale] }
    public var tiling: Tiling { .whole }

    public func computingAffineInput(_ terms: [AffineTerm]) -> (any GraphOperation)? {
        guard let form = MarginalOffset(terms: terms, count: group.count) else { return nil }
        var op = self
        op.offsetForm = form
        return op
    }

    /// Whether the broadcast loops apply: a and s broadcast scalars, y a vector.
    private var broadcast: Bool { a.stride == 0 && s.stride == 0 && y.stride == 1 }

    @inline(__always)
    private func view(_ arena: Arena, _ g: UnsafePointer<Int32>, _ counts: UnsafePointer<Double>) -> MarginalGroupsView {
        MarginalGroupsView(y: arena.value(y), a: arena.value(a), s: arena.value(s), priorMean: arena.value(priorMean),
                           priorScale: arena.value(priorScale), strides: (y.stride, a.stride, s.stride, priorMean.stride,
                                                                           priorScale.stride),
                           group: g, counts: counts, count: group.count, groups: groups,
                           offset: offsetForm.resolve(arena), workspace: arena.value(workspace))
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let w = arena.value(workspace)
        w.update(repeating: 0, count: Self.sumsPerGroup * groups)
        if s.stride == 0 {
            let sv = arena.value(s)[0]
            guard sv > 0 && sv.isFinite else { throw DistributionArguments.domainError("normal", "scale", sv, "positive and finite") }
        }
        let logScales = try index.withUnsafeBufferPointer { g in
            try counts.withUnsafeBufferPointer { c in
                let v = view(arena, g.baseAddress!, c.baseAddress!)
                return broadcast ? MarginalGroupsBroadcastKernels.sums(v) : try MarginalGroupsKernels.sums(v)
            }
        }
        let ps = arena.value(priorScale)
        var lp = -logScales - Double(group.count) * 0.918_938_533_204_672_7
        let k = Self.sumsPerGroup
        for j in 0..<groups {
            let tau = ps[j * priorScale.stride]
            guard tau > 0 && tau.isFinite else { throw DistributionArguments.domainError("normal", "prior scale", tau, "positive and finite") }
            let t2 = tau * tau, saa = w[k * j], sar = w[k * j + 1], srr = w[k * j + 2]
            let c = 1 + t2 * saa
            lp += -0.5 * log(c) - 0.5 * srr + 0.5 * t2 * sar * sar / c
        }
        arena.value(output)[0] = lp
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let adjoints = MarginalGroupsAdjoints(
            output: arena.adjoint(output)[0], y: y.isConstant ? nil : arena.adjoint(y),
            a: a.isConstant ? nil : arena.adjoint(a), s: s.isConstant ? nil : arena.adjoint(s),
            priorMean: priorMean.isConstant ? nil : arena.adjoint(priorMean),
            priorScale: priorScale.isConstant ? nil : arena.adjoint(priorScale))
        let sums = index.withUnsafeBufferPointer { g in
            counts.withUnsafeBufferPointer { c in
                let v = view(arena, g.baseAddress!, c.baseAddress!)
                return broadcast ? MarginalGroupsBroadcastKernels.backward(v, adjoints)
                                 : MarginalGroupsKernels.backward(v, adjoints)
            }
        }
        offsetForm.addScalarAdjoints(arena, sum: sums.sum, dots: sums.dots)
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
            let k = MarginalNormalGroupsLpdfOp.sumsPerGroup
            let c = 1 + t2 * w[k * j]
            out[j] = pm[j * priorMean.stride] + t2 * w[k * j + 1] / c + (t2 / c).squareRoot() * rng.normal()
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
        let workspace = allocate(count: MarginalNormalGroupsLpdfOp.workspaceCount(groups: groups), isConstant: false)
        let out = allocate(count: 1, isConstant: false)
        let lp = record(MarginalNormalGroupsLpdfOp(y: y.slot, a: a.slot, b: b.slot, s: s.slot, priorMean: priorMean.slot,
                                                   priorScale: priorScale.slot, group: group, groups: groups,
                                                   workspace: workspace, output: out))
        let draw = MarginalNormalGroupsConditional(latent: latent.slot, workspace: workspace, priorMean: priorMean.slot,
                                                   priorScale: priorScale.slot, groups: groups)
        return (lp, draw)
    }
}
