// Tests of --vars parsing, display names, truth files matched to columns, and the worst-mixing ranking.
import Foundation
import StrataDiagnostics
import StrataOutput
import XCTest

final class PosteriorSelectionTests: XCTestCase {
    let columns = ["lp__", "alpha", "N_initial.1", "N_initial.2", "N_initial.3", "Sigma.1.1", "Sigma.2.1", "Sigma.1.2", "Sigma.2.2"]

    func testSelectionsResolveToColumnsInOrder() throws {
        XCTAssertEqual(try VariableSelection.columns("alpha,N_initial[2:3]", available: columns), ["alpha", "N_initial.2", "N_initial.3"])
        XCTAssertEqual(try VariableSelection.columns("N_initial", available: columns), ["N_initial.1", "N_initial.2", "N_initial.3"])
        XCTAssertEqual(try VariableSelection.columns("Sigma[1:2,2], Sigma[1,1], alpha,alpha", available: columns),
                       ["Sigma.1.2", "Sigma.2.2", "Sigma.1.1", "alpha"])
        XCTAssertEqual(VariableSelection.displayName("Sigma.2.1"), "Sigma[2,1]")
        XCTAssertEqual(VariableSelection.displayName("lp__"), "lp__")
    }

    func testBadSelectionsNameTheItem() {
        func reason(_ spec: String) -> String {
            do { _ = try VariableSelection.columns(spec, available: columns); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(reason("beta").contains("'beta': no such variable (the run has: lp__, alpha, N_initial, Sigma)"), reason("beta"))
        XCTAssertTrue(reason("N_initial[1:5]").contains("index out of range (the last element is N_initial[3])"))
        XCTAssertTrue(reason("N_initial[0]").contains("not an index"))
        XCTAssertTrue(reason("N_initial[3:1]").contains("not an index"))
        XCTAssertTrue(reason("Sigma[1]").contains("has 2 indexes, not 1"))
        XCTAssertTrue(reason("alpha[1]").contains("scalar"))
        XCTAssertTrue(reason("N_initial[1").contains("missing ']'"))
        XCTAssertTrue(reason(" , ").contains("no variable"))
    }

    func testTruthFilesMatchColumns() throws {
        let json = Data(#"{"alpha_per_s": 5e-7, "alpha_per_day": 0.0474, "N_initial": [7, 6, 5], "Sigma": [[1, 2], [3, 4]], "other": 1}"#.utf8)
        let days = try TruthValues.parse(json, fileName: "t.json", columns: columns, dataFile: "decay_days.json")
        XCTAssertEqual(days["alpha"], 0.0474)
        XCTAssertEqual(days["N_initial.3"], 5)
        XCTAssertEqual(days["Sigma.2.1"], 3, "row 2, column 1 of the nested array")
        XCTAssertEqual(days["Sigma.1.2"], 2)
        XCTAssertNil(days["other"])
        let seconds = try TruthValues.parse(json, fileName: "t.json", columns: columns, dataFile: "decay.json")
        XCTAssertNil(seconds["alpha"], "no unit in the data file's name: ambiguous, so not marked")
        let one = try TruthValues.parse(Data(#"{"alpha_per_s": 5e-7}"#.utf8), fileName: "t.json", columns: columns, dataFile: nil)
        XCTAssertEqual(one["alpha"], 5e-7)
        XCTAssertThrowsError(try TruthValues.parse(Data("[1]".utf8), fileName: "t.json", columns: columns, dataFile: nil)) {
            XCTAssertTrue("\($0)".contains("t.json"))
        }
    }

    func testWorstMixingFirst() {
        func s(_ name: String, _ rHat: Double, _ ess: Double) -> PosteriorSummary {
            PosteriorSummary(name: name, mean: 0, mcseMean: 0, sd: 1, median: 0, q5: 0, q95: 0, essBulk: ess, essTail: ess, rHat: rHat)
        }
        let rows = [s("a", 1.0, 900), s("b", 1.2, 50), s("c", .nan, .nan), s("d", 1.0, 100), s("e", 1.05, 400)]
        XCTAssertEqual(MixingRanking.worst(rows, count: 3), ["b", "e", "d"])
    }
}
