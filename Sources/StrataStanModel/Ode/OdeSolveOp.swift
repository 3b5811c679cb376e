// An ODE solution as one graph node: the states at the output times, with forward sensitivities for the reverse sweep.
import StrataAutodiff
import StrataCore

/// The right-hand side f(t, y, θ) of an ODE recorded as its own graph, whose derivatives give the sensitivities'
/// right-hand side J_y S + J_θ.
///
/// The graph reads one parameter block [t, y₁…y_N, θ₁…θ_P] and a latent weight vector w; its target is w · f, so a
/// sweep with w = e_i gives f and the gradient of f_i. When the graph replays entirely through instruction tapes
/// (scalar arithmetic and elementary functions, as right-hand sides usually are), the product is instead pushed
/// forward in one pass with one tangent direction per sensitivity column (``GraphEvaluator/pushTangents(_:directions:)``).
/// The graph is built once and only read afterwards; each solve makes its own evaluator, so one system serves every chain.
public final class OdeSystem: @unchecked Sendable {
    public let graph: Graph
    public let states: Int, parameters: Int
    let derivative: Slot, weights: Slot, target: Slot
    /// Whether solves may use forward-mode tangents (when the graph allows them); false always takes one reverse
    /// sweep per state. The two agree to rounding (sums over the graph's paths are formed in another order).
    /// Set it before solving.
    public var forwardTangents = true

    /// Whether the graph allows forward-mode tangents (every operation but the target replays through instruction
    /// tapes with tangent rules); solves use them when this and ``forwardTangents`` hold.
    public var supportsForwardTangents: Bool {
        GraphEvaluator(graph: graph, target: target).supportsTangents(skipping: target)
    }

    /// - Parameters: graph: the recorded right-hand side; derivative: its N outputs; weights: a latent N-vector;
    ///   target: w · f; states, parameters: N and P.
    public init(graph: Graph, derivative: Slot, weights: Slot, target: Slot, states: Int, parameters: Int) {
        self.graph = graph; self.derivative = derivative; self.weights = weights; self.target = target
        self.states = states; self.parameters = parameters
    }
}

/// y(t_1), …, y(t_T) of dy/dt = f(t, y, θ), y(t0) = y0, laid out [t][n]; the output slot also stores the sensitivities
/// ∂y(t)/∂(y0, θ) after the states, which the reverse sweep contracts with the states' adjoints.
public struct OdeSolveOp: GraphOperation {
    public let initial: Slot, theta: Slot
    public let output: Slot
    public let system: OdeSystem
    public let t0: Double
    public let times: [Double]
    public let solver: DormandPrince45
    public var inputs: [Slot] { [initial, theta] }
    public var tiling: Tiling { .whole }

    var n: Int { system.states }
    /// Sensitivity columns: the initial state's (if it depends on parameters), then θ's (if it does).
    var columns: Int { (initial.isConstant ? 0 : n) + (theta.isConstant ? 0 : system.parameters) }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let n = self.n, k = columns
        let theta = arena.value(self.theta)
        let z = UnsafeMutablePointer<Double>.allocate(capacity: n * (1 + k))
        defer { z.deallocate() }
        z.initialize(repeating: 0, count: n * (1 + k))
        for i in 0..<n { z[i] = arena.value(initial)[i] }
        if !initial.isConstant { for i in 0..<n { z[n + i * k + i] = 1 } }
        let thetaOffset = initial.isConstant ? 0 : n
        let evaluation = OdeSystem.Evaluation(system, columns: k, thetaOffset: thetaOffset, tangents: system.forwardTangents)
        let out = arena.value(output), T = times.count
        try solver.integrate(z, count: n * (1 + k), from: t0, to: times, record: { ti, state in
            for i in 0..<n { out[ti * n + i] = state[i] }
            for j in 0..<(n * k) { out[T * n + ti * n * k + j] = state[n + j] }
        }) { t, state, dz in try evaluation.coupled(t, state, theta, into: dz) }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let n = self.n, k = columns, T = times.count
        if k == 0 { return }
        let out = arena.value(output), g = arena.adjoint(output)
        let thetaOffset = initial.isConstant ? 0 : n
        let gy0 = arena.adjoint(initial), gtheta = arena.adjoint(theta)
        for ti in 0..<T {
            for i in 0..<n {
                let a = g[ti * n + i]
                if a == 0 { continue }
                let row = out + T * n + ti * n * k + i * k
                for c in 0..<k {
                    if c < thetaOffset { gy0[c] += a * row[c] } else { gtheta[c - thetaOffset] += a * row[c] }
                }
            }
        }
    }
}

public extension Graph {
    /// The ODE solution y(t) at each of `times` ([t][n], T·N elements) for initial state `initial` and parameters `theta`.
    func odeSolve(system: OdeSystem, initial: Expr, theta: Expr, t0: Double, times: [Double], solver: DormandPrince45) -> Expr {
        let n = system.states, T = times.count
        let constant = initial.isConstant && theta.isConstant
        let k = (initial.isConstant ? 0 : n) + (theta.isConstant ? 0 : system.parameters)
        let out = allocate(count: T * n * (1 + k), isConstant: constant)
        let full = record(OdeSolveOp(initial: initial.slot, theta: theta.slot, output: out, system: system, t0: t0,
                                     times: times, solver: solver))
        return full[0..<(T * n)]
    }
}
