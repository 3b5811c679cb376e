// Runs SUNDIALS IDAS (variable-order BDF for fully implicit DAEs) with forward sensitivities on a recorded residual.
import CSundials
import StrataCore

/// Solves F(t, y, y', θ) = 0 from (y0, y'0) at t0 with IDAS (dense direct linear solver, the residual's Jacobian from the
/// recorded graph), optionally with forward sensitivities s_c = ∂y/∂(column c): F_y s + F_y' s' + ∂F/∂θ_c = 0, solved
/// staggered with the sensitivities in the error test. Defaults are Stan's (1e-10, 1e-10, 1e8 steps).
struct IdasIntegrator: Sendable {
    var relativeTolerance = 1e-10
    var absoluteTolerance = 1e-10
    /// IDAS' step limit between two output times (Stan's max_num_steps).
    var maxSteps = 100_000_000
    /// The Stan function and its place in the program, for errors ("dae at model.stan:12:5").
    var name: String

    /// The solution's sensitivity columns: y0's (s = e_i, s' = 0), then y'0's (s = 0, s' = e_i), then the last
    /// `parameters` of θ's values.
    struct Columns {
        var initial: Bool, slope: Bool, parameters: Int
        func count(_ n: Int) -> Int { (initial ? n : 0) + (slope ? n : 0) + parameters }
    }

    /// The states at each of `times` ([t][n]) and, when there are sensitivity columns, the sensitivities after them
    /// ([t][i][column], T·N·K values).
    /// - Throws: ``LogDensityError/domain(variable:message:)`` for bad times, inconsistent initial conditions, IDAS
    ///   failures (max_num_steps, repeated error test or convergence failures) with IDAS' own message.
    func solve(_ residual: RecordedFunction, theta: [Double], y0: [Double], yp0: [Double], columns: Columns, t0: Double,
               times: [Double]) throws -> (states: [Double], sensitivities: [Double]) {
        let n = y0.count, k = columns.count(n), T = times.count
        try checkInputs(y0: y0, yp0: yp0, t0: t0, times: times)
        let problem = DaeProblem(residual, theta: theta, states: n, columns: columns, name: name)
        let start = try problem.jacobian(t0, y0, yp0)
        try checkConsistency(start.value, y0: y0, yp0: yp0, t0: t0)
        var context: SUNContext?
        guard SUNContext_Create(nil, &context) == 0, let context else { throw errors.failure("IDAS could not create its context") }
        defer { var c: SUNContext? = context; SUNContext_Free(&c) }
        let yy = N_VNew_Serial(sunindextype(n), context)!, yp = N_VNew_Serial(sunindextype(n), context)!
        let id = N_VNew_Serial(sunindextype(n), context)!
        defer { N_VDestroy(yy); N_VDestroy(yp); N_VDestroy(id) }
        let yyData = N_VGetArrayPointer(yy)!, ypData = N_VGetArrayPointer(yp)!, idData = N_VGetArrayPointer(id)!
        for i in 0..<n { yyData[i] = y0[i]; ypData[i] = yp0[i] }
        // Differential variables are those y' enters the residual through (at t0); the others are algebraic.
        let width = problem.width
        for j in 0..<n { idData[j] = (0..<n).contains { start.rows[$0 * width + 1 + n + j] != 0 } ? 1 : 0 }
        guard let memory = IDACreate(context) else { throw errors.failure("IDAS could not allocate its memory") }
        defer { var m: UnsafeMutableRawPointer? = memory; IDAFree(&m) }
        let matrix = SUNDenseMatrix(sunindextype(n), sunindextype(n), context)!
        let linear = SUNLinSol_Dense(yy, matrix, context)!
        defer { SUNLinSolFree(linear); SUNMatDestroy(matrix) }
        let user = Unmanaged.passUnretained(problem).toOpaque()
        try errors.check(IDAInit(memory, daeResidual, t0, yy, yp), "IDAInit")
        try errors.check(IDASetErrHandlerFn(memory, daeErrorHandler, user), "IDASetErrHandlerFn")
        try errors.check(IDASetUserData(memory, user), "IDASetUserData")
        try errors.check(IDASStolerances(memory, relativeTolerance, absoluteTolerance), "IDASStolerances")
        try errors.check(IDASetLinearSolver(memory, linear, matrix), "IDASetLinearSolver")
        try errors.check(IDASetJacFn(memory, daeJacobian), "IDASetJacFn")
        try errors.check(IDASetMaxNumSteps(memory, maxSteps), "IDASetMaxNumSteps")
        try errors.check(IDASetId(memory, id), "IDASetId")
        var yS: UnsafeMutablePointer<N_Vector?>?, ypS: UnsafeMutablePointer<N_Vector?>?
        defer { if k > 0 { N_VDestroyVectorArray(yS, Int32(k)); N_VDestroyVectorArray(ypS, Int32(k)) } }
        if k > 0 {
            yS = N_VCloneVectorArray(Int32(k), yy); ypS = N_VCloneVectorArray(Int32(k), yy)
            for c in 0..<k { N_VConst(0, yS![c]); N_VConst(0, ypS![c]) }
            let slopeOffset = columns.initial ? n : 0
            for i in 0..<n {
                if columns.initial { N_VGetArrayPointer(yS![i])![i] = 1 }
                if columns.slope { N_VGetArrayPointer(ypS![slopeOffset + i])![i] = 1 }
            }
            try errors.check(IDASensInit(memory, Int32(k), IDA_STAGGERED, daeSensitivityResidual, yS, ypS), "IDASensInit")
            try errors.check(IDASensEEtolerances(memory), "IDASensEEtolerances")
            try errors.check(IDASetSensErrCon(memory, 1), "IDASetSensErrCon")
            // The unit columns are rarely consistent: the algebraic parts of s and the differential parts of s' follow
            // from the linearised residual (y and y' are already consistent and barely move).
            try errors.solverCall(IDACalcIC(memory, IDA_YA_YDP_INIT, times[0]), "computing consistent initial sensitivities", problem)
        }
        var states = [Double](repeating: 0, count: T * n), sensitivities = [Double](repeating: 0, count: T * n * k)
        var reached = t0
        for (ti, tout) in times.enumerated() {
            if ti > 0 && tout == times[ti - 1] {
                for i in 0..<n { states[ti * n + i] = states[(ti - 1) * n + i] }
                for j in 0..<(n * k) { sensitivities[ti * n * k + j] = sensitivities[(ti - 1) * n * k + j] }
                continue
            }
            try errors.solverCall(IDASolve(memory, tout, &reached, yy, yp, IDA_NORMAL), "integrating to t = \(tout)", problem)
            for i in 0..<n { states[ti * n + i] = yyData[i] }
            if k > 0 {
                try errors.solverCall(IDAGetSens(memory, &reached, yS), "reading the sensitivities at t = \(tout)", problem)
                for c in 0..<k {
                    let s = N_VGetArrayPointer(yS![c])!
                    for i in 0..<n { sensitivities[ti * n * k + i * k + c] = s[i] }
                }
            }
        }
        return (states, sensitivities)
    }

