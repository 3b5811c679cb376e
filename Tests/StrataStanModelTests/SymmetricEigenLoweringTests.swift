// eigenvalues_sym / eigenvectors_sym of parameter-dependent matrices: values and gradients.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class SymmetricEigenLoweringTests: XCTestCase {
    /// Gradients of functions of the eigenvalues and eigenvectors (invariant to each eigenvector's sign) of
    /// B B' + diag(1..4) against central finite differences; the upper triangle is set from other parameters
    /// to show that only the lower triangle is read, as in Stan.
    func testGradientAgainstFiniteDifferences() throws {
        let source = """
        data {
          matrix[4, 4] W;
          vector[4] u;
        }
        parameters {
          matrix[4, 4] B;
          real junk;
        }
        model {
          matrix[4, 4] A = B * B' + diag_matrix([1, 2, 3, 4]');
          A[1, 4] = junk;
          vector[4] lambda = eigenvalues_sym(A);
          matrix[4, 4] V = eigenvectors_sym(A);
          target += dot_product(lambda, u) + sum(square(W * V)) - 0.5 * dot_self(to_vector(B)) - 0.5 * square(junk);
        }
        """
        let data = try DataSet(json: #"""
        {"W": [[1, 0.5, -0.2, 0.1], [0.3, -1, 2, 0.4], [0.7, 0.1, -0.4, 1.5], [0.2, 0.9, -0.6, 0.3]],
         "u": [0.5, -1.0, 0.25, 2.0]}
        """#)
        let m = try StanModel.compile(source: source, fileName: "eigen.stan", data: data).model
        for seed in UInt64(1)...4 { try StanTestSupport.checkGradient(m, seed: seed, "eigen.stan") }
        // The junk parameter only enters through the upper triangle (never read) and its prior.
        let x = StanTestSupport.randomPoint(m.dimension, seed: 5)
        let (_, g) = try StanTestSupport.valueAndGradient(m, at: x)
        XCTAssertEqual(g[16], -x[16], accuracy: 1e-12)
    }

    /// The graph node's values equal the data path's (LAPACK on plain numbers) and reassemble the matrix.
    func testValuesMatchDataPathAndReassemble() throws {
        let source = """
        parameters {
          vector[3] b;
        }
        transformed parameters {
          matrix[3, 3] A = [[2 + b[1], 0.5, b[2]], [0.5, 3, 0.1], [b[2], 0.1, 1 + b[3]]];
          vector[3] lambda = eigenvalues_sym(A);
          matrix[3, 3] V = eigenvectors_sym(A);
        }
        model {
          b ~ normal(0, 0.1);
        }
        """
        let model = try StanModel.compile(source: source, fileName: "eigen_values.stan", data: nil).model
        let x = [0.3, -0.2, 0.1]
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = model.outputNames
        let lambda = (1...3).map { out[names.firstIndex(of: "lambda.\($0)")!] }
        let v = (1...3).map { i in (1...3).map { j in out[names.firstIndex(of: "V.\(i).\(j)")!] } }
        let a = [[2.3, 0.5, -0.2], [0.5, 3, 0.1], [-0.2, 0.1, 1.1]]
        XCTAssertEqual(lambda, lambda.sorted(), "ascending")
        for i in 0..<3 { for j in 0..<3 {
            let r = (0..<3).reduce(0.0) { $0 + v[i][$1] * lambda[$1] * v[j][$1] }
            XCTAssertEqual(r, a[i][j], accuracy: 1e-12)
        } }
        // Same decomposition on data: the data path computes it once with the same LAPACK routine.
        let constant = source.replacingOccurrences(of: "parameters {\n  vector[3] b;\n}", with: "transformed data {\n  vector[3] b = [0.3, -0.2, 0.1]';\n}\nparameters {\n  real z;\n}")
            .replacingOccurrences(of: "b ~ normal(0, 0.1);", with: "z ~ normal(0, 1);")
        let c = try StanModel.compile(source: constant, fileName: "eigen_data.stan", data: nil).model
        var outC: [Double] = []
        try c.makeEvaluator().writeOutputs(at: [0], into: &outC)
        for name in ["lambda.1", "lambda.3", "V.1.1", "V.3.2"] {
            XCTAssertEqual(out[names.firstIndex(of: name)!], outC[c.outputNames.firstIndex(of: name)!], accuracy: 1e-13, name)
        }
    }
}
