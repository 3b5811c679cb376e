// Recursive subtree construction of Stan's base_nuts::build_tree, on preallocated buffers.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds NUTS subtrees for one transition (Stan's `base_nuts::build_tree`, Stan ≥ 2.26).
///
/// A leaf takes one leapfrog step from the moving point `z`, flags a divergence when
/// `H - H0 > maxEnergyError`, and accumulates the multinomial weight `exp(H0 - H)` and the
/// Metropolis acceptance `min(1, exp(H0 - H))`. An internal node builds two half subtrees,
/// samples between them uniformly (multinomially), and checks the no-U-turn criterion over the
/// merged subtree and across the junction of its halves (the extra checks added in Stan 2.26).
@usableFromInline
struct Trajectory<M: Metric, E: LogDensityEvaluator> {
    @usableFromInline let metric: M
    @usableFromInline let evaluator: E
    @usableFromInline let buffers: TrajectoryBuffers
    @usableFromInline let epsilon: Double
    @usableFromInline let initialEnergy: Double
    @usableFromInline let maxEnergyError: Double
    @usableFromInline var leapfrogCount = 0
    @usableFromInline var sumMetropolis = 0.0
    @usableFromInline var isDivergent = false

    @inlinable
    init(metric: M, evaluator: E, buffers: TrajectoryBuffers, epsilon: Double, initialEnergy: Double,
         maxEnergyError: Double) {
        self.metric = metric; self.evaluator = evaluator; self.buffers = buffers
        self.epsilon = epsilon; self.initialEnergy = initialEnergy; self.maxEnergyError = maxEnergyError
    }

    /// Builds a subtree of `2^depth` leapfrog steps in direction `sign` from `z`.
    ///
    /// - Parameters:
    ///   - z: the moving point, advanced by every leaf.
    ///   - propose: receives the subtree's multinomial proposal.
    ///   - pSharpBeg, pSharpEnd, pBeg, pEnd: receive velocity and momentum at the subtree's first and
    ///     last points (in integration order).
    ///   - rho: the subtree's summed momentum is added into it.
    ///   - logSumWeight: the subtree's log weight is log-sum-exp'ed into it.
    /// - Returns: false when the subtree diverged or turned back on itself.
    @inlinable
    mutating func build(
        depth: Int, sign: Double, z: inout PhasePoint, propose: PointSlot,
        pSharpBeg: RawVector, pSharpEnd: RawVector, rho: RawVector, pBeg: RawVector, pEnd: RawVector,
        logSumWeight: inout Double, rng: inout ChainRNG
    ) throws -> Bool {
        if depth == 0 {
            try Leapfrog.step(&z, epsilon: sign * epsilon, metric: metric, evaluator: evaluator)
            leapfrogCount += 1
            let h = z.hamiltonian
            if h - initialEnergy > maxEnergyError { isDivergent = true }
            let logWeight = initialEnergy - h
            logSumWeight = MultinomialSelection.logSumExp(logSumWeight, logWeight)
            sumMetropolis += logWeight > 0 ? 1 : exp(logWeight)
            propose.assign(z)
            pSharpBeg.assign(z.velocity)
            pSharpEnd.assign(pSharpBeg)
            rho.add(z.momentum)
            pBeg.assign(z.momentum)
            pEnd.assign(pBeg)
            return !isDivergent
        }

        let level = buffers.level(depth)
        var logWeightInit = -Double.infinity
        level.rhoInit.zero()
        guard try build(depth: depth - 1, sign: sign, z: &z, propose: propose,
                        pSharpBeg: pSharpBeg, pSharpEnd: level.pSharpInitEnd, rho: level.rhoInit,
                        pBeg: pBeg, pEnd: level.pInitEnd, logSumWeight: &logWeightInit, rng: &rng)
        else { return false }

        var logWeightFinal = -Double.infinity
        level.rhoFinal.zero()
        guard try build(depth: depth - 1, sign: sign, z: &z, propose: level.proposeFinal,
                        pSharpBeg: level.pSharpFinalBeg, pSharpEnd: pSharpEnd, rho: level.rhoFinal,
                        pBeg: level.pFinalBeg, pEnd: pEnd, logSumWeight: &logWeightFinal, rng: &rng)
        else { return false }

        let logWeightSubtree = MultinomialSelection.logSumExp(logWeightInit, logWeightFinal)
        logSumWeight = MultinomialSelection.logSumExp(logSumWeight, logWeightSubtree)
        if MultinomialSelection.acceptsUniform(finalLogWeight: logWeightFinal, mergedLogWeight: logWeightSubtree,
                                               rng: &rng) {
            propose.assign(level.proposeFinal)
        }

        level.rhoSubtree.assignSum(level.rhoInit, level.rhoFinal)
        rho.add(level.rhoSubtree)
        // Criterion over the merged subtree.
        var persists = UTurnCriterion.persists(pSharpMinus: pSharpBeg, pSharpPlus: pSharpEnd, rho: level.rhoSubtree)
        // Criteria across the junction: initial half plus the first point of the final half ...
        level.rhoSubtree.assignSum(level.rhoInit, level.pFinalBeg)
        persists = persists && UTurnCriterion.persists(
            pSharpMinus: pSharpBeg, pSharpPlus: level.pSharpFinalBeg, rho: level.rhoSubtree)
        // ... and the final half plus the last point of the initial half.
        level.rhoSubtree.assignSum(level.rhoFinal, level.pInitEnd)
        persists = persists && UTurnCriterion.persists(
            pSharpMinus: level.pSharpInitEnd, pSharpPlus: pSharpEnd, rho: level.rhoSubtree)
        return persists
    }
}
