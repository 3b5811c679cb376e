// Which parameters automatic marginalisation integrates out, why it keeps the others, and generated quantities that use them.
import XCTest
import Strata
import StrataTestSupport

final class MarginalisationPlanTests: XCTestCase {
    static let data = #"{"N": 3, "y": [1.0, 2.0, 0.5], "x": [0.5, 1.5, 2.0], "s": [0.3, 0.2, 0.4]}"#

    func compile(_ body: String) throws -> StanModel {
        let source = "data { int N; vector[N] y; vector[N] x; vector<lower=0>[N] s; }\n" + body
        return try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: Self.data), marginalise: true)
    }

    func testAffineMeansAreIntegratedOutInVectorAndLoopForm() throws {
        for model in [
            "parameters { real<lower=0> b; vector<lower=-5, upper=5>[N] z; } model { y ~ normal(2 * (z .* x) / b - x + 1, s); }",
            "parameters { real<lower=0> b; vector<lower=-5, upper=5>[N] z; } model { for (i in 1:N) y[i] ~ normal(-z[i] * b + x[i], s[i]); }",
            "parameters { real m; vector[N] z; } model { z ~ normal(m, 2); target += normal_lpdf(y | x .* z, s); }",
        ] {
            let stan = try compile(model)
            XCTAssertEqual(stan.marginalisation.integratedOut.map(\.parameter), ["z"], model)
            XCTAssertEqual(stan.model.dimension, 1, model)
            XCTAssertEqual(stan.model.outputNames.count, 4, model)
        }
    }

    func testCandidatesThatCannotBeIntegratedOutAreKeptWithAReason() throws {
        let cases: [(String, String)] = [
            ("parameters { vector[N] z; } model { y ~ normal(exp(z), s); }", "not affine"),
            ("parameters { vector[N] z; } transformed parameters { vector[N] w = 2 * z; } model { y ~ normal(z, s); }", "transformed parameters"),
            ("parameters { vector<lower=0>[N] z; } model { z ~ normal(0, 1); y ~ normal(z, s); }", "truncated prior"),
            ("parameters { vector[N] z; } model { y ~ normal(z, s); y ~ normal(z, 2 * s); }", "2 normal likelihood"),
            ("parameters { real z; } model { y ~ normal(z, s); }", "terms where its mean refers"),
            ("parameters { vector[N] z; } model { z ~ cauchy(0, 1); y ~ normal(z, s); }", "outside its likelihood"),
        ]
        for (model, reason) in cases {
            let stan = try compile(model)
            XCTAssertTrue(stan.marginalisation.integratedOut.isEmpty, model)
            XCTAssertTrue(stan.marginalisation.kept.contains { $0.parameter == "z" && $0.reason.contains(reason) },
                          "\(model): \(stan.marginalisation.lines)")
            XCTAssertEqual(stan.model.dimension, stan.model.outputNames.count - (model.contains("transformed") ? 3 : 0), model)
        }
    }

    func testGeneratedQuantitiesSeeTheConditionalDraws() throws {
        let stan = try compile("""
            parameters { real<lower=0> b; vector<lower=-5, upper=5>[N] z; }
            model { b ~ lognormal(0, 1); y ~ normal(b * z, s); }
            generated quantities { real total = sum(z); }
            """)
        XCTAssertEqual(stan.marginalisation.integratedOut.map(\.parameter), ["z"])
        var config = SamplerConfiguration()
        config.chains = 2; config.warmup = 100; config.samples = 50; config.seed = 3
        let results = try MultiChainRunner(configuration: config).run(model: stan.model)
        let names = stan.model.outputNames
        XCTAssertEqual(names, ["b", "z.1", "z.2", "z.3", "total"])
        for r in results {
            for i in 0..<50 {
                let z = (1...3).map { r.values(ofOutput: $0)[i] }
                XCTAssertTrue(z.allSatisfy { $0 >= -5 && $0 <= 5 })
                XCTAssertEqual(r.values(ofOutput: 4)[i], z.reduce(0, +), accuracy: 1e-12)
            }
            // Exact conditional draws differ from draw to draw.
            XCTAssertGreaterThan(Set(r.values(ofOutput: 1)).count, 45)
        }
    }

    func testMarginalisationOffKeepsEveryParameter() throws {
        let source = "data { int N; vector[N] y; vector[N] x; vector<lower=0>[N] s; }\n"
            + "parameters { real<lower=0> b; vector<lower=-5, upper=5>[N] z; } model { y ~ normal(b * z, s); }"
        let stan = try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: Self.data))
        XCTAssertEqual(stan.model.dimension, 4)
        XCTAssertTrue(stan.marginalisation.lines.isEmpty)
    }
}
