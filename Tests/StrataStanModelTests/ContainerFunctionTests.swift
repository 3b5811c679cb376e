// Stan programs using the container functions and the added families: gradients against finite differences, values against plain Swift.
import StrataOutput
import StrataStanModel
import XCTest

final class ContainerFunctionTests: XCTestCase {
    static let source = """
    data {
      vector[3] x;
      matrix[3, 3] S;
      array[2, 3] real A;
      array[4] int counts;
    }
    transformed data {
      array[2] int d = dims(A);
      matrix[2, 3] Am = to_matrix(A);
      vector[3] ev = eigenvalues_sym(S);
      matrix[3, 3] evec = eigenvectors_sym(S);
    }
    parameters {
      vector[3] v;
      matrix[3, 3] M;
      real<lower=0, upper=1> th;
      simplex[3] w;
      real<lower=0> phi;
    }
    model {
      v ~ multi_normal(x, S);
      v ~ multi_normal_prec(x, S);
      to_vector(M) ~ normal(0, 1);
      w ~ dirichlet([1, 2, 3]');
      th ~ beta(2, 2);
      phi ~ gamma(2, 1);
      counts ~ neg_binomial_2(exp(v[1]) + 1, phi);
      counts ~ neg_binomial_2_log(v[2], phi);
      x ~ logistic(v[1], 2);
      x ~ double_exponential(v[2], 1.5);
      x ~ gumbel(v[3], 2);
      phi ~ weibull(1.5, exp(v[3]));
      target += sum(cumulative_sum(v)) + 0.1 * prod(v);
      target += sum(sub_col(M, 2, 1, 2)) + sum(sub_row(M, 1, 2, 2)) + sum(col(M, 3)) - sum(row(M, 2));
      target += -0.1 * sum(square(to_vector(diag_pre_multiply(v, M)))) - 0.1 * sum(square(to_vector(diag_post_multiply(M, v))));
      target += -0.05 * sum(multiply_lower_tri_self_transpose(M)) - 0.05 * quad_form(S, v) - 0.01 * sum(quad_form_diag(S, v));
      target += log_mix(th, normal_lpdf(x[1] | v[1], 1), normal_lpdf(x[1] | v[2], 2));
      target += log_mix(w, [normal_lpdf(x[2] | v[1], 1), normal_lpdf(x[2] | v[2], 1), normal_lpdf(x[2] | v[3], 1)]');
      target += -0.1 * sum(square(to_vector(append_col(v, M)))) - 0.1 * sum(append_row(v', M)) - 0.1 * sum(rep_matrix(v', 2));
      target += categorical_lpmf(2 | w) + categorical_logit_lpmf({1, 3} | v);
      target += -0.1 * sum(transpose(M) * v) + 0.01 * sum(Am) * d[1];
    }
    generated quantities {
      real p = prod(v);
      vector[3] cs = cumulative_sum(v);
      vector[2] sc = sub_col(M, 2, 1, 2);
      row_vector[2] sr = sub_row(M, 1, 2, 2);
      matrix[3, 2] rm = rep_matrix(v, 2);
      real e1 = ev[1];
      real e3 = ev[3];
      real lm = log_mix(th, 0.3, -1.2);
    }
    """

    static let json = """
    {"x": [0.3, -0.2, 1.1], "S": [[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 0.8]],
     "A": [[1, 2, 3], [4, 5, 6]], "counts": [0, 3, 7, 1]}
    """

    func testGradientsAndValues() throws {
        let stan = try StanModel.compile(source: Self.source, fileName: "containers.stan", data: try DataSet(json: Self.json))
        let m = stan.model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "containers.stan") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 7), into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let v = (1...3).map { value("v.\($0)") }
        XCTAssertEqual(value("p"), v[0] * v[1] * v[2], accuracy: 1e-12)
        XCTAssertEqual(value("cs.3"), v[0] + v[1] + v[2], accuracy: 1e-12)
        XCTAssertEqual(value("sc.1"), value("M.2.1"))
        XCTAssertEqual(value("sc.2"), value("M.3.1"))
        XCTAssertEqual(value("sr.2"), value("M.1.3"))
        XCTAssertEqual(value("rm.3.2"), v[2])
        // Eigenvalues of S (ascending), from numpy.linalg.eigvalsh.
        XCTAssertEqual(value("e1"), 0.50963453, accuracy: 1e-8)
        XCTAssertEqual(value("e3"), 2.16816466, accuracy: 1e-8)
        let th = value("th")
        XCTAssertEqual(value("lm"), Foundation.log(th * Foundation.exp(0.3) + (1 - th) * Foundation.exp(-1.2)), accuracy: 1e-12)
    }
}

final class TruncationAndCDFTests: XCTestCase {
    /// Φ(z) from erfc, for the expected values.
    func phi(_ z: Double) -> Double { 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) }

    func testTruncatedNormalAndLogCCDFMatchClosedForms() throws {
        let source = """
        data { real y; }
        parameters { real mu; }
        model {
          y ~ normal(mu, 1) T[0, ];
          y ~ normal(mu, 2) T[-1, 3];
          y ~ normal(mu, 1.5) T[, 4];
          target += student_t_lccdf(0 | 3, mu, 1.5) + normal_lcdf(y | mu, 1) + log(logistic_cdf(y | mu, 1));
        }
        """
        let m = try StanModel.compile(source: source, fileName: "trunc.stan", data: try DataSet(json: #"{"y": 1.2}"#)).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "trunc.stan") }
        let mu = 0.4, y = 1.2
        let (value, _) = try StanTestSupport.valueAndGradient(m, at: [mu])
        var expected = -0.5 * (y - mu) * (y - mu) - Foundation.log(phi(mu))
        expected += -0.5 * (y - mu) * (y - mu) / 4 - Foundation.log(phi((3 - mu) / 2) - phi((-1 - mu) / 2))
        expected += -0.5 * (y - mu) * (y - mu) / 2.25 - Foundation.log(phi((4 - mu) / 1.5))
        // P(T_3 > (0 − μ)/1.5) for Student's t with 3 degrees of freedom (closed form of its CDF).
        let t = (0 - mu) / 1.5
        let cdf3 = 0.5 + (t / (3.0.squareRoot() * (1 + t * t / 3)) + Foundation.atan(t / 3.0.squareRoot())) / Double.pi
        expected += Foundation.log(1 - cdf3) + Foundation.log(phi(y - mu)) - Foundation.log1p(Foundation.exp(-(y - mu)))
        XCTAssertEqual(value, expected, accuracy: 1e-10)
    }
}
