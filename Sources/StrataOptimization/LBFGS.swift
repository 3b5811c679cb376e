// L-BFGS maximisation of a log density, following Stan's BFGSMinimizer with the LBFGSUpdate.
import StrataCore

/// Limited-memory BFGS maximisation of a log density (Nocedal & Wright 2006, ch. 7), behaving as
/// Stan's default optimiser (`stan::optimization::BFGSMinimizer` with `LBFGSUpdate`).
///
/// Internally it minimises `f = -log p`. Each iteration:
/// 1. takes the quasi-Newton direction `p = -H g` (steepest descent `-g` on the first iteration
///    and after a reset);
/// 2. picks the first trial step: `initialStepSize` after a reset, otherwise
///    `min(1, 1.01 * t*)` where `t*` minimises on `[1e-12, 1]` the cubic fitted to the previous
///    step's values and slopes (Stan's `CubicInterp` heuristic);
/// 3. runs a strong Wolfe line search; if it fails, the history is dropped and the iteration is
///    retried along `-g`; if that fails too the run stops with
///    ``LBFGSTermination/lineSearchFailed`` (or throws on the very first iteration);
/// 4. stores the new `(s, y)` pair; after a reset the previous step is rescaled by
///    `y'y / s'y` so the next step guess is in the units of the new approximation;
/// 5. applies the convergence tests in Stan's order: absolute objective change, gradient norm,
///    parameter change, iteration limit, relative objective change, relative gradient
///    `-p'g / max(|f|, 1)`.
///
/// The caller chooses which density to maximise; for Stan's default `optimize` (no Jacobian) pass
/// an evaluator whose density omits the change-of-variables term.
public enum LBFGS {
    /// Lower bound of the interval searched by the initial-step guess (Stan's `minAlpha`).
    static let minimumStepGuess = 1e-12

    /// Maximises the log density of `evaluator` starting from `initial`.
    ///
    /// - Parameters:
    ///   - evaluator: the log density and gradient. A thrown recoverable ``LogDensityError`` marks
    ///     a point infeasible; the line search then backtracks.
    ///   - initial: the starting point (unconstrained), `evaluator.dimension` finite values.
    ///   - configuration: tolerances and limits; CmdStan's defaults if omitted.
    ///   - progress: called after every iteration with Stan's per-iteration quantities.
    /// - Returns: the final point, its log density and gradient, counts and the stopping reason.
    /// - Throws: ``LBFGSError`` for bad input, an infeasible initial point or a failed first line
    ///   search; fatal evaluator errors are rethrown unchanged.
    public static func maximize<Evaluator: LogDensityEvaluator>(
        evaluator: Evaluator, initial: [Double], configuration: LBFGSConfiguration = LBFGSConfiguration(),
        progress: ((LBFGSProgress) -> Void)? = nil
    ) throws -> LBFGSResult {
        try configuration.validate()
        guard initial.count == evaluator.dimension else {
            throw LBFGSError.dimensionMismatch(variable: "initial", expected: evaluator.dimension,
                                               actual: initial.count)
        }
        if let bad = initial.firstIndex(where: { !$0.isFinite }) { throw LBFGSError.nonFiniteInitialValue(index: bad) }
        var run = try LBFGSRun(evaluator: evaluator, initial: initial, configuration: configuration)
        while true {
            if let termination = try run.step(progress: progress) { return run.result(termination) }
        }
    }
}

/// The mutable state of one optimisation; all vectors are allocated once.
struct LBFGSRun<Evaluator: LogDensityEvaluator> {
    private let configuration: LBFGSConfiguration
    private let lineSearch: WolfeLineSearch
    private var objective: NegatedObjective<Evaluator>
    private var history: LBFGSHistory
    private var x: [Double], g: [Double], f: Double
    private var trialX: [Double], trialGradient: [Double]
    private var direction: [Double], s: [Double], y: [Double]
    private var iteration = 0
    // The previous step, in the scaling Stan uses for its next-step guess.
    private var previousStep = 0.0, previousSlopeStart = 0.0, previousSlopeEnd = 0.0, previousChange = 0.0

    init(evaluator: Evaluator, initial: [Double], configuration: LBFGSConfiguration) throws {
        let n = initial.count
        self.configuration = configuration
        lineSearch = WolfeLineSearch(c1: configuration.sufficientDecrease, c2: configuration.curvature,
                                     maxIterations: configuration.maxLineSearchIterations,
                                     maxRestarts: configuration.maxLineSearchRestarts)
        objective = NegatedObjective(evaluator)
        history = LBFGSHistory(dimension: n, capacity: configuration.historySize)
        x = initial
        g = [Double](repeating: 0, count: n)
        trialX = x
        trialGradient = g
        direction = g
        s = g
        y = g
        guard let value = try objective.evaluate(at: x, gradient: &g) else {
            throw LBFGSError.infeasibleInitialPoint(objective.lastRejection)
        }
        f = value
    }

