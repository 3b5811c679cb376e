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
///
/// With parameter-dependent times (`times`, the slot [t0, t_1, …, t_T]), the output also keeps f(t_i, y(t_i)) for each
/// output time and f(t0, y0): ∂y(t_i)/∂t_i = f(t_i, y(t_i)) and ∂y(t_i)/∂t0 = −Φ(t_i) f(t0, y0), with Φ = ∂y(t_i)/∂y0
/// (the state's sensitivity columns, carried whenever the times vary even if y0 is data).
public struct OdeSolveOp: GraphOperation {
    public let initial: Slot, theta: Slot
    public let output: Slot
    public let system: OdeSystem
    /// t0 and the output times when they are data; with ``variableTimes`` they are read at each evaluation.
    public let t0: Double
    public let times: [Double]
    /// [t0, t_1, …, t_T] when they depend on parameters (nil when they are data).
    public let variableTimes: Slot?
    public let solver: DormandPrince45
    /// CVODES (BDF or Adams) for Stan's implicit solvers; nil for the explicit ``solver`` (`ode_rk45`, `ode_ckrk`).
    public var implicitSolver: CvodesIntegrator? = nil
    public var inputs: [Slot] { [initial, theta] + (variableTimes.map { [$0] } ?? []) }
    public var tiling: Tiling { .whole }

    var n: Int { system.states }
    /// Whether the initial state's sensitivity columns are carried (y0 depends on parameters, or t0 may).
    var stateColumns: Bool { !initial.isConstant || variableTimes != nil }
    /// Sensitivity columns: the initial state's (see ``stateColumns``), then θ's (if it depends on parameters).
    var columns: Int { (stateColumns ? n : 0) + (theta.isConstant ? 0 : system.parameters) }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let n = self.n, k = columns, T = times.count
        let theta = arena.value(self.theta)
        var t0 = self.t0, times = self.times
        if let slot = variableTimes {
            let v = arena.value(slot)
            t0 = v[0]
            times = (0..<T).map { v[1 + $0] }
            guard times.allSatisfy({ $0 > t0 && $0.isFinite }), zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw LogDensityError.domain(variable: solver.name, message: "output times must be increasing and after the "
                                             + "initial time \(t0) (they are \(times))")
            }
        }
        let z = UnsafeMutablePointer<Double>.allocate(capacity: n * (1 + k))
        defer { z.deallocate() }
        z.initialize(repeating: 0, count: n * (1 + k))
        for i in 0..<n { z[i] = arena.value(initial)[i] }
        if stateColumns { for i in 0..<n { z[n + i * k + i] = 1 } }
        let thetaOffset = stateColumns ? n : 0
        let evaluation = OdeSystem.Evaluation(system, columns: k, thetaOffset: thetaOffset, tangents: system.forwardTangents)
        let out = arena.value(output), rates = out + T * n * (1 + k)
        if variableTimes != nil { try evaluation.derivative(t0, z, theta, into: rates + T * n) }
        let record = { (ti: Int, state: UnsafePointer<Double>) in
            for i in 0..<n { out[ti * n + i] = state[i] }
            for j in 0..<(n * k) { out[T * n + ti * n * k + j] = state[n + j] }
        }
        // The implicit solvers start explicitly (cheaper on smooth problems) and hand over to CVODES, from t0, once the
        // explicit steps show stiffness.
        var explicit = solver
        explicit.detectsStiffness = implicitSolver != nil
        do {
            try explicit.integrate(z, count: n * (1 + k), from: t0, to: times, record: record) { t, state, dz in
                try evaluation.coupled(t, state, theta, into: dz)
            }
        } catch is StiffnessDetected {
            try implicitSolver!.integrate(z, states: n, columns: k, from: t0, to: times, theta: theta, evaluation: evaluation,
                                          record: record)
        }
        if variableTimes != nil {
            for ti in 0..<T { try evaluation.derivative(times[ti], out + ti * n, theta, into: rates + ti * n) }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let n = self.n, k = columns, T = times.count
        if k == 0 { return }
        let out = arena.value(output), g = arena.adjoint(output)
        let thetaOffset = stateColumns ? n : 0
        let gy0 = arena.adjoint(initial), gtheta = arena.adjoint(theta)
        let toInitial = !initial.isConstant, toTheta = !theta.isConstant
        let rates = out + T * n * (1 + k), initialRate = rates + T * n
        let gtimes = variableTimes.map { arena.adjoint($0) }
        for ti in 0..<T {
            for i in 0..<n {
                let a = g[ti * n + i]
                if a == 0 { continue }
                let row = out + T * n + ti * n * k + i * k
                for c in 0..<k {
                    if c < thetaOffset { if toInitial { gy0[c] += a * row[c] } } else if toTheta { gtheta[c - thetaOffset] += a * row[c] }
                }
                if let gtimes {
                    gtimes[1 + ti] += a * rates[ti * n + i]
                    var phiF = 0.0
                    for j in 0..<n { phiF += row[j] * initialRate[j] }
                    gtimes[0] -= a * phiF
                }
            }
        }
    }
}

public extension Graph {
    /// The ODE solution y(t) at each of `times` ([t][n], T·N elements) for initial state `initial` and parameters `theta`.
    func odeSolve(system: OdeSystem, initial: Expr, theta: Expr, t0: Double, times: [Double], solver: DormandPrince45) -> Expr {
        odeSolve(system: system, initial: initial, theta: theta, t0: t0, times: times, variableTimes: nil, solver: solver)
    }

    /// The ODE solution with the times given as a graph value [t0, t_1, …, t_T] (`variableTimes`, parameter-dependent;
    /// `t0` and `times` are then only its values when the graph was built, used for the sizes).
    func odeSolve(system: OdeSystem, initial: Expr, theta: Expr, t0: Double, times: [Double], variableTimes: Expr?,
                  solver: DormandPrince45, implicitSolver: CvodesIntegrator? = nil) -> Expr {
        let n = system.states, T = times.count
        let varyingTimes = variableTimes.flatMap { $0.isConstant ? nil : $0 }
        let constant = initial.isConstant && theta.isConstant && varyingTimes == nil
        let k = (initial.isConstant && varyingTimes == nil ? 0 : n) + (theta.isConstant ? 0 : system.parameters)
        let extra = varyingTimes == nil ? 0 : T * n + n
        let out = allocate(count: T * n * (1 + k) + extra, isConstant: constant)
        let full = record(OdeSolveOp(initial: initial.slot, theta: theta.slot, output: out, system: system, t0: t0,
                                     times: times, variableTimes: varyingTimes?.slot, solver: solver,
                                     implicitSolver: implicitSolver))
        return full[0..<(T * n)]
    }
}
