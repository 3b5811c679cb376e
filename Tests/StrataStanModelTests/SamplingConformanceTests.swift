// NUTS on a lowered Stan program (posteriordb eight_schools_noncentered.stan) matches the reference posterior.
import Strata
import StrataStanModel
import StrataTestSupport
import XCTest

final class SamplingConformanceTests: XCTestCase {
    func testEightSchoolsNonCenteredStanProgramMatchesReference() throws {
        let posterior = "eight_schools-eight_schools_noncentered"
        let stan = try StanModel.compile(path: SharedFiles.url("posteriordb/\(posterior)/model.stan").path,
                                         data: try DataSet(contentsOf: SharedFiles.url("posteriordb/\(posterior)/data.json")))
        var config = SamplerConfiguration()
        config.chains = 2
        config.warmup = 500
        config.samples = 1000
        config.adaptDelta = 0.9
        config.seed = 11
        let results = try MultiChainRunner(configuration: config).run(model: stan.model)
        let names = stan.model.outputNames
        // Means within 4 combined MCSEs; sd loosely (few draws, heavy-tailed tau).
        try PosteriorReference.assertMatches(posterior, draws: { name in
            guard let j = names.firstIndex(of: PosteriorReference.cmdStanName(name)) else { return nil }
            return results.map { $0.values(ofOutput: j) }
        }, sdTolerance: 0.3)
    }
}
