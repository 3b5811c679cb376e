// Runs SUNDIALS CVODES (variable-order BDF or Adams-Moulton with Newton iterations) with forward sensitivities on a
// recorded ODE right-hand side: Stan's ode_bdf, ode_adams and their integrate_ode_* and _tol forms.
import CSundials
import StrataCore

/// Solves dy/dt = f(t, y, θ) with CVODES (dense direct linear solver, f's Jacobian J_y from the recorded graph) and,
/// with sensitivity columns, dS/dt = J_y S + J_θ staggered with the states, the sensitivities in the error test
/// (as Stan's CVODES integrator does). Tolerances and the step limit are Stan's arguments (defaults 1e-6, 1e-6, 1e6).
public struct CvodesIntegrator: Sendable {
    /// The linear multistep method: BDF for stiff systems (`ode_bdf`), Adams-Moulton for smooth ones (`ode_adams`).
    public enum Method: Sendable { case bdf, adams }
    public var method: Method
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    /// CVODES' step limit between two output times (Stan's max_num_steps).
    public var maxSteps: Int
    /// The Stan function, for errors.
    public var name: String

    public init(method: Method, relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-6, maxSteps: Int = 1_000_000,
                name: String) {
        self.method = method; self.relativeTolerance = relativeTolerance; self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps; self.name = name
    }

    /// Integrates from `z` = [y0, S0] (S0 row-major N x k) at `t0` to each of `times` (increasing, after t0), handing
    /// the state [y, S] at each output time to `record`.
    /// - Throws: ``LogDensityError/domain(variable:message:)`` for CVODES failures (max_num_steps, repeated error test or
    ///   convergence failures, with CVODES' message), and the right-hand side's own errors.
    func integrate(_ z: UnsafePointer<Double>, states n: Int, columns k: Int, from t0: Double, to times: [Double],
                   theta: UnsafePointer<Double>, evaluation: OdeSystem.Evaluation,
                   record: (Int, UnsafePointer<Double>) -> Void) throws {
        let problem = CvodesProblem(evaluation, theta: theta, states: n, columns: k)
        var context: SUNContext?
        guard SUNContext_Create(nil, &context) == 0, let context else { throw errors.failure("CVODES could not create its context") }
        defer { var c: SUNContext? = context; SUNContext_Free(&c) }
        let y = N_VNew_Serial(sunindextype(n), context)!
        defer { N_VDestroy(y) }
        let yData = N_VGetArrayPointer(y)!
        for i in 0..<n { yData[i] = z[i] }
        guard let memory = CVodeCreate(method == .bdf ? CV_BDF : CV_ADAMS, context) else {
            throw errors.failure("CVODES could not allocate its memory")
        }
        defer { var m: UnsafeMutableRawPointer? = memory; CVodeFree(&m) }
        let matrix = SUNDenseMatrix(sunindextype(n), sunindextype(n), context)!
        let linear = SUNLinSol_Dense(y, matrix, context)!
        defer { SUNLinSolFree(linear); SUNMatDestroy(matrix) }
        let user = Unmanaged.passUnretained(problem).toOpaque()
        try errors.check(CVodeInit(memory, cvodesRightHandSide, t0, y), "CVodeInit")
        try errors.check(CVodeSetErrHandlerFn(memory, cvodesErrorHandler, user), "CVodeSetErrHandlerFn")
        try errors.check(CVodeSetUserData(memory, user), "CVodeSetUserData")
        try errors.check(CVodeSStolerances(memory, relativeTolerance, absoluteTolerance), "CVodeSStolerances")
        try errors.check(CVodeSetLinearSolver(memory, linear, matrix), "CVodeSetLinearSolver")
        try errors.check(CVodeSetJacFn(memory, cvodesJacobian), "CVodeSetJacFn")
        try errors.check(CVodeSetMaxNumSteps(memory, maxSteps), "CVodeSetMaxNumSteps")
        var yS: UnsafeMutablePointer<N_Vector?>?
        defer { if k > 0 { N_VDestroyVectorArray(yS, Int32(k)) } }
        if k > 0 {
            yS = N_VCloneVectorArray(Int32(k), y)
            for c in 0..<k {
                let s = N_VGetArrayPointer(yS![c])!
                for i in 0..<n { s[i] = z[n + i * k + c] }
            }
            try errors.check(CVodeSensInit(memory, Int32(k), CV_STAGGERED, cvodesSensitivityRightHandSide, yS), "CVodeSensInit")
            try errors.check(CVodeSensEEtolerances(memory), "CVodeSensEEtolerances")
            try errors.check(CVodeSetSensErrCon(memory, 1), "CVodeSetSensErrCon")
        }
        let out = UnsafeMutablePointer<Double>.allocate(capacity: n * (1 + k))
        defer { out.deallocate() }
        var reached = t0
        for (ti, tout) in times.enumerated() {
            if ti == 0 || tout != times[ti - 1] {
                try errors.solverCall(CVode(memory, tout, y, &reached, CV_NORMAL), "integrating to t = \(tout)", problem)
                for i in 0..<n { out[i] = yData[i] }
                if k > 0 {
                    try errors.solverCall(CVodeGetSens(memory, &reached, yS), "reading the sensitivities at t = \(tout)", problem)
                    for c in 0..<k {
                        let s = N_VGetArrayPointer(yS![c])!
                        for i in 0..<n { out[n + i * k + c] = s[i] }
                    }
                }
            }
            record(ti, out)
        }
    }

