// Finds a chain's starting point: user-supplied or uniform(-R, R) inits with finite density and gradient.
import StrataCore

/// Chooses the initial unconstrained point of a chain, as Stan's `services::util::initialize`.
enum ChainInitializer {
    /// Returns a point whose log density and gradient are finite; `chain` is the run-wide chain index.
    ///
    /// A user-supplied point is tried once. Otherwise up to ``SamplerDefaults/maxInitAttempts``
    /// points are drawn uniformly from `(-radius, radius)^d` (a single attempt at the origin when
    /// the radius is 0).
    /// - Throws: ``SamplerError/initializationFailed(chain:message:)`` naming the chain, or
    ///   ``SamplerError/chainFailed(chain:message:)`` on a fatal model error.
    static func initialPoint<E: LogDensityEvaluator>(
        evaluator: E, chain: Int, configuration: SamplerConfiguration, rng: inout ChainRNG
    ) throws -> PhasePoint {
        let d = evaluator.dimension
        var point = PhasePoint(dimension: d)
        let user = configuration.initialPoint(forChain: chain - configuration.firstChain)
        let radius = configuration.initRadius
        let attempts = user != nil || radius == 0 ? 1 : SamplerDefaults.maxInitAttempts
        var lastProblem = "log density or gradient not finite"
        for _ in 0..<attempts {
            if let user {
                VectorKernels.copy(user, into: &point.position)
            } else {
                for i in 0..<d { point.position[i] = radius == 0 ? 0 : rng.uniform(-radius, radius) }
            }
            do {
                let lp = try evaluator.logDensityAndGradient(at: point.position, gradient: &point.gradient)
                if !lp.isFinite { lastProblem = "log density is \(lp)"; continue }
                if !VectorKernels.allFinite(point.gradient) { lastProblem = "gradient is not finite"; continue }
                point.logDensity = lp
                return point
            } catch let error as LogDensityError where error.isRecoverable {
                lastProblem = error.description
            } catch {
                throw SamplerError.chainFailed(chain: chain, message: "\(error)")
            }
        }
        let origin = user != nil ? "the supplied initial values" :
            "\(attempts) random inits uniform on (-\(radius), \(radius))"
        throw SamplerError.initializationFailed(
            chain: chain, message: "no finite log density and gradient at \(origin); last problem: \(lastProblem)")
    }
}
