// Sorting, ranks, reverse, norms, distances, array joins and the constant builders: values against plain Swift,
// gradients (sorting permutes adjoints) against finite differences.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class ContainerUtilityTests: XCTestCase {
    static let program = """
    data {
      array[5] real d;
    }
    transformed data {
      array[5] int si = sort_indices_asc(d);
      array[5] int sd = sort_indices_desc(d);
      int rk = rank(d, 2);
      array[5] real rev = reverse(d);
      array[7] real joined = append_array(d, {10.0, 11.0});
      array[2, 3] real grid = to_array_2d([[1, 2, 3], [4, 5, 6]]);
      vector[4] lin = linspaced_vector(4, 0, 3);
      array[3] int ones = ones_int_array(3);
      row_vector[3] zr = zeros_row_vector(3);
      vector[4] oh = one_hot_vector(4, 2);
      vector[4] us = uniform_simplex(4);
      int nan = is_nan(not_a_number()) + 2 * is_inf(positive_infinity()) + 4 * is_nan(1.5);
    }
    parameters {
      vector[5] v;
      row_vector[5] w;
    }
    transformed parameters {
      vector[5] up = sort_asc(v);
      vector[5] down = sort_desc(v);
      vector[5] back = reverse(v);
      real n1 = norm1(v);
      real n2 = norm2(w);
      real dist = distance(v, w);
      array[2] vector[5] both = append_array({v}, {up});
    }
    model {
      v ~ normal(0, 1);
      w ~ normal(0, 1);
      target += dot_product(up, [1, 2, 3, 4, 5]') + dot_product(down, [0.5, -1, 2, 0, 1]') + dot_product(back, to_vector(d)) * lin[2]
                + n1 + n2 * 0.5 - dist + sum(both[2]) * 0.1;
    }
    generated quantities {
      array[5] int si_out = si;
      array[5] int sd_out = sd;
      int rk_out = rk;
      array[5] real rev_out = rev;
      array[7] real joined_out = joined;
      array[2, 3] real grid_out = grid;
      vector[4] lin_out = lin;
      array[3] int ones_out = ones;
      row_vector[3] zr_out = zr;
      vector[4] oh_out = oh;
      vector[4] us_out = us;
      int nan_out = nan;
      array[5] int order = sort_indices_asc(v);
      int r = rank(v, 1);
    }
    """

    static let d = [0.4, -1.0, 2.5, 0.4, 0.0]

    func testValues() throws {
        let data = try DataSet(json: #"{"d": [0.4, -1.0, 2.5, 0.4, 0.0]}"#)
        let built = try StanModel.compile(source: Self.program, fileName: "containers.stan", data: data)
        let model = built.model
        let x = [0.3, -1.2, 0.8, 2.0, -0.1, 0.5, 0.25, -0.75, 1.0, 0.0]
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = model.outputNames
        // Row-major values (the output columns list multi-index names column-major, as Stan's CSV).
        func vector(_ name: String) -> [Double] {
            names.indices.filter { names[$0].hasPrefix(name + ".") }
                .sorted { names[$0].split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes(names[$1].split(separator: ".").compactMap { Int($0) }) }
                .map { out[$0] }
        }
        func scalar(_ name: String) -> Double { out[names.firstIndex(of: name)!] }
        let v = Array(x[0..<5]), w = Array(x[5..<10])
        XCTAssertEqual(vector("up"), v.sorted())
        XCTAssertEqual(vector("down"), v.sorted(by: >))
        XCTAssertEqual(vector("back"), v.reversed())
        XCTAssertEqual(scalar("n1"), v.map(Swift.abs).reduce(0, +), accuracy: 1e-14)
        XCTAssertEqual(scalar("n2"), w.map { $0 * $0 }.reduce(0, +).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(scalar("dist"), zip(v, w).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(vector("both"), v + v.sorted())

        // Transformed data (copied into generated quantities) and the order of parameters (per draw on plain numbers).
        let expected: [String: [Double]] = [
            "si_out": [2, 5, 1, 4, 3], "sd_out": [3, 1, 4, 5, 2], "rk_out": [0], "rev_out": [0, 0.4, 2.5, -1, 0.4],  // ties keep their order
            "joined_out": Self.d + [10, 11], "grid_out": [1, 2, 3, 4, 5, 6], "lin_out": [0, 1, 2, 3], "ones_out": [1, 1, 1],
            "zr_out": [0, 0, 0], "oh_out": [0, 1, 0, 0], "us_out": [0.25, 0.25, 0.25, 0.25], "nan_out": [3],
            "order": [2, 5, 1, 3, 4], "r": [2],
        ]
        for (name, values) in expected {
            XCTAssertEqual(names.contains(name) ? [scalar(name)] : vector(name), values, name)
        }
    }

    func testGradientAgainstFiniteDifferences() throws {
        let data = try DataSet(json: #"{"d": [0.4, -1.0, 2.5, 0.4, 0.0]}"#)
        let model = try StanModel.compile(source: Self.program, fileName: "containers.stan", data: data).model
        for seed in UInt64(1)...4 { try StanTestSupport.checkGradient(model, seed: seed, "containers.stan") }
    }

    /// The positions and ranks of parameters are values without gradient in the model block; indexing by them there is a
    /// located unsupported feature (in generated quantities it runs per draw, as `order` above shows).
    func testOrderOfParametersInModel() throws {
        let source = "parameters { vector[3] v; }\nmodel { v ~ normal(0, 1); target += rank(v, 1) + sum(sort_indices_desc(v)); }"
        let model = try StanModel.compile(source: source, fileName: "rank.stan", data: nil).model
        let x = [0.5, -1.0, 2.0]
        let (lp, g) = try StanTestSupport.valueAndGradient(model, at: x)
        XCTAssertEqual(lp, -0.5 * (0.25 + 1 + 4) + 1 + 6, accuracy: 1e-12)
        XCTAssertEqual(g, x.map { -$0 })
        let indexing = "parameters { vector[3] v; }\nmodel { v ~ normal(0, 1); target += v[sort_indices_asc(v)[1]]; }"
        XCTAssertThrowsError(try StanModel.compile(source: indexing, fileName: "index.stan", data: nil)) { error in
            XCTAssertTrue("\(error)".contains("index.stan:2:") && "\(error)".contains("an index that depends on parameters"), "\(error)")
        }
    }
}
