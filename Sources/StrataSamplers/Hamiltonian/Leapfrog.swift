// The explicit leapfrog integrator and potential evaluation (failed evaluations become -inf density).
import StrataCore

/// The explicit leapfrog (velocity Verlet) integrator of Stan's `expl_leapfrog`, plus the
/// potential/kinetic energy updates it relies on.
///
/// A recoverable ``LogDensityError`` or a non-finite log density sets the point's log density to
/// `-infinity`, so its Hamiltonian is `+infinity` and the tree builder marks it divergent (Stan
/// catches `std::domain_error` the same way). Fatal errors are rethrown.
public enum Leapfrog {
    /// Evaluates log density and gradient at `point.position` into `point`.
    /// - Throws: a fatal ``LogDensityError`` (``LogDensityError/invalidModel(_:)``) or any non-model error.
    @inlinable
    public static func evaluatePotential<E: LogDensityEvaluator>(_ point: inout PhasePoint, evaluator: E) throws {
        do {
            let lp = try evaluator.logDensityAndGradient(at: point.position, gradient: &point.gradient)
            point.logDensity = lp.isFinite ? lp : -.infinity
        } catch let error as LogDensityError where error.isRecoverable {
            point.logDensity = -.infinity
        }
    }

    /// Recomputes `point.velocity` and `point.kineticEnergy` from `point.momentum`.
    @inlinable
    public static func updateKinetic<M: Metric>(_ point: inout PhasePoint, metric: M) {
        metric.velocity(of: point.momentum, into: &point.velocity)
        point.kineticEnergy = metric.kineticEnergy(momentum: point.momentum, velocity: point.velocity)
    }

    /// One leapfrog step of size `epsilon` (negative to integrate backwards):
    /// half momentum step, full position step, gradient, half momentum step.
    /// One gradient evaluation; O(d) work for unit/diagonal metrics and no allocation.
    /// - Throws: only fatal model errors (see ``evaluatePotential(_:evaluator:)``).
    @inlinable
    public static func step<M: Metric, E: LogDensityEvaluator>(
        _ point: inout PhasePoint, epsilon: Double, metric: M, evaluator: E
    ) throws {
        let half = 0.5 * epsilon
        VectorKernels.axpy(half, point.gradient, &point.momentum)
        metric.velocity(of: point.momentum, into: &point.velocity)
        VectorKernels.axpy(epsilon, point.velocity, &point.position)
        try evaluatePotential(&point, evaluator: evaluator)
        VectorKernels.axpy(half, point.gradient, &point.momentum)
        updateKinetic(&point, metric: metric)
    }
}
