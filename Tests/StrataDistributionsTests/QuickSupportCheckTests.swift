// certainlyInSupport (the allocation-free check of transformed parameters) never vouches for a value validate rejects.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions

final class QuickSupportCheckTests: XCTestCase {
    private let transforms: [(String, any ParameterTransform)] = [
        ("simplex", SimplexTransform()), ("ordered", OrderedTransform()), ("positive_ordered", PositiveOrderedTransform()),
        ("sum_to_zero", SumToZeroTransform()), ("unit_vector", UnitVectorTransform()),
    ]

    /// Values in, near and outside each support: the quick check agrees with validate wherever it says yes,
    /// and says yes for the valid constructions.
    func testQuickCheckIsSoundAndAcceptsValidValues() {
        let graph = Graph()
        var rng = ChainRNG(seed: 5, chain: 0)
        var candidates: [[Double]] = [[], [1], [0, 1], [0.5, 0.5], [1, 0], [-0.1, 1.1], [.nan, 1], [.infinity, 0],
                                      [1, 1], [0, -1e-300], [0.6, 0.8], [1 / 3.0, 1 / 3.0, 1 / 3.0]]
        for _ in 0..<300 {
            let k = Int(rng.uniform(1, 6))
            var v = (0..<k).map { _ in rng.uniform(-1, 2) }
            switch Int(rng.uniform(0, 5)) {
            case 0: let t = v.map(abs).reduce(0, +); v = v.map { abs($0) / t }
            case 1: v = v.sorted()
            case 2: let m = v.reduce(0, +) / Double(k); v = v.map { $0 - m }
            case 3: let n = v.map { $0 * $0 }.reduce(0, +).squareRoot(); v = v.map { $0 / n }
            default: break
            }
            candidates.append(v)
        }
        for (name, transform) in transforms {
            var vouched = 0
            for y in candidates {
                let quick = y.withUnsafeBufferPointer { transform.certainlyInSupport($0) }
                let valid = (try? transform.validate(y, variable: "y", in: graph)) != nil
                if quick { vouched += 1; XCTAssertTrue(valid, "\(name): \(y) vouched for but invalid") }
                if valid && !quick { XCTFail("\(name): \(y) valid but not vouched for (the per-gradient check would allocate)") }
            }
            XCTAssertGreaterThan(vouched, 5, name)
        }
    }
}
