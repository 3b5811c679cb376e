// An ODE solution as one graph node: the states at the output times, with forward sensitivities for the reverse sweep.
import StrataAutodiff
import StrataCore

/// The right-hand side f(t, y, θ) of an ODE recorded as its own graph, whose Jacobian rows come from reverse sweeps.
///
/// The graph reads one parameter block [t, y₁…y_N, θ₁…θ_P] and a latent weight vector w; its target is w · f, so a
/// sweep with w = e_i gives f and the gradient of f_i. The graph is built once and only read afterwards; each solve
/// makes its own evaluator, so one system serves every chain.
public final class OdeSystem: @unchecked Sendable {
    public let graph: Graph
    public let states: Int, parameters: Int
    let derivative: Slot, weights: Slot, target: Slot

    /// - Parameters: graph: the recorded right-hand side; derivative: its N outputs; weights: a latent N-vector;
    ///   target: w · f; states, parameters: N and P.
    public init(graph: Graph, derivative: Slot, weights: Slot, target: Slot, states: Int, parameters: Int) {
        self.graph = graph; self.derivative = derivative; self.weights = weights; self.target = target
        self.states = states; self.parameters = parameters
    }

    /// An evaluator of f and its Jacobian for one solve.
    final class Evaluation {
        let system: OdeSystem
        let evaluator: GraphEvaluator
        var x: [Double]
        /// The graph's one parameter block [t, y, θ].
        let input: Slot

        init(_ system: OdeSystem) {
            self.system = system
            evaluator = GraphEvaluator(graph: system.graph, target: system.target)
            x = [Double](repeating: 0, count: 1 + system.states + system.parameters)
            precondition(system.graph.parameterInputs.count == 1, "an ODE right-hand side reads one parameter block")
            input = system.graph.parameterInputs[0].slot
        }

        func setWeight(_ i: Int) {
            evaluator.withArena { arena in
                let w = arena.value(system.weights)
                for j in 0..<system.states { w[j] = j == i ? 1 : 0 }
            }
        }

        /// f(t, y, θ) into `out` (N elements).
        func derivative(_ t: Double, _ y: UnsafePointer<Double>, _ theta: UnsafePointer<Double>,
                        into out: UnsafeMutablePointer<Double>) throws {
            load(t, y, theta)
            setWeight(0)
            try evaluator.forward(at: x)
            _ = copyDerivative(into: out)
        }

        /// Copies f from the last forward sweep into `out`; false when an entry is not finite.
        private func copyDerivative(into out: UnsafeMutablePointer<Double>) -> Bool {
            let n = system.states, derivative = system.derivative
            var finite = true
            evaluator.withArena { arena in
                let f = arena.value(derivative)
                for r in 0..<n { out[r] = f[r]; if !f[r].isFinite { finite = false } }
            }
            return finite
        }

        /// f into `out` and the Jacobian rows ∂f_i/∂(t, y, θ) (each of length 1 + N + P), each handed to `row(i, ∂f_i)`
        /// while valid: one forward sweep, then one reverse sweep per row with the weights set to e_i (the sweeps
        /// read w's value, not the stale w · f).
        /// - Throws: ``LogDensityError/nonFinite(_:)`` when f or a Jacobian entry is not finite (after every row).
        func jacobian(_ t: Double, _ y: UnsafePointer<Double>, _ theta: UnsafePointer<Double>,
                      f out: UnsafeMutablePointer<Double>, row: (Int, UnsafePointer<Double>) -> Void) throws {
            load(t, y, theta)
            try evaluator.forward(at: x)
            guard copyDerivative(into: out) else {
                throw LogDensityError.nonFinite("the ODE right-hand side is not finite at t = \(t)")
            }
            let width = x.count, size = system.graph.arenaSize, input = self.input
            var finite = true
            for i in 0..<system.states {
                evaluator.withArena { arena in arena.adjoints.update(repeating: 0, count: size) }
                setWeight(i)
                evaluator.backward()
                evaluator.withArena { arena in
                    let a = arena.adjoint(input)
                    for j in 0..<width where !a[j].isFinite { finite = false }
                    row(i, a)
                }
            }
            guard finite else { throw LogDensityError.nonFinite("the ODE right-hand side's Jacobian is not finite at t = \(t)") }
        }

        private func load(_ t: Double, _ y: UnsafePointer<Double>, _ theta: UnsafePointer<Double>) {
            x[0] = t
            for i in 0..<system.states { x[1 + i] = y[i] }
            for p in 0..<system.parameters { x[1 + system.states + p] = theta[p] }
        }
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
        let evaluation = OdeSystem.Evaluation(system)
        let thetaOffset = initial.isConstant ? 0 : n
        let out = arena.value(output), T = times.count
        try solver.integrate(z, count: n * (1 + k), from: t0, to: times, record: { ti, state in
            for i in 0..<n { out[ti * n + i] = state[i] }
            for j in 0..<(n * k) { out[T * n + ti * n * k + j] = state[n + j] }
        }) { t, state, dz in
            if k == 0 {
                try evaluation.derivative(t, state, theta, into: dz)
                return
            }
            // dS/dt = J_y S + J_θ (the columns of θ after those of y0), row i from ∂f_i/∂(t, y, θ).
            try evaluation.jacobian(t, state, theta, f: dz) { i, row in
                let dy = row + 1, dtheta = row + 1 + n, sensitivities = state + n
                for c in 0..<k {
                    var s = 0.0
                    for j in 0..<n { s += dy[j] * sensitivities[j * k + c] }
                    if c >= thetaOffset { s += dtheta[c - thetaOffset] }
                    dz[n + i * k + c] = s
                }
            }
        }
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
