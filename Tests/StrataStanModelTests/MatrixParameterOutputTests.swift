// Matrices and arrays of every block are listed column-major with CmdStan's names, each name on its own value.
import XCTest
import Strata
import StrataTestSupport

final class MatrixParameterOutputTests: XCTestCase {
    func testCholeskyFactorParameterIsListedColumnMajor() throws {
        let source = """
        parameters {
          cholesky_factor_corr[3] L;
        }
        model {
          L ~ lkj_corr_cholesky(2);
        }
        """
        let model = try StanModel.compile(source: source, fileName: "lkj.stan", data: nil).model
        XCTAssertEqual(model.outputNames, ["L.1.1", "L.2.1", "L.3.1", "L.1.2", "L.2.2", "L.3.2", "L.1.3", "L.2.3", "L.3.3"])
        var out = [Double]()
        try model.makeEvaluator().writeOutputs(at: [0.3, -0.4, 0.8], into: &out)
        let value = Dictionary(uniqueKeysWithValues: zip(model.outputNames, out))
        XCTAssertEqual(value["L.1.1"], 1)
        XCTAssertEqual(value["L.1.2"], 0, "upper triangle is zero")
        XCTAssertEqual(value["L.1.3"], 0)
        XCTAssertEqual(value["L.2.3"], 0)
        XCTAssertEqual(value["L.2.1"]!, 0.29131261245159090, accuracy: 1e-12, "tanh(0.3) below the diagonal")
        // Rows of a correlation Cholesky factor have unit length.
        for r in 1...3 {
            let norm = (1...3).reduce(0.0) { $0 + pow(value["L.\(r).\($1)"]!, 2) }
            XCTAssertEqual(norm, 1, accuracy: 1e-12)
        }
    }

    /// Arrays of vectors, two-dimensional arrays and arrays of matrices, in every block, are listed fully
    /// column-major (the first index fastest), as CmdStan writes them, and each name sits on its value.
    func testArraysOfEveryBlockAreListedColumnMajor() throws {
        let source = """
        parameters {
          array[2, 3] real a;
          array[2] simplex[3] s;
        }
        transformed parameters {
          array[2] vector[3] v;
          for (i in 1:2) for (j in 1:3) v[i, j] = 10 * i + j + 0 * a[1, 1];
        }
        model {
          for (i in 1:2) for (j in 1:3) a[i, j] ~ normal(0, 1);
        }
        generated quantities {
          array[2] matrix[2, 3] am;
          for (k in 1:2) for (i in 1:2) for (j in 1:3) am[k, i, j] = 100 * k + 10 * i + j;
        }
        """
        let model = try StanModel.compile(source: source, fileName: "arrays.stan", data: nil).model
        let names = model.outputNames
        XCTAssertEqual(Array(names[0..<6]), ["a.1.1", "a.2.1", "a.1.2", "a.2.2", "a.1.3", "a.2.3"])
        XCTAssertEqual(Array(names[6..<12]), ["s.1.1", "s.2.1", "s.1.2", "s.2.2", "s.1.3", "s.2.3"])
        XCTAssertEqual(Array(names[12..<18]), ["v.1.1", "v.2.1", "v.1.2", "v.2.2", "v.1.3", "v.2.3"])
        XCTAssertEqual(Array(names[18..<22]), ["am.1.1.1", "am.2.1.1", "am.1.2.1", "am.2.2.1"])
        XCTAssertEqual(model.outputBlocks.parameters, 2)
        XCTAssertEqual(model.outputBlocks.transformedParameters, 1)
        let x: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -0.3, 0.2, 0.7, 0.1]
        var out = [Double]()
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let value = Dictionary(uniqueKeysWithValues: zip(names, out))
        for i in 1...2 {
            for j in 1...3 {
                XCTAssertEqual(value["a.\(i).\(j)"], x[(i - 1) * 3 + (j - 1)], "a[\(i), \(j)] is the parameter row-major in x")
                XCTAssertEqual(value["v.\(i).\(j)"], Double(10 * i + j))
                for k in 1...2 { XCTAssertEqual(value["am.\(k).\(i).\(j)"], Double(100 * k + 10 * i + j)) }
            }
            XCTAssertEqual((1...3).reduce(0.0) { $0 + value["s.\(i).\($1)"]! }, 1, accuracy: 1e-12, "s[\(i)] is a simplex")
        }
    }
}
