// A program exercising many constructs at once: structured parameters, matrix algebra, reductions, locals.
import StrataOutput
import StrataStanModel
import XCTest

final class FeatureCoverageTests: XCTestCase {
    static let source = """
    data {
      int<lower=1> N;
      int<lower=1> K;
      array[N] vector[K] y;
      matrix[N, K] X;
      vector[K] lo;
    }
    transformed data {
      real total = 0;
      for (n in 1:N) total += sum(y[n]);
      int half = N %/% 2;
    }
    parameters {
      simplex[K] w;
      ordered[K] c;
      positive_ordered[K] p;
      cholesky_factor_corr[K] L;
      vector<lower=lo>[K] v;
      vector<offset=1, multiplier=2>[K] a;
      real<lower=-1, upper=1> r;
      matrix[K, K] M;
      unit_vector[K] u;
    }
    transformed parameters {
      vector[K] Mv = M * v;
      row_vector[K] vt = v';
      real q = vt * a;
    }
    model {
      vector[N] eta = X * a;
      matrix[K, K] Mt = M';
      L ~ lkj_corr_cholesky(2);
      y ~ multi_normal_cholesky(rep_vector(0, K), L);
      w ~ normal(softmax(c), 1);
      p ~ exponential(1);
      c ~ normal(0, 3);
      v ~ normal(lo + 1, 1);
      a ~ normal(1, 2);
      target += normal_lpdf(to_vector(M) | 0, 1) + normal_lupdf(Mt[1] | 0, 1);
      target += -0.5 * dot_self(Mv) - 0.1 * square(q) + log_sum_exp(eta) + log_sum_exp(r, 0.5 * r);
      target += normal_lpdf(segment(eta, 1, half) | 0, 5) + normal_lpdf(head(eta, 1) | total / 100, 3);
      for (k in 1:K) target += -square(u[k] - w[k]);
    }
    generated quantities {
      real s = sum(w);
      vector[K] cs = c - mean(c);
    }
    """

    func testManyConstructsHaveCorrectGradients() throws {
        let json = """
        {"N": 4, "K": 3,
         "y": [[0.1, -0.3, 0.5], [1.0, 0.2, -0.4], [-0.6, 0.7, 0.0], [0.3, 0.3, 0.3]],
         "X": [[1, 0.5, -0.2], [0.3, -1, 2], [0, 0.1, 0.2], [-0.5, 0.4, 1]],
         "lo": [-1, 0, 0.5]}
        """
        let stan = try StanModel.compile(source: Self.source, fileName: "features.stan", data: try DataSet(json: json))
        let m = stan.model
        // simplex 2 + ordered 3 + positive_ordered 3 + cholesky corr 3 + v 3 + a 3 + r 1 + M 9 + unit vector 3.
        XCTAssertEqual(m.dimension, 30)
        XCTAssertEqual(Array(m.outputNames.suffix(4)), ["s", "cs.1", "cs.2", "cs.3"])
        XCTAssertTrue(m.outputNames.contains("Mv.3") && m.outputNames.contains("q") && m.outputNames.contains("L.3.3"))
        for seed in UInt64(1)...3 {
            try StanTestSupport.checkGradient(m, seed: seed, "features.stan")
        }
        // Generated quantities: a simplex sums to one.
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 5), into: &out)
        XCTAssertEqual(out[m.outputNames.firstIndex(of: "s")!], 1, accuracy: 1e-12)
    }
}

final class CholeskyLoweringTests: XCTestCase {
    /// cholesky_decompose of a parameter matrix (B B' + I) and a parameter matrix product, against finite differences.
    func testCholeskyOfParameterMatrix() throws {
        let source = """
        data {
          matrix[3, 3] W;
        }
        parameters {
          matrix[3, 3] B;
        }
        model {
          matrix[3, 3] A = B * B' + diag_matrix(rep_vector(1, 3));
          matrix[3, 3] L = cholesky_decompose(A);
          target += sum(to_vector(L) .* to_vector(W)) - 0.5 * dot_self(to_vector(B));
        }
        """
        let data = try DataSet(json: #"{"W": [[1, 0.5, -0.2], [0.3, -1, 2], [0.7, 0.1, -0.4]]}"#)
        let m = try StanModel.compile(source: source, fileName: "chol.stan", data: data).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "chol.stan") }
        // L L' reproduces A at a point: check via outputs of a variant that reports L.
        let report = source.replacingOccurrences(of: "model {", with: "transformed parameters {\n  matrix[3, 3] L2 = cholesky_decompose(B * B' + diag_matrix(rep_vector(1, 3)));\n}\nmodel {")
        let r = try StanModel.compile(source: report, fileName: "chol2.stan", data: data).model
        let x = StanTestSupport.randomPoint(r.dimension, seed: 9)
        var out: [Double] = []
        try r.makeEvaluator().writeOutputs(at: x, into: &out)
        XCTAssertEqual(Array(r.outputNames[9..<12]), ["L2.1.1", "L2.2.1", "L2.3.1"], "matrix outputs are column-major")
        // B (a matrix parameter) is listed column-major too: B[i, k] is output 3k + i.
        let b = (0..<9).map { idx in out[(idx % 3) * 3 + idx / 3] }
        var l = [Double](repeating: 0, count: 9)
        for c in 0..<3 { for i in 0..<3 { l[i * 3 + c] = out[9 + c * 3 + i] } }
        for i in 0..<3 { for j in 0..<3 {
            var a = i == j ? 1.0 : 0.0, ll = 0.0
            for k in 0..<3 { a += b[i * 3 + k] * b[j * 3 + k]; ll += l[i * 3 + k] * l[j * 3 + k] }
            XCTAssertEqual(ll, a, accuracy: 1e-12)
            if j > i { XCTAssertEqual(l[i * 3 + j], 0) }
        } }
    }
}

final class StructuredArrayParameterTests: XCTestCase {
    /// `array[K] simplex[K]` parameters: one simplex per row, CmdStan-style names, correct gradients.
    func testArrayOfSimplexes() throws {
        let program = """
        parameters {
          array[2] simplex[3] theta;
        }
        model {
          target += log(theta[1, 2]) + 2 * log(theta[2, 3]) + sum(log(to_vector(theta[1])));
        }
        """
        let m = try StanModel.compile(source: program, fileName: "rows.stan", data: nil).model
        XCTAssertEqual(m.dimension, 4)
        // CmdStan's order: column-major, the array index fastest.
        XCTAssertEqual(m.outputNames, ["theta.1.1", "theta.2.1", "theta.1.2", "theta.2.2", "theta.1.3", "theta.2.3"])
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: [0.3, -0.2, 1.1, 0.4], into: &out)
        XCTAssertEqual(out[0] + out[2] + out[4], 1, accuracy: 1e-12)
        XCTAssertEqual(out[1] + out[3] + out[5], 1, accuracy: 1e-12)
        try StanTestSupport.checkGradient(m, seed: 2, "rows.stan")
    }
}
