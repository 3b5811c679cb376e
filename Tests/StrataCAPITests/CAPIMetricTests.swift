// Compiles c/metric.c against libstrata_c: config.metric 3 (low rank) and config.adapt 2/3 (Stan's or the
// Fisher adaptation) reach the sampler, bad combinations are named, and marginalised models sample.
import Foundation
import StrataTestSupport
import XCTest

final class CAPIMetricTests: XCTestCase {
    func testMetricAndAdaptationSwitchesAndMarginalisedLoad() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-metric-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        guard let executable = try CAPIProgramTests.compileCProgram("metric", in: work, flags: ["-pedantic"]) else { return }
        let program = SharedFiles.url("posteriordb/eight_schools-eight_schools_centered/model.stan").path
        let result = try CAPIProgramTests.run(executable, [program, CAPI.eightSchoolsData, work.path])
        XCTAssertEqual(result.status, 0, result.output)
        let values = CAPIProgramTests.keyValues(result.output)
        // theta (8) is integrated out; every output is still reported.
        XCTAssertEqual(values["dimension_plain"], "10", result.output)
        XCTAssertEqual(values["dimension_marginalised"], "2", result.output)
        XCTAssertEqual(values["outputs_marginalised"], values["outputs_plain"], result.output)
        for run in ["lowrank", "stan", "default"] {
            XCTAssertEqual(values["\(run)_status"], "0", result.output)
            // mu: posterior mean 4.4, sd 3.3 (posteriordb); 4000 draws give an MCSE near 0.1.
            let mean = try XCTUnwrap(values["\(run)_mean"].flatMap(Double.init), result.output)
            XCTAssertEqual(mean, 4.4, accuracy: 0.8, "\(run): mean of mu")
        }
        func header(_ run: String) throws -> String {
            let folder = work.appendingPathComponent(run)
            let csv = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().first { $0.hasSuffix(".csv") })
            return try String(contentsOf: folder.appendingPathComponent(csv), encoding: .utf8)
                .split(separator: "\n").filter { $0.hasPrefix("#") }.joined(separator: "\n")
        }
        let lowRank = try header("lowrank"), marginalised = try header("default"), stan = try header("stan")
        XCTAssertTrue(lowRank.contains("diagonal plus low rank) adapted by Fisher"), lowRank)
        XCTAssertTrue(marginalised.contains("adapted by Fisher"), marginalised)
        XCTAssertTrue(stan.contains("metric = diag_e"), stan)
        XCTAssertFalse(stan.contains("Fisher"), stan)
        XCTAssertEqual(values["bad_adapt_status"], "1", result.output)
        XCTAssertTrue(values["bad_adapt_message"]?.contains("config->adapt") ?? false, result.output)
        XCTAssertEqual(values["lowrank_stan_status"], "1", result.output)
        XCTAssertTrue(values["lowrank_stan_message"]?.contains("config->metric") ?? false, result.output)
    }
}