    func result(_ termination: LBFGSTermination) -> LBFGSResult {
        LBFGSResult(x: x, logDensity: -f, gradient: g.map { -$0 }, iterations: iteration,
                    evaluations: objective.evaluations, termination: termination)
    }

    /// Performs one iteration. Returns the termination reason, or nil to continue.
    mutating func step(progress: ((LBFGSProgress) -> Void)?) throws -> LBFGSTermination? {
        // Nothing to do at an exact stationary point, or before any step when the initial gradient
        // already passes the test or iterations are disabled (Stan would take one step first).
        let currentGradientNorm = norm(g)
        if currentGradientNorm == 0 { return .gradientNorm }
        if iteration == 0 {
            if configuration.maxIterations == 0 { return .maximumIterations }
            if currentGradientNorm < configuration.gradientTolerance { return .gradientNorm }
        }
        iteration += 1
        var reset = iteration == 1
        var accepted: (step: Double, value: Double)? = nil
        var firstTrial = configuration.initialStepSize
        while accepted == nil {
            if reset { for i in 0..<g.count { direction[i] = -g[i] } }
            let slope = dot(g, direction)
            if slope < 0 && slope.isFinite {
                firstTrial = reset ? configuration.initialStepSize : guessStep()
                accepted = try lineSearch.search(
                    objective: &objective, origin: x, value0: f, slope0: slope, direction: direction,
                    initialStep: firstTrial, trialX: &trialX, trialGradient: &trialGradient)
            }
            if accepted == nil {
                if reset {
                    if iteration == 1 { throw LBFGSError.lineSearchFailedAtStart(objective.lastRejection) }
                    iteration -= 1   // no step was taken
                    return .lineSearchFailed
                }
                reset = true   // Stan: "LS failed, Hessian reset"
            }
        }
        let (alpha, newValue) = accepted!
        let previousValue = f
        subtract(trialX, x, into: &s)
        subtract(trialGradient, g, into: &y)
        swap(&x, &trialX)
        swap(&g, &trialGradient)
        f = newValue
        let gradientNorm = norm(g), stepNorm = norm(s)

        // Quasi-Newton update; after a reset rescale the step record by B0 = y'y / s'y as Stan does.
        var scale = 1.0
        if reset {
            history.reset()
            let sy = dot(s, y), yy = dot(y, y)
            if sy > 0 && yy > 0 && (yy / sy).isFinite { scale = yy / sy }
        }
        history.update(step: s, gradientChange: y)
        previousSlopeStart = dot(trialGradient, direction) / scale   // old gradient
        previousSlopeEnd = dot(g, direction) / scale
        previousStep = alpha * scale
        previousChange = f - previousValue
        history.searchDirection(gradient: g, into: &direction)

        let termination = checkConvergence(previousValue: previousValue, gradientNorm: gradientNorm,
                                           stepNorm: stepNorm)
        progress?(LBFGSProgress(iteration: iteration, logDensity: -f, stepSize: alpha, initialStepSize: firstTrial,
                                parameterChangeNorm: stepNorm, gradientNorm: gradientNorm,
                                evaluations: objective.evaluations, hessianReset: reset && iteration > 1,
                                termination: termination))
        return termination
    }

    /// Stan's first trial step after a regular iteration: `min(1, 1.01 * argmin cubic)`.
    private func guessStep() -> Double {
        let t = CubicInterpolation.boundedMinimizer(
            slope0: previousSlopeStart, step: previousStep, value1: previousChange, slope1: previousSlopeEnd,
            lower: LBFGS.minimumStepGuess, upper: 1)
        let guess = min(1, 1.01 * t)
        return guess > 0 && guess.isFinite ? guess : 1
    }

    /// The convergence tests, in the order Stan's `BFGSMinimizer::step` applies them.
    private func checkConvergence(previousValue: Double, gradientNorm: Double, stepNorm: Double) -> LBFGSTermination? {
        let c = configuration, epsilon = Double.ulpOfOne
        let change = abs(previousValue - f)
        if change < c.objectiveTolerance { return .absoluteObjectiveChange }
        if gradientNorm < c.gradientTolerance { return .gradientNorm }
        if stepNorm < c.parameterTolerance { return .parameterChange }
        if iteration >= c.maxIterations { return .maximumIterations }
        if change / max(abs(previousValue), abs(f), 1) < c.relativeObjectiveTolerance * epsilon {
            return .relativeObjectiveChange
        }
        let relativeGradient = -dot(direction, g) / max(abs(f), 1)
        if relativeGradient < c.relativeGradientTolerance * epsilon { return .relativeGradient }
        return nil
    }
}
