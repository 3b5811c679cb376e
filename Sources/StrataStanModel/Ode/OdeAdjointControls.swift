// The control arguments of ode_adjoint_tol_ctl, checked as Stan checks them and reduced to forward-solver tolerances.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// `rel_tol_f, abs_tol_f (vector), rel_tol_b, abs_tol_b (vector), rel_tol_q, abs_tol_q, max_num_steps,
    /// num_steps_between_checkpoints, interpolation_polynomial (1 or 2), solver_f, solver_b (1 or 2)` →
    /// [rtol, atol, max_num_steps] for the forward-sensitivity integrator (atol: the smallest forward one).
    func adjointControls(_ name: String, _ controls: [Value], _ range: SourceRange) throws -> [Value] {
        let values = try controls.map { c -> [Double] in
            guard let v = c.constantValues else { throw LoweringError.invalid("\(name): control arguments must be data", range) }
            return v
        }
        let positive = [0, 2, 4, 5].allSatisfy { values[$0].first.map { $0 > 0 } ?? false }
            && values[1].allSatisfy { $0 > 0 } && values[3].allSatisfy { $0 > 0 }
        guard positive, let steps = values[6].first, steps >= 1, let checkpoints = values[7].first, checkpoints >= 1 else {
            throw LoweringError.invalid("\(name): tolerances must be positive, max_num_steps and num_steps_between_checkpoints "
                                        + "at least 1", range)
        }
        for (index, what) in [(8, "interpolation_polynomial"), (9, "solver_forward"), (10, "solver_backward")] {
            guard let v = values[index].first, v == 1 || v == 2 else {
                throw LoweringError.invalid("\(name): \(what) must be 1 or 2", range)
            }
        }
        return [controls[0], realValue(values[1].min() ?? 1e-6), controls[6]]
    }
}
