// A root of a user-defined system as one graph node; its gradient comes from the implicit function theorem.
import StrataAutodiff
import StrataCore

/// x* with g(x*, θ) = 0, found from the guess by ``NonlinearSolver``. The output slot also stores the sensitivities
/// dx*/dθ = −(∂g/∂x)⁻¹ ∂g/∂θ (n×p, row-major) after x*, which the reverse sweep contracts with x*'s adjoint. The
/// guess gets no gradient: the root does not depend on it.
struct AlgebraSolveOp: GraphOperation {
    let guess: Slot, theta: Slot
    let output: Slot
    let system: RecordedFunction
    let solver: NonlinearSolver
    var inputs: [Slot] { [guess, theta] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let n = guess.count, p = system.parameters
        let theta = Array(UnsafeBufferPointer(start: arena.value(self.theta), count: p))
        let x0 = Array(UnsafeBufferPointer(start: arena.value(guess), count: n))
        let evaluation = RecordedFunction.Evaluation(system)
        let width = n + p
        let root = try solver.solve(x0) { x in
            let (value, rows) = try evaluation.jacobian(x + theta, name: solver.name)
            var jx = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { jx[i * n + j] = rows[i * width + j] } }
            return (value, jx)
        }
        let out = arena.value(output)
        for i in 0..<n { out[i] = root[i] }
        guard !theta.isEmpty && !self.theta.isConstant else { return }
        let (_, rows) = try evaluation.jacobian(root + theta, name: solver.name)
        var jx = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { jx[i * n + j] = rows[i * width + j] } }
        guard let lu = DenseLU(jx, n: n) else {
            throw LogDensityError.domain(variable: solver.name, message: "the Jacobian is singular at the root")
        }
        for c in 0..<p {
            let column = lu.solve((0..<n).map { rows[$0 * width + n + c] })
            for i in 0..<n { out[n + i * p + c] = -column[i] }
        }
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let n = guess.count, p = system.parameters
        guard p > 0 && !theta.isConstant else { return }
        let out = arena.value(output), g = arena.adjoint(output), gt = arena.adjoint(theta)
        for i in 0..<n where g[i] != 0 {
            for c in 0..<p { gt[c] += g[i] * out[n + i * p + c] }
        }
    }
}

extension Graph {
    /// The root x* (n elements) of `system` for parameters `theta`, starting from `guess`.
    func algebraSolve(system: RecordedFunction, guess: Expr, theta: Expr, solver: NonlinearSolver) -> Expr {
        let n = guess.count, p = theta.isConstant ? 0 : system.parameters
        let out = allocate(count: n * (1 + p), isConstant: guess.isConstant && theta.isConstant)
        let full = record(AlgebraSolveOp(guess: guess.slot, theta: theta.slot, output: out, system: system, solver: solver))
        return full[0..<n]
    }
}
