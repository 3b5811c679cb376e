// The sum-to-zero and stochastic types in Stan programs: a row_stochastic_matrix has the log density of an array of
// simplexes (to rounding), a column_stochastic_matrix that of its columns; data of these types is checked.
import Foundation
import StrataOutput
import StrataStanModel
import XCTest

final class ConstrainedMatrixTypeTests: XCTestCase {
    private func model(_ source: String, json: String = "{}") throws -> StanModel {
        try StanModel.compile(source: source, fileName: "types.stan", data: try DataSet(json: json))
    }

    func testStochasticMatricesAreArraysOfSimplexes() throws {
        let prior = "target += dirichlet_lpdf(to_vector(a[1]) | [1, 2, 3]') + dirichlet_lpdf(to_vector(a[2]) | [2, 2, 1]');"
        let rows = try model("parameters { row_stochastic_matrix[2, 3] a; } model { \(prior) }").model
        let simplexes = try model("parameters { array[2] simplex[3] a; } model { \(prior) }").model
        let columns = try model("""
            parameters { column_stochastic_matrix[3, 2] b; }
            model { target += dirichlet_lpdf(col(b, 1) | [1, 2, 3]') + dirichlet_lpdf(col(b, 2) | [2, 2, 1]'); }
            """).model
        XCTAssertEqual(rows.dimension, 4)
        for seed in UInt64(1)...3 {
            let x = StanTestSupport.randomPoint(4, seed: seed)
            let expected = try simplexes.makeEvaluator().logDensity(at: x)
            XCTAssertEqual(try rows.makeEvaluator().logDensity(at: x), expected, accuracy: 1e-12)
            XCTAssertEqual(try columns.makeEvaluator().logDensity(at: x), expected, accuracy: 1e-12)
            try StanTestSupport.checkGradient(rows, seed: seed, "row_stochastic_matrix")
        }
        var out: [Double] = []
        try columns.makeEvaluator().writeOutputs(at: [0.2, -0.1, 0.4, 0.3], into: &out)
        let names = columns.outputNames
        let column1 = (1...3).map { out[names.firstIndex(of: "b.\($0).1")!] }
        XCTAssertEqual(column1.reduce(0, +), 1, accuracy: 1e-14)
    }

    func testSumToZeroTypes() throws {
        let m = try model("""
            parameters { sum_to_zero_vector[4] s; sum_to_zero_matrix[3, 4] z; }
            model { s ~ normal(0, 1); to_vector(z) ~ normal(0, 1); }
            """).model
        XCTAssertEqual(m.dimension, 3 + 6)
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(9, seed: 7), into: &out)
        let names = m.outputNames
        XCTAssertEqual((1...4).map { out[names.firstIndex(of: "s.\($0)")!] }.reduce(0, +), 0, accuracy: 1e-14)
        for i in 1...3 {
            XCTAssertEqual((1...4).map { out[names.firstIndex(of: "z.\(i).\($0)")!] }.reduce(0, +), 0, accuracy: 1e-14)
        }
        for j in 1...4 {
            XCTAssertEqual((1...3).map { out[names.firstIndex(of: "z.\($0).\(j)")!] }.reduce(0, +), 0, accuracy: 1e-14)
        }
        for seed in UInt64(1)...2 { try StanTestSupport.checkGradient(m, seed: seed, "sum_to_zero types") }
    }

    func testDataOfTheseTypesIsChecked() throws {
        let source = "data { sum_to_zero_vector[3] s; row_stochastic_matrix[2, 2] p; } parameters { real y; } model { y ~ normal(0, 1); }"
        XCTAssertNoThrow(try model(source, json: #"{"s": [1, -0.5, -0.5], "p": [[0.5, 0.5], [0.1, 0.9]]}"#))
        XCTAssertThrowsError(try model(source, json: #"{"s": [1, -0.5, -0.25], "p": [[0.5, 0.5], [0.1, 0.9]]}"#)) { error in
            XCTAssertTrue("\(error)".contains("s") && "\(error)".contains("sum"), "\(error)")
        }
        XCTAssertThrowsError(try model(source, json: #"{"s": [1, -0.5, -0.5], "p": [[0.5, 0.5], [0.2, 0.9]]}"#)) { error in
            XCTAssertTrue("\(error)".contains("p row 2"), "\(error)")
        }
    }
}
