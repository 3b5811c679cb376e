// The radix order behind every rank and quantile of a summary, against ranks counted one value at a time.
import StrataDiagnostics
import XCTest

final class RankOrderTests: XCTestCase {
    /// Average ranks by definition: the values below, plus half of the ties (itself included) and a half.
    private func countedRanks(_ x: [Double]) -> [Double] {
        x.map { v in
            let below = x.filter { $0 < v }.count, equal = x.filter { $0 == v }.count
            return Double(below) + Double(equal + 1) / 2
        }
    }

    func testAverageRanksEqualCountedRanks() {
        var rng = TestRandom(seed: 31)
        var cases: [[Double]] = [
            [7], [2, 2, 2, 2],
            [1.0, 1.5, 1.25, 1.75, 1.125, 1.5],            // keys differ in one byte only: one counting pass
            [1, 2, 3, 2, 1],                                // two bytes: two passes
            [-0.0, 0.0, -1, 1, .infinity, -.infinity, 0.0, -0.0, .greatestFiniteMagnitude, -.leastNonzeroMagnitude],
        ]
        for n in [3, 64, 257, 500] {
            cases.append((0..<n).map { _ in
                let u = rng.uniform()
                switch u {
                case ..<0.1: return 0.0
                case ..<0.15: return -0.0
                case ..<0.3: return Double(Int(rng.uniform() * 5) - 2)
                case ..<0.35: return rng.normal() * 1e-310
                case ..<0.4: return rng.normal() * 1e300
                default: return rng.normal()
                }
            })
        }
        for x in cases {
            XCTAssertEqual(Ranks.averageRanks(x), countedRanks(x), "\(x.prefix(8))")
        }
    }
}
