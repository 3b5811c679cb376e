// Indexed assignments of every shape (multi-index, slices, rows, columns, nested arrays) and foreach loops.
import StrataOutput
import StrataStanModel
import XCTest

final class AssignmentTests: XCTestCase {
    func testIndexedAssignmentsOfEveryShape() throws {
        let source = """
        data {
          int N;
          array[2] int idx;
        }
        parameters {
          vector[N] a;
          real mu;
        }
        transformed parameters {
          vector[N] v = rep_vector(0, N);
          matrix[2, 3] m;
          array[2, 3] real z;
          v[idx] = a[1:2] * 2;
          v[3:4] = a[3:4] + mu;
          m[1] = a[1:3]';
          m[:, 2] = [mu, -mu]';
          m[2, 1] = 7;
          m[2, 3] = a[4];
          z[1] = rep_array(1.0, 3);
          z[2] = {mu, 2 * mu, N > 3 ? 3.0 : 4.0};
          z[2, 2] += 1;
        }
        model {
          real s = 0;
          for (x in z[2]) s += x;
          a ~ normal(0, 1);
          mu ~ normal(s, 1);
          target += -0.5 * dot_self(v) - 0.1 * sum(m);
        }
        """
        let data = try DataSet(json: #"{"N": 4, "idx": [4, 1]}"#)
        let model = try StanModel.compile(source: source, fileName: "assign.stan", data: data).model
        let x = [0.1, 0.2, 0.3, 0.4, 0.5]
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = model.outputNames
        func value(_ n: String) -> Double { out[names.firstIndex(of: n)!] }
        XCTAssertEqual([value("v.1"), value("v.2"), value("v.3"), value("v.4")], [0.4, 0, 0.8, 0.9])
        XCTAssertEqual(value("v.4"), 0.9, accuracy: 1e-15)
        XCTAssertEqual(value("m.1.1"), 0.1); XCTAssertEqual(value("m.1.2"), 0.5); XCTAssertEqual(value("m.1.3"), 0.3)
        XCTAssertEqual(value("m.2.1"), 7); XCTAssertEqual(value("m.2.2"), -0.5); XCTAssertEqual(value("m.2.3"), 0.4)
        XCTAssertEqual([value("z.1.1"), value("z.2.1"), value("z.2.2"), value("z.2.3")], [1, 0.5, 2, 3])
        try StanTestSupport.checkGradient(model, seed: 6, "assign.stan")
    }

    /// As in Stan, unassigned elements read as NaN, so the density is rejected when evaluated.
    func testReadingAnUnassignedElementRejectsTheDensity() throws {
        let source = """
        parameters {
          real mu;
        }
        model {
          vector[2] v;
          v[1] = mu;
          v ~ normal(0, 1);
        }
        """
        let model = try StanModel.compile(source: source, fileName: "unset.stan", data: nil).model
        XCTAssertThrowsError(try model.makeEvaluator().logDensity(at: [0.3]))
    }
}
