// GLM densities with one row of predictors (Stan's row_vector forms) equal the base family at alpha + x * beta.
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import StrataTestSupport
import XCTest

final class GLMRowVectorTests: XCTestCase {
    private func evaluator(_ source: String, data: String) throws -> (StanModel, [Double]) {
        let model = try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: data))
        return (model, [0.3, -0.7, 1.1, 0.2])
    }

    /// `y ~ family_glm(x_row, alpha, beta, ...)` against the same density written out with the linear predictor;
    /// both at a point and in their gradients.
    func testRowVectorGLMsMatchTheirBaseFamilies() throws {
        let data = "{\"y\": [0.5, -1.2, 2.0], \"k\": [1, 0, 1], \"n\": [3, 0, 5], \"x\": [0.4, -1.5]}"
        let header = "data { vector[3] y; array[3] int k; array[3] int n; row_vector[2] x; }\n"
            + "parameters { real alpha; vector[2] beta; real<lower=0> sigma; }\n"
        let pairs = [
            ("y ~ normal_id_glm(x, alpha, beta, sigma);", "y ~ normal(alpha + x * beta, sigma);"),
            ("k ~ bernoulli_logit_glm(x, alpha, beta);", "k ~ bernoulli_logit(alpha + x * beta);"),
            ("n ~ poisson_log_glm(x, alpha, beta);", "n ~ poisson_log(alpha + x * beta);"),
        ]
        for (glm, base) in pairs {
            let (a, point) = try evaluator(header + "model { \(glm) }\n", data: data)
            let (b, _) = try evaluator(header + "model { \(base) }\n", data: data)
            let ea = a.model.makeEvaluator(), eb = b.model.makeEvaluator()
            var ga = [Double](repeating: 0, count: 4), gb = ga
            let la = try ea.logDensityAndGradient(at: point, gradient: &ga)
            let lb = try eb.logDensityAndGradient(at: point, gradient: &gb)
            XCTAssertEqual(la, lb, accuracy: 1e-10, glm)
            for i in 0..<4 { XCTAssertEqual(ga[i], gb[i], accuracy: 1e-10, "\(glm) d/dx[\(i)]") }
            try FiniteDifferences.assertGradient(ga, matches: { try ea.logDensity(at: $0) }, at: point,
                                                 relativeTolerance: 1e-5, absoluteTolerance: 1e-7, glm)
        }
        // neg_binomial_2_log_glm is type-checked in both forms (its lowering is not implemented in either).
        XCTAssertTrue(StanFrontEnd.check(source: header + "model { n ~ neg_binomial_2_log_glm(x, alpha, beta, sigma); }\n")
            .succeeded)
        XCTAssertFalse(StanFrontEnd.check(source: header + "model { y ~ normal_id_glm(x', alpha, beta, sigma); }\n")
            .diagnostics.isEmpty, "a column vector of predictors is not a GLM signature")
    }
}
