// Tests of strata_log_density_gradient and strata_constrain: values against an independent
// formula, gradients against finite differences, bad arguments, and concurrent calls.
import Foundation
import StrataCAPI
import StrataTestSupport
import XCTest

final class CAPIDensityTests: XCTestCase {
    /// Two fixed unconstrained points of eight schools.
    let a: [Double] = [1.5, 0.7, -0.3, 0.2, 1.1, -0.8, 0.05, 0.4, -1.2, 0.9]
    let b: [Double] = [-2.0, 1.9, 0.6, -0.4, 0.3, 0.0, -1.5, 0.8, 0.2, -0.1]

    func testLogDensityDifferencesMatchAnIndependentFormula() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        for jacobian in [true, false] {
            let la = CAPI.logDensity(model, a, jacobian: jacobian), lb = CAPI.logDensity(model, b, jacobian: jacobian)
            XCTAssertEqual(la.status, 0, CAPI.lastError)
            XCTAssertEqual(lb.status, 0, CAPI.lastError)
            // Constants cancel in a difference, whether or not the model drops them.
            let expected = eightSchoolsReferenceLogDensity(a, jacobian: jacobian)
                - eightSchoolsReferenceLogDensity(b, jacobian: jacobian)
            XCTAssertEqual(la.lp - lb.lp, expected, accuracy: 1e-9 * max(1, abs(expected)), "jacobian \(jacobian)")
        }
        // The exp transform of tau contributes exactly log tau = x[1].
        let with = CAPI.logDensity(model, a, jacobian: true).lp, without = CAPI.logDensity(model, a, jacobian: false).lp
        XCTAssertEqual(with - without, a[1], accuracy: 1e-12)
    }

    func testGradientMatchesFiniteDifferencesAndNullGradientGivesTheSameValue() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        for jacobian in [true, false] {
            let result = CAPI.logDensity(model, a, jacobian: jacobian)
            XCTAssertEqual(result.status, 0, CAPI.lastError)
            var lpOnly = Double.nan
            XCTAssertEqual(strata_log_density_gradient(model, a, 10, jacobian ? 1 : 0, &lpOnly, nil), 0)
            XCTAssertEqual(lpOnly, result.lp, accuracy: 1e-12 * abs(result.lp))
            FiniteDifferences.assertGradient(result.gradient, matches: { x in
                eightSchoolsReferenceLogDensity(x, jacobian: jacobian)
            }, at: a, "jacobian \(jacobian)")
        }
    }

    func testConstrainMapsToParametersAndDerivedTheta() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var outputs = [Double](repeating: .nan, count: 19)
        outputs[18] = 42
        XCTAssertEqual(strata_constrain(model, a, 10, &outputs, 19), 0, CAPI.lastError)
        XCTAssertEqual(outputs[0], a[0])
        XCTAssertEqual(outputs[1], exp(a[1]), accuracy: 1e-14)
        for j in 0..<8 {
            XCTAssertEqual(outputs[2 + j], a[2 + j])
            XCTAssertEqual(outputs[10 + j], a[0] + exp(a[1]) * a[2 + j], accuracy: 1e-12)
        }
        XCTAssertEqual(outputs[18], 42, "elements past the output count are untouched")
    }

    func testBadArgumentsAreInvalidArgumentErrorsNamingTheArgument() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var lp = 0.0
        var gradient = [Double](repeating: 0, count: 10)
        let checks: [(() -> Int32, String)] = [
            ({ strata_log_density_gradient(model, self.a, 9, 1, &lp, &gradient) }, "'n' is 9"),
            ({ strata_log_density_gradient(model, nil, 10, 1, &lp, &gradient) }, "'x' is NULL"),
            ({ strata_log_density_gradient(model, self.a, 10, 1, nil, &gradient) }, "'lp' is NULL"),
            ({ strata_log_density_gradient(nil, self.a, 10, 1, &lp, &gradient) }, "'model' is NULL"),
        ]
        for (call, expected) in checks {
            XCTAssertEqual(call(), 1)
            XCTAssertTrue(CAPI.lastError.contains(expected), CAPI.lastError)
        }
        var outputs = [Double](repeating: 0, count: 18)
        XCTAssertEqual(strata_constrain(model, a, 10, &outputs, 17), 1)
        XCTAssertTrue(CAPI.lastError.contains("'m' is 17"), CAPI.lastError)
        XCTAssertEqual(strata_constrain(model, a, 10, nil, 18), 1)
        XCTAssertTrue(CAPI.lastError.contains("'outputs' is NULL"), CAPI.lastError)
        XCTAssertEqual(strata_constrain(model, a, -1, &outputs, 18), 1)
    }

    func testNonFiniteDensityIsAnEvaluationErrorWithMinusInfinity() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var x = a
        x[0] = .nan
        let result = CAPI.logDensity(model, x)
        XCTAssertEqual(result.status, 3, "NaN input must be STRATA_ERROR_EVALUATION (\(CAPI.lastError))")
        XCTAssertEqual(result.lp, -.infinity)
        XCTAssertTrue(CAPI.lastError.hasPrefix("strata_log_density_gradient:"), CAPI.lastError)
        // The handle still works afterwards.
        XCTAssertEqual(CAPI.logDensity(model, a).status, 0)
    }

    func testConcurrentCallsOnOneHandleAgreeWithSerialCalls() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        let points = (0..<64).map { k in a.enumerated().map { $0.element + 0.01 * Double(k * ($0.offset + 1)) } }
        let serial = points.map { CAPI.logDensity(model, $0) }
        let results = UnsafeMutableBufferPointer<(Int32, Double, [Double])>.allocate(capacity: points.count)
        results.initialize(repeating: (0, 0, []))
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: points.count) { k in
            for _ in 0..<20 { results[k] = CAPI.logDensity(model, points[k]) }
        }
        for k in 0..<points.count {
            XCTAssertEqual(results[k].0, 0)
            XCTAssertEqual(results[k].1, serial[k].lp)
            XCTAssertEqual(results[k].2, serial[k].gradient)
        }
    }
}
