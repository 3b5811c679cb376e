// Tests of the sampling and optimisation entry points: config layout and validation, draws
// against the posteriordb reference, reproducibility, CSV output, and the L-BFGS mode.
import Foundation
import StrataCAPI
import StrataTestSupport
import XCTest

final class CAPISampleTests: XCTestCase {
    func testConfigLayoutMatchesTheCHeader() {
        XCTAssertEqual(MemoryLayout<StrataSampleConfig>.size, 48)
        XCTAssertEqual(MemoryLayout<StrataSampleConfig>.alignment, 8)
        let offsets = [\StrataSampleConfig.chains, \.warmup, \.samples, \.thin, \.maxDepth, \.metric, \.threads, \.adapt]
            .map { MemoryLayout<StrataSampleConfig>.offset(of: $0) }
        XCTAssertEqual(offsets, [0, 4, 8, 12, 16, 20, 24, 28])
        XCTAssertEqual(MemoryLayout<StrataSampleConfig>.offset(of: \.seed), 32)
        XCTAssertEqual(MemoryLayout<StrataSampleConfig>.offset(of: \.adaptDelta), 40)
    }

    func testDefaultsAreStans() {
        var config = StrataSampleConfig()
        config.chains = -5
        strata_sample_config_default(&config)
        XCTAssertEqual(config, StrataSampleConfig())
        XCTAssertEqual([config.chains, config.warmup, config.samples, config.thin, config.maxDepth, config.metric,
                        config.threads, config.adapt], [4, 1000, 1000, 1, 10, 1, 0, 1])
        XCTAssertEqual(config.seed, 1234)
        XCTAssertEqual(config.adaptDelta, 0.8)
        strata_sample_config_default(nil)
    }

    func testBadConfigFieldsAndBuffersAreNamed() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        func status(_ edit: (inout StrataSampleConfig) -> Void, drawsLength: Int64 = 0) -> Int32 {
            var config = StrataSampleConfig()
            edit(&config)
            var buffer = [Double](repeating: 0, count: 1)
            return drawsLength == 0 ? strata_sample(model, &config, nil, nil, 0)
                                    : strata_sample(model, &config, nil, &buffer, drawsLength)
        }
        let cases: [((inout StrataSampleConfig) -> Void, String)] = [
            ({ $0.metric = 7 }, "config->metric"), ({ $0.chains = 0 }, "config->chains"),
            ({ $0.adaptDelta = 1.5 }, "config->adapt_delta"), ({ $0.thin = 0 }, "config->thin"),
            ({ $0.maxDepth = 31 }, "config->max_depth"), ({ $0.threads = -1 }, "config->threads"),
            ({ $0.warmup = -1 }, "config->warmup"), ({ $0.samples = -3 }, "config->samples"),
        ]
        for (edit, field) in cases {
            XCTAssertEqual(status(edit), 1)
            XCTAssertTrue(CAPI.lastError.contains(field), CAPI.lastError)
        }
        XCTAssertEqual(status({ $0.samples = 10; $0.chains = 1 }, drawsLength: 1), 1)
        XCTAssertTrue(CAPI.lastError.contains("'draws_len' is 1 but 180"), CAPI.lastError)
        XCTAssertEqual(strata_sample(model, nil, nil, nil, 0), 1)
        XCTAssertTrue(CAPI.lastError.contains("'config' is NULL"), CAPI.lastError)
        var config = StrataSampleConfig()
        config.thin = 3
        var length: Int64 = 0
        XCTAssertEqual(strata_sample_draws_length(model, &config, &length), 0)
        XCTAssertEqual(length, 4 * 334 * 18)
    }

    /// A short run: 4 chains on 2 threads, checked against posteriordb with MCSE tolerances, then
    /// rerun on 1 thread to check the draws are identical.
    func testSampleMatchesReferenceAndIsReproducibleAcrossThreadCounts() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var config = StrataSampleConfig()
        config.warmup = 500
        config.samples = 500
        config.threads = 2
        config.seed = 8
        var length: Int64 = 0
        XCTAssertEqual(strata_sample_draws_length(model, &config, &length), 0)
        var draws = [Double](repeating: .nan, count: Int(length))
        XCTAssertEqual(strata_sample(model, &config, nil, &draws, length), 0, CAPI.lastError)
        XCTAssertTrue(draws.allSatisfy(\.isFinite))
        let names = (0..<18).map { j -> String in
            var name: UnsafePointer<CChar>?
            _ = strata_model_output_name(model, Int64(j), &name)
            return String(cString: name!)
        }
        try PosteriorReference.assertMatches("eight_schools-eight_schools_noncentered", draws: { reference in
            guard let j = names.firstIndex(of: PosteriorReference.cmdStanName(reference)) else { return nil }
            return (0..<4).map { c in (0..<500).map { i in draws[(c * 500 + i) * 18 + j] } }
        }, sdTolerance: 0.25)

        config.threads = 1
        var again = [Double](repeating: .nan, count: Int(length))
        XCTAssertEqual(strata_sample(model, &config, nil, &again, length), 0, CAPI.lastError)
        XCTAssertEqual(again, draws, "draws must not depend on the thread count")
    }

    func testSampleWritesOneCSVPerChainAndReportsUnwritableFolders() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-csv-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = StrataSampleConfig()
        config.chains = 2
        config.warmup = 100
        config.samples = 50
        XCTAssertEqual(strata_sample(model, &config, folder.path, nil, 0), 0, CAPI.lastError)
        for chain in 1...2 {
            let text = try String(contentsOf: folder.appendingPathComponent("eight_schools_noncentered_\(chain).csv"),
                                  encoding: .utf8)
            let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            XCTAssertTrue(rows.first?.hasPrefix("lp__,") ?? false)
            XCTAssertEqual(rows.count, 51, "header plus 50 draws")
        }
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        XCTAssertEqual(strata_sample(model, &config, blocker.appendingPathComponent("sub").path, nil, 0), 6)
        XCTAssertTrue(CAPI.lastError.contains("output_dir"), CAPI.lastError)
    }

    /// The MAP estimate (with Jacobian) must be a stationary point of the same density.
    func testOptimizeFindsAStationaryPoint() throws {
        let model = CAPI.load()
        defer { strata_model_free(model) }
        var outputs = [Double](repeating: .nan, count: 18)
        var lp = Double.nan
        XCTAssertEqual(strata_optimize(model, 1, 3, &outputs, 18, &lp), 0, CAPI.lastError)
        let x = [outputs[0], log(outputs[1])] + Array(outputs[2..<10])
        let atMode = CAPI.logDensity(model, x, jacobian: true)
        XCTAssertEqual(atMode.lp, lp, accuracy: 1e-9 * abs(lp))
        let norm = atMode.gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertLessThan(norm, 1e-3, "gradient at the mode \(atMode.gradient)")
        XCTAssertEqual(strata_optimize(model, 1, 3, &outputs, 17, &lp), 1)
        XCTAssertTrue(CAPI.lastError.contains("'m' is 17"), CAPI.lastError)
        XCTAssertEqual(strata_optimize(model, 1, 3, nil, 18, &lp), 1)
    }
}
