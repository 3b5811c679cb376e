// E-BFMI values, divergence/tree-depth counts and the wording of sampler and convergence warnings.
import StrataDiagnostics
import XCTest

/// E-BFMI tolerances: over 2000 simulated chains of 1000 energies the estimator had mean 2.000,
/// sd 0.064 for independent energies and mean 0.207, sd 0.027 for AR(1) energies with rho = 0.9
/// (theory 2(1 - rho) = 0.2); the tests allow 5 sd.
final class SamplerHealthTests: XCTestCase {
    func testEBFMIByHand() {
        // Differences 1, 2 -> 5; deviations from 7/3 -> 42/9; ratio 45/42.
        XCTAssertEqual(EnergyBFMI.value(energy: [1, 2, 4]), 45.0 / 42, accuracy: 1e-15)
        XCTAssertTrue(EnergyBFMI.value(energy: [3, 3, 3]).isNaN)
        XCTAssertTrue(EnergyBFMI.value(energy: [3]).isNaN)
    }

    func testEBFMIOfIndependentAndAutocorrelatedEnergies() {
        var rng = TestRandom(seed: 2016)
        let iid = rng.iidChains(chains: 1, length: 1000)[0]
        XCTAssertEqual(EnergyBFMI.value(energy: iid), 2, accuracy: 5 * 0.064)
        let sticky = rng.ar1Chains(chains: 1, length: 1000, rho: 0.9)[0]
        XCTAssertEqual(EnergyBFMI.value(energy: sticky), 0.2, accuracy: 5 * 0.027 + 0.007)
    }

    private func makeHealth() throws -> SamplerHealth {
        var rng = TestRandom(seed: 3)
        var divergent = [[Bool]](repeating: [Bool](repeating: false, count: 1000), count: 4)
        for i in [3, 50, 51, 700, 999] { divergent[0][i] = true }
        for i in [1, 2, 3, 4, 5, 6, 7] { divergent[2][i] = true }
        var depth = [[Int]](repeating: [Int](repeating: 4, count: 1000), count: 4)
        depth[1][10] = 10; depth[1][20] = 10; depth[3][0] = 10
        var energy = rng.iidChains(chains: 4, length: 1000)
        energy[1] = rng.ar1Chains(chains: 1, length: 1000, rho: 0.95)[0]
        return try SamplerHealth(divergent: divergent, treeDepth: depth, energy: energy, maxTreeDepth: 10)
    }

    func testCountsAndSamplerMessages() throws {
        let health = try makeHealth()
        XCTAssertEqual(health.totalTransitions, 4000)
        XCTAssertEqual(health.divergencesPerChain, [5, 0, 7, 0])
        XCTAssertEqual(health.maxTreeDepthHitsPerChain, [0, 2, 0, 1])
        XCTAssertLessThan(health.ebfmiPerChain[1], 0.3)
        XCTAssertGreaterThan(health.ebfmiPerChain[0], 0.3)
        let messages = SamplerWarnings().samplerMessages(health)
        XCTAssertEqual(messages.count, 3, "\(messages)")
        XCTAssertEqual(messages[0], "12 of 4000 (0.30%) transitions ended with a divergence. "
            + "Consider increasing adapt_delta or reparameterising.")
        XCTAssertTrue(messages[1].hasPrefix("3 of 4000 (0.08%) transitions reached the maximum tree depth of 10."),
                      messages[1])
        XCTAssertTrue(messages[2].hasPrefix("Chain 2: E-BFMI is 0."), messages[2])
        XCTAssertTrue(messages[2].contains("below 0.30"), messages[2])
    }

    func testHealthyRunHasNoMessages() throws {
        var rng = TestRandom(seed: 4)
        let health = try SamplerHealth(
            divergent: [[Bool]](repeating: [Bool](repeating: false, count: 500), count: 2),
            treeDepth: [[Int]](repeating: [Int](repeating: 3, count: 500), count: 2),
            energy: rng.iidChains(chains: 2, length: 500), maxTreeDepth: 10)
        let summaries = try PosteriorSummary.summarize(names: ["x"], draws: [rng.iidChains(chains: 2, length: 500)])
        XCTAssertEqual(SamplerWarnings().messages(health: health, summaries: summaries, chains: 2), [])
    }

    func testConvergenceMessagesNameTheVariables() {
        let good = PosteriorSummary(name: "alpha", mean: 0, mcseMean: 0.01, sd: 1, median: 0, q5: -1.6, q95: 1.6,
                                    essBulk: 3900, essTail: 3800, rHat: 1.001)
        let bad = PosteriorSummary(name: "tau", mean: 3, mcseMean: 0.3, sd: 3, median: 2, q5: 0.2, q95: 9,
                                   essBulk: 150, essTail: 420, rHat: 1.04)
        let messages = SamplerWarnings().convergenceMessages([good, bad], chains: 4)
        XCTAssertEqual(messages.count, 2, "\(messages)")
        XCTAssertTrue(messages[0].hasPrefix("R-hat is above 1.01 for tau:"), messages[0])
        XCTAssertTrue(messages[1].hasPrefix("Bulk effective sample size is below 400 (100 per chain) for tau:"),
                      messages[1])
    }

    func testMismatchedInputsThrow() {
        XCTAssertThrowsError(try SamplerHealth(divergent: [[false]], treeDepth: [[1], [1]], energy: [[1]],
                                               maxTreeDepth: 10))
        XCTAssertThrowsError(try SamplerHealth(divergent: [[false, true]], treeDepth: [[1]], energy: [[1, 2]],
                                               maxTreeDepth: 10)) { error in
            XCTAssertTrue("\(error)".contains("chain 0"), "\(error)")
        }
        XCTAssertThrowsError(try SamplerHealth(divergent: [], treeDepth: [], energy: [], maxTreeDepth: 0))
    }
}
