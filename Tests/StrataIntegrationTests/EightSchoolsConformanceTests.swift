// Eight schools (non-centred) sampled with NUTS matches posteriordb's reference posterior.
import XCTest
import Strata
import StrataTestSupport

final class EightSchoolsConformanceTests: XCTestCase {
    func testNonCenteredMatchesPosteriordbReference() throws {
        let data = try SharedFiles.json("posteriordb/eight_schools-eight_schools_noncentered/data.json") as! [String: Any]
        let y = (data["y"] as! [NSNumber]).map(\.doubleValue), sigma = (data["sigma"] as! [NSNumber]).map(\.doubleValue)
        let model = try EightSchoolsModel.nonCentered(y: y, sigma: sigma)
        var config = SamplerConfiguration()
        config.chains = 4
        config.warmup = 1000
        config.samples = 2500
        config.adaptDelta = 0.9
        config.seed = 20261123
        let results = try MultiChainRunner(configuration: config).run(model: model)
        let names = model.outputNames
        try PosteriorReference.assertMatches("eight_schools-eight_schools_noncentered", draws: { name in
            guard let j = names.firstIndex(of: PosteriorReference.cmdStanName(name)) else { return nil }
            return results.map { $0.values(ofOutput: j) }
        }, sdTolerance: 0.1)
        let divergences = results.reduce(0) { $0 + $1.divergenceCount }
        XCTAssertLessThan(divergences, 20, "non-centred eight schools should rarely diverge")
    }
}
