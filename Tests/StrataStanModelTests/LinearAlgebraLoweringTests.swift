// Inverses, determinants, solves and matrix divisions, traces and diagonals of parameter-dependent matrices: values
// against numpy (scripts/reference/make_linear_algebra_reference.py) and gradients against finite differences.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class LinearAlgebraLoweringTests: XCTestCase {
    static let program = """
    data {
      vector[3] b;
      row_vector[3] r;
    }
    parameters {
      vector[9] a;
    }
    transformed parameters {
      matrix[3, 3] A = to_matrix(a, 3, 3) + 3 * identity_matrix(3);
      matrix[3, 3] S = A * A' + identity_matrix(3);
      matrix[3, 3] L = cholesky_decompose(S);
      matrix[3, 3] Ainv = inverse(A);
      real detA = determinant(A);
      real ldA = log_determinant(A);
      real ldS = log_determinant_spd(S);
      matrix[3, 3] Sinv = inverse_spd(S);
      matrix[3, 3] C2 = chol2inv(L);
      vector[3] x1 = mdivide_left(A, b);
      vector[3] x2 = A \\ b;
      row_vector[3] y1 = mdivide_right(r, A);
      row_vector[3] y2 = r / A;
      vector[3] x3 = mdivide_left_tri_low(A, b);
      row_vector[3] y3 = mdivide_right_tri_low(r, A);
      vector[3] x4 = mdivide_left_spd(S, b);
      row_vector[3] y4 = mdivide_right_spd(r, S);
      matrix[3, 3] M1 = A \\ S;
      matrix[3, 3] M2 = S / A;
      real tr = trace(A);
      vector[3] dg = diagonal(A);
      matrix[3, 3] AD = add_diag(A, b);
      matrix[2, 2] Bk = block(A, 2, 1, 2, 2);
      matrix[3, 3] Sym = symmetrize_from_lower_tri(A);
      row_vector[3] cdp = columns_dot_product(A, S);
      vector[3] rdp = rows_dot_product(A, S);
      row_vector[3] cds = columns_dot_self(A);
      vector[3] rds = rows_dot_self(A);
      real tqf = trace_quad_form(S, A);
      real tgq = trace_gen_quad_form(A, S, Ainv);
      matrix[3, 3] qfd = quad_form_diag(S, r);
    }
    model {
      a ~ normal(0, 1);
      target += sum(Ainv) + 0.1 * detA + ldA + ldS + sum(Sinv .* C2) + dot_product(x1, x2) + dot_product(y1, y2) + sum(x3)
                + sum(y3) + 3 * sum(x4) - sum(y4) + sum(M1) - 0.5 * sum(M2) + tr + dot_self(dg) + sum(AD) + sum(Bk)
                + sum(Sym) + 0.01 * (sum(cdp) + sum(rdp) + sum(cds) + sum(rds) + tqf + tgq) + sum(qfd);
    }
    """

    static let data = #"{"b": [1, -2, 0.5], "r": [0.3, 1, -1]}"#

    func testValuesMatchNumpy() throws {
        let model = try StanModel.compile(source: Self.program, fileName: "linear_algebra.stan", data: try DataSet(json: Self.data)).model
        let x = [0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35]
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = model.outputNames
        try StanTestSupport.assertOutputs(model, at: x, match: Self.reference)
        // `A \ b` and `r / A` are mdivide_left and mdivide_right.
        for (p, q) in [("x1", "x2"), ("y1", "y2")] {
            for i in 1...3 { XCTAssertEqual(out[names.firstIndex(of: "\(p).\(i)")!], out[names.firstIndex(of: "\(q).\(i)")!], accuracy: 1e-14) }
        }
    }

    func testGradientAgainstFiniteDifferences() throws {
        let model = try StanModel.compile(source: Self.program, fileName: "linear_algebra.stan", data: try DataSet(json: Self.data)).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(model, seed: seed, "linear_algebra.stan") }
    }

    /// A singular matrix on the graph is a rejected point (a domain error), not a crash or a silent NaN; on data it is
    /// a located build error.
    func testSingularMatrixIsRejected() throws {
        let source = """
        parameters {
          real t;
        }
        model {
          matrix[2, 2] A = [[t, 1], [t, 1]];
          target += sum(inverse(A)) + normal_lpdf(t | 0, 1);
        }
        """
        let model = try StanModel.compile(source: source, fileName: "singular.stan", data: nil).model
        XCTAssertThrowsError(try model.makeEvaluator().logDensity(at: [0.5]))
        let onData = "transformed data { matrix[2, 2] A = inverse([[1, 2], [2, 4]]); }\nparameters { real t; }\nmodel { t ~ normal(0, 1); }"
        XCTAssertThrowsError(try StanModel.compile(source: onData, fileName: "singular_data.stan", data: nil)) { error in
            XCTAssertTrue("\(error)".contains("singular"), "\(error)")
        }
    }

    static let reference: [String: [Double]] = [
        "Ainv": [0.29926958683924254, -0.058277645805119536, 0.007548342694758342, 0.026197189352396597, 0.38807361854228173, -0.08836001154452412, -0.013764624913971093, -0.034411562284927734, 0.38540949759119064],
        "detA": [22.521499999999996],
        "ldA": [3.1144704085133466],
        "ldS": [6.6033061463946865],
        "Sinv": [0.08288047650256605, -0.005585403373065016, -0.0044833458254543825, -0.005585403373065016, 0.13280604433170073, -0.036015811480506484, -0.0044833458254543825, -0.03601581148050648, 0.13373552404684114],
        "C2": [0.08288047650256605, -0.005585403373065017, -0.00448334582545438, -0.005585403373065016, 0.13280604433170073, -0.03601581148050647, -0.004483345825454381, -0.03601581148050646, 0.13373552404684108],
        "x1": [0.4195990497968608, -0.7941300535044291, 0.24776324845147973],
        "y1": [0.12974269031814045, 0.4050018870856737, -0.47150500632728726],
        "x3": [0.30303030303030304, -0.7459207459207459, 0.2476140211989269],
        "y3": [0.12785327879667502, 0.420899854862119, -0.37735849056603776],
        "x4": [0.09180961033596888, -0.28920539777671966, 0.13441603915897912],
        "y4": [0.02376208540315918, 0.1671462348002877, -0.1710963392749839],
        "M1": [3.5992695868392426, -0.2582776458051195, 0.10754834269475837, 0.5261971893523965, 2.988073618542282, 0.16163998845547584, 0.036235375086028934, 0.5655884377150722, 3.0354094975911905],
        "M2": [3.64334635792465, -0.4678437826077302, 0.2588826232710965, 0.3837222209888329, 3.0512410363430496, 0.13964878005461434, 0.12255400395177946, 0.5487237195568677, 2.928165308705015],
        "tr": [8.55],
        "dg": [3.3, 2.6, 2.65],
        "AD": [4.3, 0.5, 0.05, -0.2, 0.6000000000000001, 0.6, 0.1, 0.25, 3.15],
        "Bk": [-0.2, 2.6, 0.1, 0.25],
        "Sym": [3.3, -0.2, 0.1, -0.2, 2.6, 0.25, 0.1, 0.25, 2.65],
        "cdp": [39.995, 22.106, 22.813124999999996],
        "rdp": [40.434625, 22.414, 22.065499999999997],
        "cds": [10.939999999999998, 7.072500000000001, 7.385],
        "rds": [11.142499999999998, 7.160000000000001, 7.095],
        "tqf": [262.60234375],
        "tgq": [9.622752702972713],
        "qfd": [1.0928249999999997, 0.201, -0.17625, 0.201, 8.16, -2.2199999999999998, -0.17625, -2.2199999999999998, 8.094999999999999],
    ]
}
