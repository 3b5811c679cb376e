// Checks the per-chain random streams: reproducible, distinct per chain, and correctly distributed.
import XCTest
import StrataCore

final class ChainRNGTests: XCTestCase {
    func testSameSeedAndChainGiveSameStream() {
        var a = ChainRNG(seed: 42, chain: 3), b = ChainRNG(seed: 42, chain: 3)
        for _ in 0..<1000 { XCTAssertEqual(a.next(), b.next()) }
    }

    func testDifferentChainsGiveDifferentStreams() {
        var a = ChainRNG(seed: 42, chain: 0), b = ChainRNG(seed: 42, chain: 1)
        var same = 0
        for _ in 0..<1000 where a.next() == b.next() { same += 1 }
        XCTAssertEqual(same, 0)
    }

    func testUniformAndNormalMoments() {
        var rng = ChainRNG(seed: 7, chain: 0)
        let n = 200_000
        var su = 0.0, sn = 0.0, sn2 = 0.0
        for _ in 0..<n {
            let u = rng.uniform(); XCTAssert(u >= 0 && u < 1)
            su += u
            let z = rng.normal(); sn += z; sn2 += z * z
        }
        // Tolerances: 5 standard errors of each sample mean.
        XCTAssertEqual(su / Double(n), 0.5, accuracy: 5 * (1.0 / 12).squareRoot() / Double(n).squareRoot())
        XCTAssertEqual(sn / Double(n), 0, accuracy: 5 / Double(n).squareRoot())
        XCTAssertEqual(sn2 / Double(n), 1, accuracy: 5 * 2.0.squareRoot() / Double(n).squareRoot())
    }
}
