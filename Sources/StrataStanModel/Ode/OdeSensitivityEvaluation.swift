// Evaluates an ODE's right-hand side and the derivative of its forward sensitivities during one solve.
import StrataAutodiff
import StrataCore

extension OdeSystem {
    /// An evaluator of f and its Jacobian for one solve.
    final class Evaluation {
        let system: OdeSystem
        let evaluator: GraphEvaluator
        var x: [Double]
        /// The graph's one parameter block [t, y, θ].
        let input: Slot
        /// Tangents of the arena in `lanes` directions, the first `columns` of them the sensitivity columns (θ's
        /// seeded once as the identity, the rest zero), or nil when the Jacobian is taken by reverse sweeps.
        private let tangents: UnsafeMutablePointer<Double>?
        private let columns: Int, thetaOffset: Int, lanes: Int

        /// - Parameters: columns: the sensitivity columns (the initial state's, then θ's from `thetaOffset`).
        init(_ system: OdeSystem, columns: Int, thetaOffset: Int, tangents useTangents: Bool) {
            self.system = system
            evaluator = GraphEvaluator(graph: system.graph, target: system.target)
            x = [Double](repeating: 0, count: 1 + system.states + system.parameters)
            precondition(system.graph.parameterInputs.count == 1, "an ODE right-hand side reads one parameter block")
            input = system.graph.parameterInputs[0].slot
            self.columns = columns; self.thetaOffset = thetaOffset
            let block = GraphEvaluator.tangentBlock
            lanes = (columns + block - 1) / block * block
            if useTangents && columns > 0 && evaluator.supportsTangents(skipping: system.target) {
                let size = system.graph.arenaSize * lanes
                let t = UnsafeMutablePointer<Double>.allocate(capacity: size)
                t.initialize(repeating: 0, count: size)
                for p in 0..<system.parameters { t[(input.offset + 1 + system.states + p) * lanes + thetaOffset + p] = 1 }
                tangents = t
            } else {
                tangents = nil
            }
        }

        deinit { tangents?.deallocate() }

        /// The coupled system's derivative at (t, [y, S]): f into `dz[0..<N]` and, with sensitivity columns,
        /// dS/dt = J_y S + J_θ (θ's columns after those of y0) into `dz[N...]`, row-major N x columns like S.
        func coupled(_ t: Double, _ state: UnsafePointer<Double>, _ theta: UnsafePointer<Double>,
                     into dz: UnsafeMutablePointer<Double>) throws {
            let n = system.states, k = columns, thetaOffset = self.thetaOffset
            if k == 0 { return try derivative(t, state, theta, into: dz) }
            if tangents != nil { return try sensitivities(t, state, theta, into: dz) }
            try jacobian(t, state, theta, f: dz) { i, row in
                let dy = row + 1, dtheta = row + 1 + n, sensitivities = state + n
                for c in 0..<k {
                    var s = 0.0
                    for j in 0..<n { s += dy[j] * sensitivities[j * k + c] }
                    if c >= thetaOffset { s += dtheta[c - thetaOffset] }
                    dz[n + i * k + c] = s
                }
            }
        }

        /// f into `dz[0..<N]` and J_y S + J_θ into `dz[N...]` (row-major N x columns), with S read from
        /// `state[N...]` in the same layout: one forward sweep of values, one of tangents.
        /// - Throws: ``LogDensityError/nonFinite(_:)`` when f or a sensitivity derivative is not finite.
        private func sensitivities(_ t: Double, _ state: UnsafePointer<Double>, _ theta: UnsafePointer<Double>,
                           into dz: UnsafeMutablePointer<Double>) throws {
            load(t, state, theta)
            try evaluator.forward(at: x)
            guard copyDerivative(into: dz) else {
                throw LogDensityError.nonFinite("the ODE right-hand side is not finite at t = \(t)")
            }
            let n = system.states, k = columns, m = lanes, tangents = self.tangents!
            // y_j's tangent in direction c is S[j][c].
            let seeds = tangents + (input.offset + 1) * m, sensitivities = state + n
            for j in 0..<n { (seeds + j * m).update(from: sensitivities + j * k, count: k) }
            evaluator.pushTangents(tangents, directions: m)
            let df = tangents + system.derivative.offset * m
            var finite = true
            for i in 0..<n {
                for c in 0..<k { let v = df[i * m + c]; dz[n + i * k + c] = v; if !v.isFinite { finite = false } }
            }
            guard finite else { throw LogDensityError.nonFinite("the ODE right-hand side's Jacobian is not finite at t = \(t)") }
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

public extension OdeSystem {
    /// The coupled system's derivative that solves integrate, at t and state [y, S] (S row-major N x columns, the
    /// initial state's columns first when `initialVaries`, then θ's): f, then J_y S + J_θ; by forward tangents
    /// (`tangents`, when ``supportsForwardTangents``) or one reverse sweep per state. For tests and diagnostics.
    func coupledDerivative(t: Double, state: [Double], theta: [Double], initialVaries: Bool, tangents: Bool) throws -> [Double] {
        let columns = (initialVaries ? states : 0) + parameters
        precondition(state.count == states * (1 + columns) && theta.count == parameters, "state is [y, S], theta has P values")
        let evaluation = Evaluation(self, columns: columns, thetaOffset: initialVaries ? states : 0, tangents: tangents)
        var dz = [Double](repeating: 0, count: state.count)
        try state.withUnsafeBufferPointer { z in
            try theta.withUnsafeBufferPointer { th in
                try dz.withUnsafeMutableBufferPointer { out in
                    try evaluation.coupled(t, z.baseAddress!, th.baseAddress ?? UnsafePointer(out.baseAddress!), into: out.baseAddress!)
                }
            }
        }
        return dz
    }
}
