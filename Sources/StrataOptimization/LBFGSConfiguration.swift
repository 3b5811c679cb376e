// Settings of the L-BFGS optimiser, defaulting to CmdStan's `optimize algorithm=lbfgs` values.

/// Settings for ``LBFGS/maximize(evaluator:initial:configuration:progress:)``.
///
/// The defaults are CmdStan's (`init_alpha=0.001`, `tol_obj=1e-12`, `tol_rel_obj=1e4`, `tol_grad=1e-8`,
/// `tol_rel_grad=1e7`, `tol_param=1e-8`, `history_size=5`, `iter=2000`) and the line-search constants
/// are those of Stan's `LSOptions` (c1 = 1e-4, c2 = 0.9, 20 iterations, 10 restarts). As in Stan, setting
/// a tolerance to zero disables its convergence test.
public struct LBFGSConfiguration: Sendable, Equatable {
    /// Number of (step, gradient change) pairs kept for the inverse Hessian approximation
    /// (CmdStan `history_size`).
    public var historySize: Int
    /// Line-search step size tried on the first iteration, and after the Hessian approximation is
    /// reset, along the raw gradient (CmdStan `init_alpha`).
    public var initialStepSize: Double
    /// Stop when the absolute change of the log density between iterations is below this
    /// (CmdStan `tol_obj`).
    public var objectiveTolerance: Double
    /// Stop when `|lp_i - lp_{i-1}| / max(|lp_i|, |lp_{i-1}|, 1)` is below this many machine epsilons
    /// (CmdStan `tol_rel_obj`).
    public var relativeObjectiveTolerance: Double
    /// Stop when the Euclidean norm of the gradient is below this (CmdStan `tol_grad`).
    public var gradientTolerance: Double
    /// Stop when `g' H^-1 g / max(|lp|, 1)` is below this many machine epsilons, where `H^-1` is the
    /// L-BFGS inverse Hessian approximation (CmdStan `tol_rel_grad`).
    public var relativeGradientTolerance: Double
    /// Stop when the Euclidean norm of the parameter change is below this (CmdStan `tol_param`).
    public var parameterTolerance: Double
    /// Maximum number of iterations (CmdStan `iter`). Zero evaluates the initial point only.
    public var maxIterations: Int
    /// Sufficient-decrease (Armijo) constant c1 of the strong Wolfe conditions.
    public var sufficientDecrease: Double
    /// Curvature constant c2 of the strong Wolfe conditions (`c1 < c2 < 1`).
    public var curvature: Double
    /// Maximum number of feasible trial points in the bracketing phase of one line search.
    public var maxLineSearchIterations: Int
    /// How many times in a row the bracketing phase may halve a step that landed on an
    /// infeasible point (thrown recoverable error or non-finite value) before giving up.
    public var maxLineSearchRestarts: Int

    /// Creates a configuration; every argument defaults to CmdStan's value.
    public init(
        historySize: Int = 5, initialStepSize: Double = 1e-3,
        objectiveTolerance: Double = 1e-12, relativeObjectiveTolerance: Double = 1e4,
        gradientTolerance: Double = 1e-8, relativeGradientTolerance: Double = 1e7,
        parameterTolerance: Double = 1e-8, maxIterations: Int = 2000,
        sufficientDecrease: Double = 1e-4, curvature: Double = 0.9,
        maxLineSearchIterations: Int = 20, maxLineSearchRestarts: Int = 10
    ) {
        self.historySize = historySize
        self.initialStepSize = initialStepSize
        self.objectiveTolerance = objectiveTolerance
        self.relativeObjectiveTolerance = relativeObjectiveTolerance
        self.gradientTolerance = gradientTolerance
        self.relativeGradientTolerance = relativeGradientTolerance
        self.parameterTolerance = parameterTolerance
        self.maxIterations = maxIterations
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxLineSearchIterations = maxLineSearchIterations
        self.maxLineSearchRestarts = maxLineSearchRestarts
    }

    /// Checks every field.
    ///
    /// - Throws: ``LBFGSError/invalidConfiguration(field:message:)`` naming the first bad field.
    public func validate() throws {
        func fail(_ field: String, _ message: String) -> LBFGSError {
            .invalidConfiguration(field: field, message: message)
        }
        if historySize < 1 { throw fail("historySize", "must be at least 1, got \(historySize)") }
        if !(initialStepSize > 0 && initialStepSize.isFinite) {
            throw fail("initialStepSize", "must be positive and finite, got \(initialStepSize)")
        }
        let tolerances: [(String, Double)] = [
            ("objectiveTolerance", objectiveTolerance),
            ("relativeObjectiveTolerance", relativeObjectiveTolerance),
            ("gradientTolerance", gradientTolerance),
            ("relativeGradientTolerance", relativeGradientTolerance),
            ("parameterTolerance", parameterTolerance),
        ]
        for (name, value) in tolerances where !(value >= 0 && value.isFinite) {
            throw fail(name, "must be non-negative and finite, got \(value)")
        }
        if maxIterations < 0 { throw fail("maxIterations", "must be non-negative, got \(maxIterations)") }
        if !(sufficientDecrease > 0 && sufficientDecrease < 1) {
            throw fail("sufficientDecrease", "must lie in (0, 1), got \(sufficientDecrease)")
        }
        if !(curvature > sufficientDecrease && curvature < 1) {
            throw fail("curvature", "must lie in (sufficientDecrease, 1), got \(curvature)")
        }
        if maxLineSearchIterations < 1 {
            throw fail("maxLineSearchIterations", "must be at least 1, got \(maxLineSearchIterations)")
        }
        if maxLineSearchRestarts < 0 {
            throw fail("maxLineSearchRestarts", "must be non-negative, got \(maxLineSearchRestarts)")
        }
    }
}