    private func checkInputs(y0: [Double], yp0: [Double], t0: Double, times: [Double]) throws {
        guard !times.isEmpty else { throw errors.failure("needs at least one output time") }
        guard t0.isFinite, times.allSatisfy(\.isFinite) else { throw errors.failure("the initial and output times must be finite") }
        guard t0 < times[0] else { throw errors.failure("the initial time (\(t0)) must be less than the first output time (\(times[0]))") }
        for i in 1..<times.count where times[i] < times[i - 1] {
            throw errors.failure("the output times must be non-decreasing (times[\(i)] = \(times[i - 1]), times[\(i + 1)] = \(times[i]))")
        }
        guard y0.count == yp0.count else {
            throw errors.failure("the initial state has \(y0.count) values but its derivative \(yp0.count)")
        }
        guard !y0.isEmpty else { throw errors.failure("the initial state is empty") }
        for (label, v) in [("initial state", y0), ("initial state derivative", yp0)] {
            if let i = v.firstIndex(where: { !$0.isFinite }) { throw errors.failure("the \(label)[\(i + 1)] is \(v[i]) (must be finite)") }
        }
    }

    /// The residual at t0 must vanish (up to √ε relative to the initial values): IDAS needs consistent (y0, y'0).
    private func checkConsistency(_ f: [Double], y0: [Double], yp0: [Double], t0: Double) throws {
        let scale = 1 + (y0 + yp0).reduce(0) { max($0, abs($1)) }
        let tolerance = Double.ulpOfOne.squareRoot() * scale
        if let i = f.indices.first(where: { !(abs(f[$0]) <= tolerance) }) {
            throw errors.failure("the initial conditions are not consistent: residual[\(i + 1)] is \(f[i]) at t0 = \(t0) "
                          + "(must be 0 within \(tolerance))")
        }
    }

    private var errors: SundialsErrors {
        SundialsErrors(name: name, package: "IDAS", maxSteps: maxSteps, tooMuchWork: IDA_TOO_MUCH_WORK)
    }
}

