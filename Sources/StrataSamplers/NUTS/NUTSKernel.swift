// One NUTS transition (Stan's base_nuts::transition) generic over the metric.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The No-U-Turn sampler transition of Stan's `base_nuts` (Hoffman & Gelman 2014, with the
/// multinomial sampling and generalised no-U-turn criterion of Betancourt 2017, appendix A).
///
/// Each transition draws a momentum, then doubles the trajectory in a random direction until the
/// criterion fails (over the whole tree and across the junction of its two halves), a subtree
/// diverges, or `maxDepth` doublings are reached. The next state is chosen by biased progressive
/// sampling between the old tree and each new subtree. Generic over `M`, with all buffers in a
/// per-chain ``NUTSWorkspace``, so the leapfrog loop has no existentials and no allocation.
public struct NUTSKernel<M: Metric> {
    /// The metric (adapted during warmup).
    public var metric: M
    /// The leapfrog step size ε.
    public var stepSize: Double
    /// Maximum number of trajectory doublings (Stan's `max_depth`, default 10).
    public let maxDepth: Int
    /// Energy error above which a leapfrog step is divergent (Stan's `max_deltaH`, 1000).
    public var maxEnergyError: Double
    /// The per-chain buffers.
    public let workspace: NUTSWorkspace

    /// Creates a kernel with its own workspace.
    /// - Parameters:
    ///   - metric: the Euclidean metric.
    ///   - stepSize: the leapfrog step size.
    ///   - maxDepth: maximum tree depth.
    ///   - maxEnergyError: divergence threshold on `H - H0`.
    public init(metric: M, stepSize: Double, maxDepth: Int = SamplerDefaults.maxDepth,
                maxEnergyError: Double = SamplerDefaults.maxEnergyError) {
        self.metric = metric
        self.stepSize = stepSize
        self.maxDepth = maxDepth
        self.maxEnergyError = maxEnergyError
        workspace = NUTSWorkspace(dimension: metric.dimension, maxDepth: maxDepth)
    }

    /// Performs one transition from `state`, replacing it by the selected point.
    ///
    /// - Parameters:
    ///   - state: the current point; its `position`, `logDensity` and `gradient` must be valid.
    ///     On return it holds the selected point (with its momentum and energies).
    ///   - evaluator: the chain's log-density evaluator.
    ///   - rng: the chain's random stream.
    /// - Returns: the transition statistics.
    /// - Throws: only fatal model errors; recoverable errors and non-finite values are divergences.
    public mutating func transition<E: LogDensityEvaluator>(
        _ state: inout PhasePoint, evaluator: E, rng: inout ChainRNG
    ) throws -> TransitionInfo {
        // Borrow the workspace's array-backed moving point for the duration of the transition.
        var z = PhasePoint(dimension: 0)
        swap(&z, &workspace.z)
        defer { swap(&z, &workspace.z) }
        let b = workspace.buffers

        z.assign(from: state)
        metric.sampleMomentum(into: &z.momentum, rng: &rng)
        Leapfrog.updateKinetic(&z, metric: metric)
        b.zForward.assign(z)
        b.zBackward.assign(b.zForward); b.zSample.assign(b.zForward); b.zPropose.assign(b.zForward)
        b.pFwdFwd.assign(z.momentum); b.pFwdBck.assign(b.pFwdFwd)
        b.pBckFwd.assign(b.pFwdFwd); b.pBckBck.assign(b.pFwdFwd); b.rho.assign(b.pFwdFwd)
        b.pSharpFwdFwd.assign(z.velocity); b.pSharpFwdBck.assign(b.pSharpFwdFwd)
        b.pSharpBckFwd.assign(b.pSharpFwdFwd); b.pSharpBckBck.assign(b.pSharpFwdFwd)

        let h0 = z.hamiltonian
        var logSumWeight = 0.0  // log(exp(H0 - H0))
        var tree = Trajectory(metric: metric, evaluator: evaluator, buffers: b, epsilon: stepSize,
                              initialEnergy: h0, maxEnergyError: maxEnergyError)
        var depth = 0
        while depth < maxDepth {
            b.rhoFwd.zero()
            b.rhoBck.zero()
            var logWeightSubtree = -Double.infinity
            let valid: Bool
            if rng.uniform() > 0.5 {
                // Extend forward: the old tree becomes the backward subtree.
                b.zForward.write(into: &z)
                b.rhoBck.assign(b.rho)
                b.pBckFwd.assign(b.pFwdFwd)
                b.pSharpBckFwd.assign(b.pSharpFwdFwd)
                valid = try tree.build(depth: depth, sign: 1, z: &z, propose: b.zPropose,
                                       pSharpBeg: b.pSharpFwdBck, pSharpEnd: b.pSharpFwdFwd, rho: b.rhoFwd,
                                       pBeg: b.pFwdBck, pEnd: b.pFwdFwd, logSumWeight: &logWeightSubtree, rng: &rng)
                b.zForward.assign(z)
            } else {
                // Extend backward: the old tree becomes the forward subtree.
                b.zBackward.write(into: &z)
                b.rhoFwd.assign(b.rho)
                b.pFwdBck.assign(b.pBckBck)
                b.pSharpFwdBck.assign(b.pSharpBckBck)
                valid = try tree.build(depth: depth, sign: -1, z: &z, propose: b.zPropose,
                                       pSharpBeg: b.pSharpBckFwd, pSharpEnd: b.pSharpBckBck, rho: b.rhoBck,
                                       pBeg: b.pBckFwd, pEnd: b.pBckBck, logSumWeight: &logWeightSubtree, rng: &rng)
                b.zBackward.assign(z)
            }
            if !valid { break }
            depth += 1

            if MultinomialSelection.acceptsBiased(newLogWeight: logWeightSubtree, oldLogWeight: logSumWeight,
                                                  rng: &rng) {
                b.zSample.assign(b.zPropose)
            }
            logSumWeight = MultinomialSelection.logSumExp(logSumWeight, logWeightSubtree)

            b.rho.assignSum(b.rhoBck, b.rhoFwd)
            var persists = UTurnCriterion.persists(pSharpMinus: b.pSharpBckBck, pSharpPlus: b.pSharpFwdFwd, rho: b.rho)
            b.rhoExtended.assignSum(b.rhoBck, b.pFwdBck)
            persists = persists && UTurnCriterion.persists(
                pSharpMinus: b.pSharpBckBck, pSharpPlus: b.pSharpFwdBck, rho: b.rhoExtended)
            b.rhoExtended.assignSum(b.rhoFwd, b.pBckFwd)
            persists = persists && UTurnCriterion.persists(
                pSharpMinus: b.pSharpBckFwd, pSharpPlus: b.pSharpFwdFwd, rho: b.rhoExtended)
            if !persists { break }
        }

        b.zSample.write(into: &state)
        let energy = state.hamiltonian
        return TransitionInfo(
            logDensity: state.logDensity,
            acceptStat: tree.leapfrogCount > 0 ? tree.sumMetropolis / Double(tree.leapfrogCount) : 0,
            stepSize: stepSize, treeDepth: depth, leapfrogCount: tree.leapfrogCount,
            isDivergent: tree.isDivergent, energy: energy, energyError: energy - h0)
    }
}
