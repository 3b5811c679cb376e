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
        let ws = workspace
        ws.z.assign(from: state)
        metric.sampleMomentum(into: &ws.z.momentum, rng: &rng)
        Leapfrog.updateKinetic(&ws.z, metric: metric)

        ws.zForward.assign(from: ws.z); ws.zBackward.assign(from: ws.z)
        ws.zSample.assign(from: ws.z); ws.zPropose.assign(from: ws.z)
        VectorKernels.copy(ws.z.momentum, into: &ws.pFwdFwd)
        VectorKernels.copy(ws.z.momentum, into: &ws.pFwdBck)
        VectorKernels.copy(ws.z.momentum, into: &ws.pBckFwd)
        VectorKernels.copy(ws.z.momentum, into: &ws.pBckBck)
        VectorKernels.copy(ws.z.momentum, into: &ws.rho)
        VectorKernels.copy(ws.z.velocity, into: &ws.pSharpFwdFwd)
        VectorKernels.copy(ws.z.velocity, into: &ws.pSharpFwdBck)
        VectorKernels.copy(ws.z.velocity, into: &ws.pSharpBckFwd)
        VectorKernels.copy(ws.z.velocity, into: &ws.pSharpBckBck)

        let h0 = ws.z.hamiltonian
        var logSumWeight = 0.0  // log(exp(H0 - H0))
        var tree = Trajectory(metric: metric, evaluator: evaluator, workspace: ws, epsilon: stepSize,
                              initialEnergy: h0, maxEnergyError: maxEnergyError)
        var depth = 0
        while depth < maxDepth {
            VectorKernels.zero(&ws.rhoFwd)
            VectorKernels.zero(&ws.rhoBck)
            var logWeightSubtree = -Double.infinity
            let valid: Bool
            if rng.uniform() > 0.5 {
                // Extend forward: the old tree becomes the backward subtree.
                ws.z.assign(from: ws.zForward)
                VectorKernels.copy(ws.rho, into: &ws.rhoBck)
                VectorKernels.copy(ws.pFwdFwd, into: &ws.pBckFwd)
                VectorKernels.copy(ws.pSharpFwdFwd, into: &ws.pSharpBckFwd)
                valid = try tree.build(depth: depth, sign: 1, propose: &ws.zPropose,
                                       pSharpBeg: &ws.pSharpFwdBck, pSharpEnd: &ws.pSharpFwdFwd, rho: &ws.rhoFwd,
                                       pBeg: &ws.pFwdBck, pEnd: &ws.pFwdFwd, logSumWeight: &logWeightSubtree,
                                       rng: &rng)
                ws.zForward.assign(from: ws.z)
            } else {
                // Extend backward: the old tree becomes the forward subtree.
                ws.z.assign(from: ws.zBackward)
                VectorKernels.copy(ws.rho, into: &ws.rhoFwd)
                VectorKernels.copy(ws.pBckBck, into: &ws.pFwdBck)
                VectorKernels.copy(ws.pSharpBckBck, into: &ws.pSharpFwdBck)
                valid = try tree.build(depth: depth, sign: -1, propose: &ws.zPropose,
                                       pSharpBeg: &ws.pSharpBckFwd, pSharpEnd: &ws.pSharpBckBck, rho: &ws.rhoBck,
                                       pBeg: &ws.pBckFwd, pEnd: &ws.pBckBck, logSumWeight: &logWeightSubtree,
                                       rng: &rng)
                ws.zBackward.assign(from: ws.z)
            }
            if !valid { break }
            depth += 1

            if MultinomialSelection.acceptsBiased(newLogWeight: logWeightSubtree, oldLogWeight: logSumWeight,
                                                  rng: &rng) {
                ws.zSample.assign(from: ws.zPropose)
            }
            logSumWeight = MultinomialSelection.logSumExp(logSumWeight, logWeightSubtree)

            VectorKernels.sum(ws.rhoBck, ws.rhoFwd, into: &ws.rho)
            var persists = UTurnCriterion.persists(pSharpMinus: ws.pSharpBckBck, pSharpPlus: ws.pSharpFwdFwd,
                                                   rho: ws.rho)
            VectorKernels.sum(ws.rhoBck, ws.pFwdBck, into: &ws.rhoExtended)
            persists = persists && UTurnCriterion.persists(
                pSharpMinus: ws.pSharpBckBck, pSharpPlus: ws.pSharpFwdBck, rho: ws.rhoExtended)
            VectorKernels.sum(ws.rhoFwd, ws.pBckFwd, into: &ws.rhoExtended)
            persists = persists && UTurnCriterion.persists(
                pSharpMinus: ws.pSharpBckFwd, pSharpPlus: ws.pSharpFwdFwd, rho: ws.rhoExtended)
            if !persists { break }
        }

        state.assign(from: ws.zSample)
        let energy = state.hamiltonian
        return TransitionInfo(
            logDensity: state.logDensity,
            acceptStat: tree.leapfrogCount > 0 ? tree.sumMetropolis / Double(tree.leapfrogCount) : 0,
            stepSize: stepSize, treeDepth: depth, leapfrogCount: tree.leapfrogCount,
            isDivergent: tree.isDivergent, energy: energy, energyError: energy - h0)
    }
}