/// The residual, its Jacobian and the sensitivity residual for IDAS' callbacks (handed over as `user_data`).
final class DaeProblem: SundialsCallbackState {
    let evaluation: RecordedFunction.Evaluation
    let n: Int, columns: IdasIntegrator.Columns, k: Int
    let width: Int
    let name: String
    /// [t, y, y', θ] for the recorded function.
    var x: [Double]
    /// The first error of the residual (IDAS only sees a failure flag), and IDAS' last error message.
    var failure: Error?
    var message: String?

    init(_ residual: RecordedFunction, theta: [Double], states n: Int, columns: IdasIntegrator.Columns, name: String) {
        evaluation = RecordedFunction.Evaluation(residual)
        self.n = n; self.columns = columns; k = columns.count(n); self.name = name
        width = residual.width
        x = [Double](repeating: 0, count: residual.width)
        for (j, v) in theta.enumerated() { x[1 + 2 * n + j] = v }
    }

    private func load(_ t: Double, _ y: UnsafePointer<Double>, _ yp: UnsafePointer<Double>) {
        x[0] = t
        for i in 0..<n { x[1 + i] = y[i]; x[1 + n + i] = yp[i] }
    }

    func jacobian(_ t: Double, _ y: [Double], _ yp: [Double]) throws -> (value: [Double], rows: [Double]) {
        x[0] = t
        for i in 0..<n { x[1 + i] = y[i]; x[1 + n + i] = yp[i] }
        return try evaluation.jacobian(x, name: name)
    }

    /// F(t, y, y') into `out`; 1 (recoverable: IDAS retries with a smaller step) when it is not finite.
    func residual(_ t: Double, _ y: UnsafePointer<Double>, _ yp: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) -> Int32 {
        load(t, y, yp)
        do {
            let f = try evaluation.value(x)
            for i in 0..<n { out[i] = f[i] }
            return f.allSatisfy(\.isFinite) ? 0 : 1
        } catch {
            failure = failure ?? error
            return -1
        }
    }

    /// The Jacobian rows ∂F_i/∂(t, y, y', θ) at (t, y, y') handed to `use`; a status for IDAS.
    func withJacobian(_ t: Double, _ y: UnsafePointer<Double>, _ yp: UnsafePointer<Double>, _ use: ([Double]) -> Void) -> Int32 {
        load(t, y, yp)
        do {
            use(try evaluation.jacobian(x, name: name).rows)
            return 0
        } catch {
            if case LogDensityError.nonFinite = error { return 1 }
            failure = failure ?? error
            return -1
        }
    }
}

private func problem(_ data: UnsafeMutableRawPointer?) -> DaeProblem {
    Unmanaged<DaeProblem>.fromOpaque(data!).takeUnretainedValue()
}

private let daeResidual: IDAResFn = { t, yy, yp, rr, data in
    problem(data).residual(t, N_VGetArrayPointer(yy)!, N_VGetArrayPointer(yp)!, N_VGetArrayPointer(rr)!)
}

/// J = ∂F/∂y + c_j ∂F/∂y' (dense, column-major).
private let daeJacobian: IDALsJacFn = { t, cj, yy, yp, _, matrix, data, _, _, _ in
    let p = problem(data), n = p.n, width = p.width
    return p.withJacobian(t, N_VGetArrayPointer(yy)!, N_VGetArrayPointer(yp)!) { rows in
        for j in 0..<n {
            let column = SUNDenseMatrix_Column(matrix, sunindextype(j))!
            for i in 0..<n { column[i] = rows[i * width + 1 + j] + cj * rows[i * width + 1 + n + j] }
        }
    }
}

/// F_y s_c + F_y' s'_c (+ ∂F/∂θ for θ's columns) for every column c.
private let daeSensitivityResidual: IDASensResFn = { count, t, yy, yp, _, yS, ypS, resS, data, _, _, _ in
    let p = problem(data), n = p.n, width = p.width, k = Int(count)
    let thetaStart = k - p.columns.parameters
    return p.withJacobian(t, N_VGetArrayPointer(yy)!, N_VGetArrayPointer(yp)!) { rows in
        for c in 0..<k {
            let s = N_VGetArrayPointer(yS![c])!, sp = N_VGetArrayPointer(ypS![c])!, r = N_VGetArrayPointer(resS![c])!
            for i in 0..<n {
                let row = i * width
                var v = c >= thetaStart ? rows[row + 1 + 2 * n + (c - thetaStart)] : 0
                for j in 0..<n { v += rows[row + 1 + j] * s[j] + rows[row + 1 + n + j] * sp[j] }
                r[i] = v
            }
        }
    }
}

private let daeErrorHandler: IDAErrHandlerFn = { _, _, function, message, data in
    guard let data else { return }
    let text = message.map { String(cString: $0) } ?? ""
    problem(data).message = function.map { "\(String(cString: $0)): \(text)" } ?? text
}
