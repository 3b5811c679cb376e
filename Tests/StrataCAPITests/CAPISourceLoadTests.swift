// Tests of the API version 2 calls: models from text, block counts, unconstrain, and sampler statistics.
import Foundation
import StrataCAPI
import StrataTestSupport
import XCTest

final class CAPISourceLoadTests: XCTestCase {
    static var decaySeed: String { SharedFiles.url("models/decay_seed.stan").path }
    static var decayDays: String { SharedFiles.url("data/decay_days.json").path }

    /// Loads a program from text, failing the test on error.
    private func load(_ code: String, name: String = "test.stan", data: String? = nil, flags: Int32 = 0) -> OpaquePointer? {
        var handle: OpaquePointer?
        let status = strata_model_load_string(name, code, data == nil ? nil : "data.json", data, flags, &handle)
        XCTAssertEqual(status, 0, CAPI.lastError)
        return handle
    }

    func testSamplingIntegratesOutLikeTheCommandLineUnlessAsked() throws {
        let code = try String(contentsOfFile: Self.decaySeed), data = try String(contentsOfFile: Self.decayDays)
        let marginal = load(code, name: "decay_seed.stan", data: data)
        let joint = load(code, name: "decay_seed.stan", data: data, flags: 2)
        defer { strata_model_free(marginal); strata_model_free(joint) }
        XCTAssertEqual(CAPI.sizes(marginal).dimension, 101, "the density calls use the full joint density")
        var config = StrataSampleConfig()
        config.chains = 1; config.warmup = 100; config.samples = 20; config.seed = 5
        let outputs = CAPI.sizes(marginal).outputs
        var a = [Double](repeating: .nan, count: 20 * outputs), b = a
        var statsA = [Double](repeating: .nan, count: 20 * 7), statsB = statsA
        XCTAssertEqual(strata_sample_with_stats(marginal, &config, nil, 0, nil, &a, Int64(a.count), &statsA, Int64(statsA.count)), 0, CAPI.lastError)
        XCTAssertEqual(strata_sample_with_stats(joint, &config, nil, 0, nil, &b, Int64(b.count), &statsB, Int64(statsB.count)), 0, CAPI.lastError)
        // The marginalised run moves one parameter per leapfrog step (alpha): its trees differ from the joint run's.
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.allSatisfy(\.isFinite) && b.allSatisfy(\.isFinite))
    }

    func testBlockCountsAndUnconstrainOfMatrixAndArrayParameters() throws {
        let code = """
        parameters { matrix[2, 3] m; array[2] simplex[3] s; real<lower=0> sigma; }
        transformed parameters { real twice = 2 * sigma; }
        model { to_vector(m) ~ normal(0, 1); sigma ~ exponential(1); }
        generated quantities { array[2] real g = {sigma, -sigma}; }
        """
        let model = load(code)
        defer { strata_model_free(model) }
        var p: Int64 = -1, t: Int64 = -1, g: Int64 = -1
        XCTAssertEqual(strata_model_output_counts(model, &p, &t, &g), 0)
        XCTAssertEqual([p, t, g], [13, 1, 2])
        let n = CAPI.sizes(model).dimension
        let x = (0..<n).map { 0.3 * sin(Double($0) + 0.5) }
        var values = [Double](repeating: .nan, count: 16)
        XCTAssertEqual(strata_constrain(model, x, Int64(n), &values, 16), 0, CAPI.lastError)
        var back = [Double](repeating: .nan, count: n)
        XCTAssertEqual(strata_unconstrain(model, values, 13, &back, Int64(n)), 0, CAPI.lastError)
        for (u, v) in zip(back, x) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        XCTAssertEqual(strata_unconstrain(model, values, 12, &back, Int64(n)), 1)
        XCTAssertTrue(CAPI.lastError.contains("argument 'm'"), CAPI.lastError)
        values[12] = -1
        XCTAssertNotEqual(strata_unconstrain(model, values, 13, &back, Int64(n)), 0)
        XCTAssertTrue(CAPI.lastError.contains("sigma"), CAPI.lastError)
    }

    func testProgramAndDataErrorsNameTheirPlace() throws {
        var handle: OpaquePointer?
        XCTAssertEqual(strata_model_load_string("bad.stan", "parameters {\n  real x\n}\n", nil, nil, 0, &handle), 2)
        XCTAssertNil(handle)
        XCTAssertTrue(CAPI.lastError.contains("bad.stan:2:"), CAPI.lastError)
        let code = "data { int<lower=0> N; } parameters { real mu; } model { mu ~ normal(0, N); }"
        XCTAssertEqual(strata_model_load_string("d.stan", code, "mine.json", "{\"M\": 3}", 0, &handle), 2)
        XCTAssertTrue(CAPI.lastError.contains("mine.json") && CAPI.lastError.contains("'N'"), CAPI.lastError)
        XCTAssertEqual(strata_model_load_string("d.stan", nil, nil, nil, 0, &handle), 1)
        XCTAssertTrue(CAPI.lastError.contains("stan_code"), CAPI.lastError)
    }

    func testSourceLoadCProgramRuns() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-src-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        guard let executable = try CAPIProgramTests.compileCProgram("source_load", in: work, flags: ["-pedantic"]) else { return }
        let result = try CAPIProgramTests.run(executable, [Self.decaySeed, Self.decayDays])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("failures = 0"), result.output)
        XCTAssertTrue(result.output.contains("parameters = 101\n"), result.output)
        XCTAssertTrue(result.output.contains("broken_message = strata_model_load_string: broken.stan:2:"), result.output)
    }
}