    private var errors: SundialsErrors {
        SundialsErrors(name: name, package: "CVODES", maxSteps: maxSteps, tooMuchWork: CV_TOO_MUCH_WORK)
    }
}

/// The right-hand side, its Jacobian and the sensitivities' right-hand side for CVODES' callbacks (as `user_data`).
final class CvodesProblem: SundialsCallbackState {
    let evaluation: OdeSystem.Evaluation
    let theta: UnsafePointer<Double>
    let n: Int, k: Int
    /// [y, S] for the coupled evaluation, and its derivative.
    let z: UnsafeMutablePointer<Double>, dz: UnsafeMutablePointer<Double>
    /// The first error of the right-hand side (CVODES only sees a failure flag), and CVODES' last error message.
    var failure: Error?
    var message: String?

    init(_ evaluation: OdeSystem.Evaluation, theta: UnsafePointer<Double>, states n: Int, columns k: Int) {
        self.evaluation = evaluation; self.theta = theta; self.n = n; self.k = k
        z = .allocate(capacity: n * (1 + k)); dz = .allocate(capacity: n * (1 + k))
    }

    deinit { z.deallocate(); dz.deallocate() }

    /// A callback's status: 0, 1 (recoverable: CVODES retries with a smaller step) for a non-finite value, -1 otherwise.
    func status(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch {
            if case LogDensityError.nonFinite = error { return 1 }
            failure = failure ?? error
            return -1
        }
    }

    func rightHandSide(_ t: Double, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) -> Int32 {
        status {
            try evaluation.derivative(t, y, theta, into: out)
            for i in 0..<n where !out[i].isFinite {
                throw LogDensityError.nonFinite("the ODE right-hand side is not finite at t = \(t)")
            }
        }
    }
}

private func problem(_ data: UnsafeMutableRawPointer?) -> CvodesProblem {
    Unmanaged<CvodesProblem>.fromOpaque(data!).takeUnretainedValue()
}

private let cvodesRightHandSide: CVRhsFn = { t, y, ydot, data in
    problem(data).rightHandSide(t, N_VGetArrayPointer(y)!, N_VGetArrayPointer(ydot)!)
}

/// J = ∂f/∂y (dense, column-major), from the recorded graph's reverse sweeps.
private let cvodesJacobian: CVLsJacFn = { t, y, _, matrix, data, _, _, _ in
    let p = problem(data), n = p.n
    let f = p.dz
    return p.status {
        try p.evaluation.jacobian(t, N_VGetArrayPointer(y)!, p.theta, f: f) { i, row in
            for j in 0..<n { SUNDenseMatrix_Column(matrix, sunindextype(j))![i] = row[1 + j] }
        }
    }
}

/// J_y s_c + J_θ (θ's columns) for every sensitivity column c: the coupled system's derivative at [y, S].
private let cvodesSensitivityRightHandSide: CVSensRhsFn = { count, t, y, _, yS, ySdot, data, _, _ in
    let p = problem(data), n = p.n, k = Int(count)
    let yData = N_VGetArrayPointer(y)!
    for i in 0..<n { p.z[i] = yData[i] }
    for c in 0..<k {
        let s = N_VGetArrayPointer(yS![c])!
        for i in 0..<n { p.z[n + i * k + c] = s[i] }
    }
    return p.status {
        try p.evaluation.coupled(t, p.z, p.theta, into: p.dz)
        for c in 0..<k {
            let out = N_VGetArrayPointer(ySdot![c])!
            for i in 0..<n { out[i] = p.dz[n + i * k + c] }
        }
    }
}

private let cvodesErrorHandler: CVErrHandlerFn = { _, _, function, message, data in
    guard let data else { return }
    let text = message.map { String(cString: $0) } ?? ""
    problem(data).message = function.map { "\(String(cString: $0)): \(text)" } ?? text
}
