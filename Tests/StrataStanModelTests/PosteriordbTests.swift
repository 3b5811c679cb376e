// posteriordb programs: those Strata supports compile and their gradients match finite differences.
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class PosteriordbTests: XCTestCase {
    /// Posteriors expected to compile (generated quantities included unless noted), with their unconstrained dimension.
    static let supported: [(name: String, dimension: Int, generatedQuantities: Bool)] = [
        ("arK-arK", 7, true),
        ("earnings-earn_height", 3, true),
        ("eight_schools-eight_schools_centered", 10, true),
        ("eight_schools-eight_schools_noncentered", 10, true),
        ("kidiq-kidscore_momiq", 3, true),
        ("kidiq_with_mom_work-kidscore_mom_work", 5, true),
        ("kilpisjarvi_mod-kilpisjarvi", 3, true),
        ("radon_mn-radon_hierarchical_intercept_noncentered", 90, true),
        ("radon_mn-radon_partially_pooled_centered", 88, true),
        ("radon_mn-radon_partially_pooled_noncentered", 88, true),
        ("radon_mn-radon_pooled", 3, true),
        ("radon_mn-radon_variable_intercept_slope_centered", 175, true),
        ("radon_mn-radon_variable_intercept_slope_noncentered", 175, true),
        ("sblrc-blr", 6, true),
        ("hmm_example-hmm_example", 4, false),
        ("gp_pois_regr-gp_pois_regr", 13, true),
        ("gp_pois_regr-gp_regr", 3, true),
    ]

    func compile(_ name: String, generatedQuantities: Bool) throws -> StanModel {
        try StanModel.compile(path: SharedFiles.url("posteriordb/\(name)/model.stan").path,
                              data: try DataSet(contentsOf: SharedFiles.url("posteriordb/\(name)/data.json")),
                              includeGeneratedQuantities: generatedQuantities)
    }

    func testSupportedPosteriorsCompileWithCorrectGradients() throws {
        for (k, p) in Self.supported.enumerated() {
            let stan: StanModel
            do { stan = try compile(p.name, generatedQuantities: p.generatedQuantities) } catch {
                XCTFail("\(p.name): \(error)"); continue
            }
            XCTAssertEqual(stan.model.dimension, p.dimension, p.name)
            try StanTestSupport.checkGradient(stan.model, seed: UInt64(200 + k), p.name)
            if !p.name.hasPrefix("hmm_example") && !p.name.hasPrefix("gp_pois_regr") {
                // Loops over observations are vectorised: the graph does not grow with the data.
                XCTAssertLessThan(stan.model.graph.operations.count, 30, p.name)
            }
        }
    }

    /// hmm_example's Viterbi decoding in generated quantities branches on parameter values: it runs on
    /// plain numbers per draw and gives the most probable path, checked against a Viterbi pass written here.
    func testViterbiInGeneratedQuantitiesMatchesAnIndependentDecoding() throws {
        let stan = try compile("hmm_example-hmm_example", generatedQuantities: true)
        let data = try DataSet(contentsOf: SharedFiles.url("posteriordb/hmm_example-hmm_example/data.json"))
        let n = try data.int("N"), k = try data.int("K"), y = try data.realArray("y", count: n)
        let names = stan.model.outputNames
        let evaluator = stan.model.makeEvaluator()
        for seed in [UInt64(3), 4, 5] {
            var outputs: [Double] = []
            try evaluator.writeOutputs(at: StanTestSupport.randomPoint(stan.model.dimension, seed: seed), into: &outputs)
            func value(_ name: String) -> Double { outputs[names.firstIndex(of: name)!] }
            let mu = (1...k).map { value("mu.\($0)") }
            let theta = (1...k).map { j in (1...k).map { value("theta.\(j).\($0)") } }
            func logNormal(_ x: Double, _ m: Double) -> Double { -0.5 * (x - m) * (x - m) - 0.5 * log(2 * Double.pi) }
            var best = (0..<k).map { logNormal(y[0], mu[$0]) }
            var back: [[Int]] = [Array(repeating: 0, count: k)]
            for t in 1..<n {
                var next = [Double](repeating: -.infinity, count: k), pointer = [Int](repeating: 0, count: k)
                for s in 0..<k { for j in 0..<k {
                    let lp = best[j] + log(theta[j][s]) + logNormal(y[t], mu[s])
                    if lp > next[s] { next[s] = lp; pointer[s] = j }
                } }
                best = next; back.append(pointer)
            }
            var path = [Int](repeating: 0, count: n)
            path[n - 1] = best.firstIndex(of: best.max()!)!
            for t in stride(from: n - 1, to: 0, by: -1) { path[t - 1] = back[t][path[t]] }
            XCTAssertEqual((1...n).map { Int(value("z_star.\($0)")) }, path.map { $0 + 1 }, "seed \(seed)")
            XCTAssertEqual(value("log_p_z_star"), best.max()!, accuracy: 1e-9 * abs(best.max()!))
        }
    }
}
