// What an L-BFGS run returns, and the per-iteration progress record passed to the callback.

/// The outcome of ``LBFGS/maximize(evaluator:initial:configuration:progress:)``.
public struct LBFGSResult: Sendable {
    /// The final (best) unconstrained point.
    public let x: [Double]
    /// The log density at ``x``.
    public let logDensity: Double
    /// The gradient of the log density at ``x``.
    public let gradient: [Double]
    /// Number of completed iterations (accepted line-search steps).
    public let iterations: Int
    /// Number of log-density-and-gradient evaluations, including the initial point and rejected
    /// (infeasible) trial points, as Stan's `grad_evals()` counts them.
    public let evaluations: Int
    /// Why the run stopped.
    public let termination: LBFGSTermination

    /// Creates a result (normally only the optimiser does this).
    public init(x: [Double], logDensity: Double, gradient: [Double], iterations: Int, evaluations: Int,
                termination: LBFGSTermination) {
        self.x = x
        self.logDensity = logDensity
        self.gradient = gradient
        self.iterations = iterations
        self.evaluations = evaluations
        self.termination = termination
    }

    /// Whether one of the convergence tests stopped the run.
    public var converged: Bool { termination.isConvergence }

    /// Euclidean norm of ``gradient``.
    public var gradientNorm: Double { gradient.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

/// One line of progress, reported after every iteration (the columns Stan prints:
/// `Iter log prob ||dx|| ||grad|| alpha alpha0 # evals`).
public struct LBFGSProgress: Sendable, Equatable {
    /// Iteration number, starting at 1.
    public let iteration: Int
    /// Log density at the new point.
    public let logDensity: Double
    /// Step length accepted by the line search (`alpha`), along the search direction.
    public let stepSize: Double
    /// Step length the line search started from (`alpha0`).
    public let initialStepSize: Double
    /// Euclidean norm of the parameter change (`||dx||`).
    public let parameterChangeNorm: Double
    /// Euclidean norm of the gradient at the new point (`||grad||`).
    public let gradientNorm: Double
    /// Total evaluations so far.
    public let evaluations: Int
    /// Whether the line search along the quasi-Newton direction failed and this iteration was
    /// redone along the gradient with the history dropped (Stan's note "LS failed, Hessian reset").
    public let hessianReset: Bool
    /// The reason the run stops after this iteration, or nil if it continues.
    public let termination: LBFGSTermination?

    /// Creates a progress record (normally only the optimiser does this).
    public init(iteration: Int, logDensity: Double, stepSize: Double, initialStepSize: Double,
                parameterChangeNorm: Double, gradientNorm: Double, evaluations: Int, hessianReset: Bool,
                termination: LBFGSTermination?) {
        self.iteration = iteration
        self.logDensity = logDensity
        self.stepSize = stepSize
        self.initialStepSize = initialStepSize
        self.parameterChangeNorm = parameterChangeNorm
        self.gradientNorm = gradientNorm
        self.evaluations = evaluations
        self.hessianReset = hessianReset
        self.termination = termination
    }
}
