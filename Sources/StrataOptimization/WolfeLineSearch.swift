// Strong-Wolfe line search (bracketing then cubic-interpolation zoom) that backs off from
// infeasible points, following the structure of Stan's `WolfeLineSearch`.
import StrataCore

/// A line search for minimising `phi(t) = f(x0 + t p)` that accepts a step satisfying the strong
/// Wolfe conditions
///
///     f(x0 + t p) <= f(x0) + c1 t g0'p      and      |g(x0 + t p)'p| <= c2 |g0'p|.
///
/// Nocedal & Wright (2006) Algorithms 3.5 (bracketing) and 3.6 (zoom), arranged as in Stan's
/// `bfgs_linesearch.hpp`: the bracketing phase grows the step tenfold while the function keeps
/// decreasing; the zoom phase uses safeguarded cubic interpolation with a bisection every fifth
/// iteration. A trial point that is infeasible (recoverable error, non-finite value) is replaced
/// by the midpoint towards the last feasible step, up to `maxRestarts` times in a row.
struct WolfeLineSearch {
    let c1: Double
    let c2: Double
    let maxIterations: Int
    let maxRestarts: Int
    /// The zoom stops (failing) once the bracket is narrower than this, as in Stan.
    static let minimumBracketWidth = 1e-16
    /// Safety cap on zoom iterations (each one shrinks the bracket; Stan has no explicit cap).
    static let maximumZoomIterations = 100
    /// Cap on halvings towards the bracket's lower end while a zoom trial is infeasible (after 60
    /// halvings the trial is indistinguishable from that end).
    static let maximumZoomBackoffs = 60

    /// One end of a bracket: a step, the objective there and its directional derivative.
    struct Point {
        var step: Double
        var value: Double
        var slope: Double
    }

    /// Searches from `x0` along the descent direction `p`.
    ///
    /// - Parameters:
    ///   - value0: `f(x0)`.
    ///   - slope0: `g(x0)'p`, which must be negative.
    ///   - initialStep: the first trial step.
    ///   - trialX / trialGradient: scratch; on success they hold the accepted point and its gradient.
    /// - Returns: the accepted step and objective value, or nil when no acceptable step was found.
    func search<E: LogDensityEvaluator>(
        objective: inout NegatedObjective<E>, origin x0: [Double], value0: Double, slope0: Double,
        direction p: [Double], initialStep: Double,
        trialX: inout [Double], trialGradient: inout [Double]
    ) throws -> (step: Double, value: Double)? {
        var previous = Point(step: 0, value: value0, slope: slope0)
        var step = initialStep
        var iterations = 0, restarts = 0
        while iterations < maxIterations {
            pointAlong(x0, step, p, into: &trialX)
            guard let value = try objective.evaluate(at: trialX, gradient: &trialGradient) else {
                if restarts >= maxRestarts { return nil }
                restarts += 1
                step = 0.5 * (previous.step + step)
                continue
            }
            restarts = 0
            let current = Point(step: step, value: value, slope: dot(trialGradient, p))
            if value > value0 + c1 * step * slope0 || (iterations > 0 && value >= previous.value) {
                return try zoom(objective: &objective, origin: x0, value0: value0, slope0: slope0, direction: p,
                                low: previous, high: current, trialX: &trialX, trialGradient: &trialGradient)
            }
            if abs(current.slope) <= -c2 * slope0 { return (step, value) }
            if current.slope >= 0 {
                return try zoom(objective: &objective, origin: x0, value0: value0, slope0: slope0, direction: p,
                                low: current, high: previous, trialX: &trialX, trialGradient: &trialGradient)
            }
            previous = current
            step *= 10
            iterations += 1
        }
        return nil
    }

    /// Narrows the bracket `[low, high]` (low: the end with the smaller objective that satisfies
    /// sufficient decrease) until a strong-Wolfe point is found.
    private func zoom<E: LogDensityEvaluator>(
        objective: inout NegatedObjective<E>, origin x0: [Double], value0: Double, slope0: Double,
        direction p: [Double], low lowStart: Point, high highStart: Point,
        trialX: inout [Double], trialGradient: inout [Double]
    ) throws -> (step: Double, value: Double)? {
        var low = lowStart, high = highStart
        for iteration in 1...Self.maximumZoomIterations {
            let width = abs(low.step - high.step)
            // Give up when the bracket is tiny or no double lies strictly inside it.
            if width < Self.minimumBracketWidth || low.step.nextToward(high.step) == high.step { return nil }
            let lo = min(low.step, high.step), hi = max(low.step, high.step)
            var step = 0.5 * (low.step + high.step)
            if iteration % 5 != 0 {
                let cubic = CubicInterpolation.minimizer(low.step, low.value, low.slope,
                                                         high.step, high.value, high.slope)
                if cubic.isFinite && cubic >= lo + 0.01 * width && cubic <= hi - 0.01 * width { step = cubic }
            }
            // Back off towards the smaller end of the bracket while the trial is infeasible.
            var value: Double? = nil
            for _ in 0...Self.maximumZoomBackoffs {
                pointAlong(x0, step, p, into: &trialX)
                value = try objective.evaluate(at: trialX, gradient: &trialGradient)
                if value != nil { break }
                let halved = 0.5 * (step + lo)
                if abs(halved - lo) < Self.minimumBracketWidth || halved == step { return nil }
                step = halved
            }
            if value == nil { return nil }
            let current = Point(step: step, value: value!, slope: dot(trialGradient, p))
            if current.value > value0 + c1 * step * slope0 || current.value >= low.value {
                high = current
            } else {
                if abs(current.slope) <= -c2 * slope0 { return (step, current.value) }
                if current.slope * (high.step - low.step) >= 0 { high = low }
                low = current
            }
        }
        return nil
    }
}

private extension Double {
    /// The adjacent double in the direction of `target` (or `target` itself when equal).
    func nextToward(_ target: Double) -> Double {
        if self < target { return nextUp }
        if self > target { return nextDown }
        return self
    }
}
