// Helpers shared by the C API tests: loading the eight schools model and reading the last error.
import StrataCAPI
import StrataTestSupport
import XCTest

/// Shortcuts for calling the C entry points from Swift.
enum CAPI {
    /// Path of the CmdStan JSON data of eight schools in ../shared.
    static var eightSchoolsData: String { SharedFiles.url("data/eight_schools.json").path }

    /// The calling thread's last error message.
    static var lastError: String { String(cString: strata_last_error_message()!) }

    /// Loads `model` with `data`, failing the test (and returning nil) on error.
    static func load(_ model: String = "builtin:eight_schools_noncentered", data: String? = eightSchoolsData,
                     file: StaticString = #filePath, line: UInt = #line) -> OpaquePointer? {
        var handle: OpaquePointer?
        let status = strata_model_load(model, data, &handle)
        XCTAssertEqual(status, 0, "load \(model): \(lastError)", file: file, line: line)
        return handle
    }

    /// Dimension and output count of a model.
    static func sizes(_ model: OpaquePointer?) -> (dimension: Int, outputs: Int) {
        var n: Int64 = -1, m: Int64 = -1
        _ = strata_model_dimension(model, &n)
        _ = strata_model_output_count(model, &m)
        return (Int(n), Int(m))
    }

    /// Log density (and gradient) through the C entry point.
    static func logDensity(_ model: OpaquePointer?, _ x: [Double], jacobian: Bool = true)
        -> (status: Int32, lp: Double, gradient: [Double]) {
        var lp = Double.nan
        var gradient = [Double](repeating: .nan, count: x.count)
        let status = strata_log_density_gradient(model, x, Int64(x.count), jacobian ? 1 : 0, &lp, &gradient)
        return (status, lp, gradient)
    }
}

/// Independent log density of non-centred eight schools (Rubin 1981) on the unconstrained scale
/// x = (mu, log tau, theta_tilde[1...8]), up to an additive constant: normal(0, 5) on mu,
/// half-Cauchy(0, 5) on tau, standard normal theta_tilde, y ~ normal(mu + tau theta_tilde, sigma),
/// plus log tau for the exp transform when `jacobian` is true.
func eightSchoolsReferenceLogDensity(_ x: [Double], jacobian: Bool) -> Double {
    let y: [Double] = [28, 8, -3, 7, -1, 1, 18, 12]
    let sigma: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]
    let mu = x[0], tau = exp(x[1])
    var lp = -0.5 * (mu / 5) * (mu / 5) - log(1 + (tau / 5) * (tau / 5))
    for j in 0..<8 {
        let t = x[2 + j]
        lp += -0.5 * t * t
        let r = (y[j] - (mu + tau * t)) / sigma[j]
        lp += -0.5 * r * r
    }
    return jacobian ? lp + x[1] : lp
}
