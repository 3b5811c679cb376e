// The two-loop recursion: identity when empty, secant condition on the newest pair, exact inverse
// Hessian of a quadratic after enough conjugate steps.
import StrataCore
import StrataOptimization
import XCTest

final class LBFGSHistoryTests: XCTestCase {
    private func direction(_ history: inout LBFGSHistory, _ g: [Double]) -> [Double] {
        var p = [Double](repeating: .nan, count: g.count)
        history.searchDirection(gradient: g, into: &p)
        return p
    }

    func testEmptyHistoryIsSteepestDescent() {
        var history = LBFGSHistory(dimension: 3, capacity: 5)
        XCTAssertEqual(direction(&history, [1, -2, 3]), [-1, 2, -3])
    }

    func testSecantConditionOnNewestPair() {
        var history = LBFGSHistory(dimension: 3, capacity: 2)
        var rng = ChainRNG(seed: 5, chain: 0)
        var last: (s: [Double], y: [Double]) = ([], [])
        for _ in 0..<4 {   // more pairs than capacity: the ring wraps around
            let s = (0..<3).map { _ in rng.normal() }
            let y = s.enumerated().map { Double($0.offset + 1) * $0.element + 0.1 * rng.normal() }
            if history.update(step: s, gradientChange: y) { last = (s, y) }
        }
        XCTAssertEqual(history.count, 2)
        // H y_newest = s_newest, i.e. searchDirection(y) = -s.
        let p = direction(&history, last.y)
        for i in 0..<3 { XCTAssertEqual(p[i], -last.s[i], accuracy: 1e-12) }
    }

    func testRecoversInverseOfDiagonalQuadratic() {
        // For A = diag(d), steps along the coordinate axes are conjugate; with all n pairs stored the
        // approximation equals A^-1 exactly.
        let d = [2.0, 5.0, 0.5, 10.0]
        var history = LBFGSHistory(dimension: 4, capacity: 4)
        for k in 0..<4 {
            var s = [Double](repeating: 0, count: 4)
            s[k] = 1
            XCTAssertTrue(history.update(step: s, gradientChange: s.enumerated().map { d[$0.offset] * $0.element }))
        }
        let g = [1.0, 1.0, 1.0, 1.0]
        let p = direction(&history, g)
        for i in 0..<4 { XCTAssertEqual(p[i], -g[i] / d[i], accuracy: 1e-12) }
    }

    func testRejectsNonPositiveCurvatureAndResets() {
        var history = LBFGSHistory(dimension: 2, capacity: 3)
        XCTAssertFalse(history.update(step: [1, 0], gradientChange: [-1, 0]))
        XCTAssertEqual(history.count, 0)
        XCTAssertTrue(history.update(step: [1, 0], gradientChange: [4, 0]))
        XCTAssertEqual(history.gamma, 0.25)
        history.reset()
        XCTAssertEqual(history.count, 0)
        XCTAssertEqual(direction(&history, [2, 2]), [-2, -2])
    }
}
