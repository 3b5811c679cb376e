// Matrix parameters are listed column-major with CmdStan's names, each name on its own value.
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
}
