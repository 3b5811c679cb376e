// A short reference trace at a fixed seed, so any change to the sampler's arithmetic or RNG use shows up.
//
// To regenerate after an intended change: STRATA_PRINT_REFERENCE=1 swift test -c release
// --disable-swift-testing --filter ReferenceTraceTests, then paste the printed arrays below.
import Foundation
import StrataSamplers
import XCTest

final class ReferenceTraceTests: XCTestCase {
    private static let expectedFirstCoordinate: [Double] = [
        -1.0387181340062754, -1.050404034900135, 0.21682588587603968, -1.6775921725292526,
        -0.15515417046939606, -0.19621372151308225, 1.3168596641731283, 1.0717107428767472,
    ]
    private static let expectedLeapfrogs: [Int] = [7, 3, 7, 15, 15, 15, 7, 7]
    private static let expectedStepSize: Double = 0.39240131335217665

    func testReferenceTrace() throws {
        var config = SamplerConfiguration()
        config.chains = 1
        config.threads = 1
        config.seed = 42
        config.warmup = 150
        config.samples = 8
        config.adaptation = .stan   // Stan's windowed adaptation stays bit-for-bit as it was
        let model = AR1GaussianModel(scales: [1, 2, 0.5, 1.5], rho: 0.6)
        let r = try MultiChainRunner(configuration: config).run(model: model)[0]
        let first = r.values(ofOutput: 0)
        let leapfrogs = r.stats.map(\.leapfrogCount)
        if ProcessInfo.processInfo.environment["STRATA_PRINT_REFERENCE"] != nil {
            print("expectedFirstCoordinate:", first.map { "\($0)" }.joined(separator: ", "))
            print("expectedLeapfrogs:", leapfrogs)
            print("expectedStepSize:", r.stepSize)
        }
        XCTAssertEqual(leapfrogs, Self.expectedLeapfrogs)
        XCTAssertEqual(r.stepSize, Self.expectedStepSize, accuracy: 1e-13)
        XCTAssertEqual(first.count, Self.expectedFirstCoordinate.count)
        for (a, b) in zip(first, Self.expectedFirstCoordinate) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }
}
