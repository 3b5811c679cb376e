// Lowers Stan's algebraic solvers (algebra_solver, algebra_solver_newton, solve_newton, solve_powell and _tol forms).
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    static let algebraSolvers: Set<String> = ["algebra_solver", "algebra_solver_newton", "solve_newton", "solve_newton_tol",
                                              "solve_powell", "solve_powell_tol"]

    /// `algebra_solver(f, guess, theta, x_r, x_i[, rel_tol, f_tol, max_steps])` with f(y, theta, x_r, x_i), and
    /// `solve_newton(f, guess, ...)` / `solve_newton_tol(f, guess, scaling_step, f_tol, max_steps, ...)` with f(y, ...)
    /// (likewise solve_powell). Defaults as Stan's: Powell rel_tol 1e-10, Newton scaling step 1e-3, f_tol 1e-6,
    /// 200 steps (algebra_solver: 1000).
    func algebraSolverCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count >= 2 else { throw LoweringError.invalid("\(name) needs a function and an initial guess", range) }
        let def = try functionOverload(argExprs, of: name, range)
        let guess = try lower(argExprs[1])
        var rest = try argExprs.dropFirst(2).map(lower)
        let newton = name.contains("newton")
        var solver = NonlinearSolver(method: newton ? .newton : .powell, stepTolerance: newton ? 1e-3 : 1e-10,
                                     functionTolerance: 1e-6, maxSteps: name.hasPrefix("algebra_solver") ? 1000 : 200, name: name)
        var controls: [Value] = []
        if name.hasPrefix("algebra_solver") {
            guard rest.count == 3 || rest.count == 6 else { throw LoweringError.invalid("\(name) takes 5 or 8 arguments", range) }
            controls = Array(rest.dropFirst(3)); rest = Array(rest.prefix(3))
        } else if name.hasSuffix("_tol") {
            guard rest.count >= 3 else { throw LoweringError.invalid("\(name) needs its three control arguments", range) }
            controls = Array(rest.prefix(3)); rest = Array(rest.dropFirst(3))
        }
        if !controls.isEmpty {
            guard let step = controls[0].constantValues?.first, let ftol = controls[1].constantValues?.first,
                  let steps = controls[2].constantValues?.first else {
                throw LoweringError.invalid("\(name): the control arguments must be data", range)
            }
            guard step >= 0, ftol >= 0, steps > 0 else {
                throw LoweringError.invalid("\(name): tolerances must be non-negative and max_num_steps positive "
                                            + "(\(step), \(ftol), \(Int(steps)))", range)
            }
            solver.stepTolerance = step; solver.functionTolerance = ftol; solver.maxSteps = Int(steps)
        }
        let n = guess.count
        let (system, theta) = try recordFunction(def, leading: [(.vector, [n])], extras: rest, caller: name, range)
        guard system.outputs == n else {
            throw LoweringError.invalid("\(name): '\(def.name)' returns \(system.outputs) values for \(n) unknowns", range)
        }
        if n == 0 { return Value(expr: graph.constant([Double]()), type: .vector, dims: [0]) }
        return Value(expr: graph.algebraSolve(system: system, guess: guess.expr, theta: theta, solver: solver), type: .vector, dims: [n])
    }
}
