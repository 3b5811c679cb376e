// Welford estimators with Stan's regularisation, and dual averaging of the step size.
import Foundation
import StrataSamplers
import XCTest

final class AdaptationTests: XCTestCase {
    private let data: [[Double]] = [[1, 2], [3, 1], [2, 5], [4, 4], [0, 3], [6, 1]]

    func testWelfordVarianceAndRegularisation() {
        var w = WelfordVariance(dimension: 2)
        for x in data { w.add(x) }
        let n = Double(data.count)
        for j in 0..<2 {
            let column = data.map { $0[j] }
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            XCTAssertEqual(w.sampleVariance()[j], variance, accuracy: 1e-12)
            XCTAssertEqual(w.regularisedVariance()[j], n / (n + 5) * variance + 1e-3 * 5 / (n + 5), accuracy: 1e-12)
        }
        w.restart()
        XCTAssertEqual(w.count, 0)
    }

    func testWelfordCovarianceAndRegularisation() {
        var w = WelfordCovariance(dimension: 2)
        for x in data { w.add(x) }
        let n = Double(data.count)
        let m0 = data.map { $0[0] }.reduce(0, +) / n, m1 = data.map { $0[1] }.reduce(0, +) / n
        let c01 = data.reduce(0) { $0 + ($1[0] - m0) * ($1[1] - m1) } / (n - 1)
        let c00 = data.reduce(0) { $0 + ($1[0] - m0) * ($1[0] - m0) } / (n - 1)
        let r = w.regularisedCovariance()
        XCTAssertEqual(w.sampleCovariance()[0, 1], c01, accuracy: 1e-12)
        XCTAssertEqual(r[0, 1], n / (n + 5) * c01, accuracy: 1e-12)
        XCTAssertEqual(r[0, 0], n / (n + 5) * c00 + 1e-3 * 5 / (n + 5), accuracy: 1e-12)
    }

    func testDualAveragingFollowsStanRecursion() {
        var d = DualAveraging(mu: log(10 * 0.5))
        let stats = [0.2, 0.9, 1.3, 0.75]
        var sBar = 0.0, xBar = 0.0
        for (k, a) in stats.enumerated() {
            let t = Double(k + 1)
            let eta = 1 / (t + 10)
            sBar = (1 - eta) * sBar + eta * (0.8 - min(1, a))
            let x = log(5) - sBar * t.squareRoot() / 0.05
            let w = pow(t, -0.75)
            xBar = (1 - w) * xBar + w * x
            XCTAssertEqual(d.learn(acceptStat: a), exp(x), accuracy: 1e-12 * exp(x))
        }
        XCTAssertEqual(d.finalStepSize, exp(xBar), accuracy: 1e-12)
        d.restart()
        XCTAssertEqual(d.counter, 0)
        XCTAssertEqual(d.finalStepSize, 1)
    }

    func testDualAveragingConvergesOnSyntheticAcceptance() {
        // Acceptance falls with the step size as exp(-eps): the fixed point is eps = -log(0.8).
        var d = DualAveraging(mu: log(10))
        var eps = 1.0
        for _ in 0..<2000 { eps = d.learn(acceptStat: exp(-eps)) }
        XCTAssertEqual(d.finalStepSize, -log(0.8), accuracy: 0.01)
    }
}
