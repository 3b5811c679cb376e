// Central finite differences and a gradient checker shared by every test target.
import XCTest

/// Numerical derivatives for checking analytic gradients.
public enum FiniteDifferences {
    /// Central-difference gradient of `f` at `x` with a step scaled to each coordinate.
    public static func gradient(at x: [Double], _ f: ([Double]) throws -> Double) rethrows -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        var xp = x
        for i in 0..<x.count {
            let h = 1e-6 * max(1, abs(x[i]))
            xp[i] = x[i] + h; let fp = try f(xp)
            xp[i] = x[i] - h; let fm = try f(xp)
            xp[i] = x[i]
            g[i] = (fp - fm) / (2 * h)
        }
        return g
    }

    /// Asserts that `analytic` matches the central-difference gradient of `f` at `x` within a
    /// mixed relative/absolute tolerance.
    public static func assertGradient(
        _ analytic: [Double], matches f: ([Double]) throws -> Double, at x: [Double],
        relativeTolerance: Double = 1e-5, absoluteTolerance: Double = 1e-6,
        _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) rethrows {
        let numeric = try gradient(at: x, f)
        XCTAssertEqual(analytic.count, numeric.count, "gradient length", file: file, line: line)
        for i in 0..<min(analytic.count, numeric.count) {
            let tol = absoluteTolerance + relativeTolerance * max(abs(analytic[i]), abs(numeric[i]))
            XCTAssert(abs(analytic[i] - numeric[i]) <= tol,
                      "\(message) d/dx[\(i)]: analytic \(analytic[i]) vs finite difference \(numeric[i])",
                      file: file, line: line)
        }
    }
}
