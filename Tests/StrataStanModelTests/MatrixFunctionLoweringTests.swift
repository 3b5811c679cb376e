// matrix_exp (and its multiply forms), matrix_power, generalized_inverse, the CSR functions, inv_erfc, fma of vectors
// and log_mix of arrays: values against numpy/scipy (scripts/reference/make_matrix_function_reference.py) and
// gradients against finite differences.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class MatrixFunctionLoweringTests: XCTestCase {
    static let program = """
    data {
      vector[4] w;
      array[4] int v;
      array[4] int u;
      vector[3] x;
      matrix[3, 2] B;
    }
    transformed data {
      array[4] int v_back = csr_extract_v(csr_to_dense_matrix(3, 3, w, v, u));
      array[4] int u_back = csr_extract_u(csr_to_dense_matrix(3, 3, w, v, u));
      vector[4] w_back = csr_extract_w(csr_to_dense_matrix(3, 3, w, v, u));
    }
    parameters {
      vector[9] a;
    }
    transformed parameters {
      matrix[3, 3] A = to_matrix(a, 3, 3);
      matrix[3, 3] E = matrix_exp(A);
      matrix[3, 2] EB = matrix_exp_multiply(A, B);
      matrix[3, 2] sEB = scale_matrix_exp_multiply(2.5, A, B);
      matrix[3, 3] big = matrix_exp(8 * A);
      matrix[3, 3] P0 = matrix_power(A, 0);
      matrix[3, 3] P5 = matrix_power(A, 5);
      matrix[2, 3] G = [[1, 2, 0.5], [0, 1, -1]] + block(A, 1, 1, 2, 3);
      matrix[3, 2] Gi = generalized_inverse(G);
      matrix[2, 3] Gti = generalized_inverse(G');
      vector[3] csr = csr_matrix_times_vector(3, 3, w, v, u, x);
      matrix[3, 3] dense = csr_to_dense_matrix(3, 3, w, v, u);
      vector[3] ie = inv_erfc([0.3, 1.2, 1.9]');
      vector[3] fv = fma(a[1:3], a[4:6], 1.5);
      real lid = log_inv_logit_diff(a[1] + 5, a[2]);
      real lm = log_mix(softmax(a[1:3]), {a[4], a[5], a[6]});
    }
    model {
      a ~ normal(0, 1);
      target += sum(E) + sum(EB) + 0.1 * sum(sEB) + sum(matrix_exp(3 * A)) * 0.01 + sum(P5) + sum(Gi) - sum(Gti) + sum(fv)
                + lid + lm + sum(csr_matrix_times_vector(3, 3, w, v, u, a[7:9])) + sum(csr_to_dense_matrix(3, 3, a[1:4], v, u));
      target += sum(v_back) + sum(u_back) + sum(w_back);
    }
    """

    static let data = #"{"w": [2, -1, 3, 0.5], "v": [1, 3, 1, 2], "u": [1, 3, 3, 5], "x": [0.2, -0.1, 0.7], "B": [[1, 0.5], [-0.25, 2], [0.75, -1]]}"#

    private func model() throws -> StanModel {
        try StanModel.compile(source: Self.program, fileName: "matrix_functions.stan", data: try DataSet(json: Self.data))
    }

    func testValuesMatchReference() throws {
        let m = try model().model
        let x = [0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35]
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = m.outputNames
        try StanTestSupport.assertOutputs(m, at: x, match: Self.reference)
        // log_mix of an array: log Σ_k θ_k exp(λ_k).
        let theta = [0.3, -0.2, 0.1].map(exp), total = theta.reduce(0, +)
        let mix = log(zip(theta, [0.5, -0.4, 0.25]).map { $0 / total * exp($1) }.reduce(0, +))
        XCTAssertEqual(out[names.firstIndex(of: "lm")!], mix, accuracy: 1e-14)
    }

    func testGradientAgainstFiniteDifferences() throws {
        let m = try model().model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "matrix_functions.stan") }
    }

    /// Inconsistent CSR arrays are a located error naming the function.
    func testInconsistentSparseMatrixIsLocated() throws {
        let bad = Self.data.replacingOccurrences(of: #""u": [1, 3, 3, 5]"#, with: #""u": [1, 3, 3, 4]"#)
        XCTAssertThrowsError(try StanModel.compile(source: Self.program, fileName: "csr.stan", data: try DataSet(json: bad))) { error in
            XCTAssertTrue("\(error)".contains("csr.stan:") && "\(error)".contains("inconsistent CSR arrays"), "\(error)")
        }
    }

    static let reference: [String: [Double]] = [
        "E": [1.3027555456200064, 0.4939615688608973, 0.1812185267316264, -0.1691416265818364, 0.6823168516210565, 0.41115626110312564, 0.07800704383802842, 0.19501760959507108, 0.7628909134083728],
        "EB": [1.3151790484535018, 1.4580823838001715, -0.03135364365975629, 0.8689066288480691, 0.6014208264955403, -0.3338521722992164],
        "sEB": [2.112064322456909, 2.6619543171109816, -0.024261884961401026, -0.027832485773721882, 0.5550814336844536, 0.1468258683596516],
        "big": [4.911111081803006, 6.71392538327635, 7.0267999767032485, -1.3142789217938093, -1.060156375992056, -0.6984566335982718, 0.34068763823919784, 0.8517190955979951, 1.114382319959687],
        "P0": [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        "P5": [0.013749375, 0.0343484375, -0.06453468749999998, -0.028405, -0.0710025, 0.1348525, 0.017586875, 0.0439671875, -0.08364343749999997],
        "Gi": [0.26067013481009127, -0.8319348884040946, 0.22039492084801707, 0.6699949655982548, 0.20025731386698, -1.0790401074005707],
        "Gti": [0.26067013481009127, 0.220394920848017, 0.20025731386697998, -0.8319348884040949, 0.669994965598255, -1.079040107400571],
        "csr": [-0.29999999999999993, 0.0, 0.55],
        "dense": [2.0, 0.0, -1.0, 0.0, 0.0, 0.0, 3.0, 0.5, 0.0],
        "ie": [0.7328690779592171, -0.17914345462129164, -1.1630871536766738],
        "fv": [1.65, 1.58, 1.525],
        "lid": [-0.6072131916967553],
    ]
}
