// What the library-name rules compute: operator function names, user overloads of library functions next to the library
// ones (a user `bernoulli_lpmf` with other arguments must not replace the library's), row-major to_matrix, to_int of
// arrays, the factorials of parameters with arrays of counts, is_nan/is_inf/int_step of parameters, and a real
// truncation bound on an int variate.
import Foundation
import StrataOutput
import StrataStanModel
import XCTest

final class LibraryNameLoweringTests: XCTestCase {
    private func outputs(_ source: String, json: String = "{}", at x: [Double]) throws -> [String: Double] {
        let m = try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: json)).model
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &out)
        return Dictionary(uniqueKeysWithValues: zip(m.outputNames, out))
    }

    private func logDensity(_ source: String, json: String, at x: [Double]) throws -> Double {
        let m = try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: json)).model
        return try m.makeEvaluator().logDensity(at: x)
    }

    func testOperatorNamesAndReshapes() throws {
        let source = """
            transformed data {
              vector[6] v = [1, 2, 3, 4, 5, 6]';
              matrix[2, 3] m = [[1, 2, 3], [4, 5, 6]];
            }
            parameters { real y; }
            transformed parameters {
              real s = add(y, 2) - multiply(y, 3) + divide(y, 4);
              real n = minus(y);
              real gt = logical_gt(y, 0);
              matrix[2, 3] rowMajor = to_matrix(v, 2, 3, 0);
              matrix[2, 3] colMajor = to_matrix(v, 2, 3, 1);
              matrix[3, 2] fromMatrix = to_matrix(m, 3, 2, 0);
              array[3] real ks = to_int({2.9, -2.9, 0.2});
            }
            model { y ~ normal(0, 1); }
            """
        let o = try outputs(source, at: [0.8])
        XCTAssertEqual(o["s"]!, 0.8 + 2 - 2.4 + 0.2, accuracy: 1e-15)
        XCTAssertEqual(o["n"], -0.8)
        XCTAssertEqual(o["gt"], 1)
        // Row-major fill: row 1 is 1 2 3; column-major: column 1 is 1 2.
        XCTAssertEqual([o["rowMajor.1.1"], o["rowMajor.1.2"], o["rowMajor.1.3"], o["rowMajor.2.1"]], [1, 2, 3, 4])
        XCTAssertEqual([o["colMajor.1.1"], o["colMajor.2.1"], o["colMajor.1.2"]], [1, 2, 3])
        // A matrix is read column-major (1 4 2 5 3 6) and filled row by row.
        XCTAssertEqual([o["fromMatrix.1.1"], o["fromMatrix.1.2"], o["fromMatrix.2.1"], o["fromMatrix.3.2"]], [1, 4, 2, 6])
        XCTAssertEqual([o["ks.1"], o["ks.2"], o["ks.3"]], [2, -2, 0])
    }

    /// A user overload of a library density leaves the library's own calls as they were (bit for bit), and is used
    /// where its signature matches.
    func testUserOverloadOfALibraryDensityKeepsTheLibraryOne() throws {
        let plain = "data { int y; } parameters { real<lower=0, upper=1> theta; } model { y ~ bernoulli(theta); }"
        let overloaded = """
            functions { real bernoulli_lpmf(int y, real theta, real alpha) { return alpha; } }
            data { int y; } parameters { real<lower=0, upper=1> theta; } model { y ~ bernoulli(theta); }
            """
        let both = """
            functions { real bernoulli_lpmf(int y, real theta, real alpha) { return alpha; } }
            data { int y; } parameters { real<lower=0, upper=1> theta; } model { y ~ bernoulli(theta); y ~ bernoulli(theta, 7.5); }
            """
        let json = #"{"y": 1}"#
        for x in [-0.4, 0.3, 1.7] {
            let reference = try logDensity(plain, json: json, at: [x])
            XCTAssertEqual(try logDensity(overloaded, json: json, at: [x]), reference)
            XCTAssertEqual(try logDensity(both, json: json, at: [x]), reference + 7.5, accuracy: 1e-12)
        }
        let vectors = """
            functions { vector to_vector(real a, real b, real c) { return [c, b, a]'; } }
            parameters { real y; }
            transformed parameters { vector[3] mine = to_vector(1, 2, 3); vector[3] library = to_vector({1, 2, 3}); }
            model { y ~ normal(0, 1); }
            """
        let o = try outputs(vectors, at: [0])
        XCTAssertEqual([o["mine.1"], o["library.1"]], [3, 1])
    }

    func testFactorialsOfParametersWithArraysOfCounts() throws {
        let source = """
            parameters { vector[3] x; }
            transformed parameters {
              vector[3] r = rising_factorial(x, {0, 1, 3});
              vector[3] f = falling_factorial(x, {2, 0, 3});
            }
            model { x ~ normal(0, 1); target += sum(r) + sum(f); }
            """
        let x = [0.5, -1.25, 2.0]
        let o = try outputs(source, at: x)
        XCTAssertEqual(o["r.1"], 1)
        XCTAssertEqual(o["r.2"], -1.25)
        XCTAssertEqual(o["r.3"]!, 2 * 3 * 4, accuracy: 1e-12)
        XCTAssertEqual(o["f.1"]!, 0.5 * -0.5, accuracy: 1e-15)
        XCTAssertEqual(o["f.2"], 1)
        XCTAssertEqual(o["f.3"]!, 2 * 1 * 0, accuracy: 1e-15)
        let m = try StanModel.compile(source: source, fileName: "fact.stan", data: try DataSet(json: "{}")).model
        for seed in UInt64(1)...2 { try StanTestSupport.checkGradient(m, seed: seed, "factorials") }
    }

    func testNaNAndInfinityTestsOfParameters() throws {
        let source = """
            parameters { real y; }
            transformed parameters {
              real nan = is_nan(y * not_a_number());
              real inf = is_inf(y * positive_infinity());
              real plainNan = is_nan(y);
              real plainInf = is_inf(y);
              real step = int_step(y);
            }
            model { y ~ normal(0, 1); }
            """
        let negative = try outputs(source, at: [-0.5])
        XCTAssertEqual([negative["nan"], negative["inf"], negative["plainNan"], negative["plainInf"], negative["step"]], [1, 1, 0, 0, 0])
        let positive = try outputs(source, at: [0.5])
        XCTAssertEqual(positive["step"], 1)
    }

    /// A user-defined density truncated through its own _lcdf/_lccdf gives the library's truncated density.
    func testTruncatedUserDensity() throws {
        let functions = """
            functions {
              real my_lpdf(real y, real mu) { return normal_lpdf(y | mu, 1); }
              real my_lcdf(real y, real mu) { return normal_lcdf(y | mu, 1); }
              real my_lccdf(real y, real mu) { return normal_lccdf(y | mu, 1); }
              real cnt_lpmf(int n, real lambda) { return poisson_lpmf(n | lambda); }
              real cnt_lcdf(int n, real lambda) { return poisson_lcdf(n | lambda); }
              real cnt_lccdf(int n, real lambda) { return poisson_lccdf(n | lambda); }
            }
            """
        let body = "data { real y; int n; } parameters { real mu; real<lower=0> lambda; } model { "
        let json = #"{"y": 1.2, "n": 3}"#
        for (user, library) in [("y ~ my(mu) T[0.5, 2.5]; n ~ cnt(lambda) T[1, 6];", "y ~ normal(mu, 1) T[0.5, 2.5]; n ~ poisson(lambda) T[1, 6];"),
                                ("y ~ my(mu) T[0.5, ]; n ~ cnt(lambda) T[2, ];", "y ~ normal(mu, 1) T[0.5, ]; n ~ poisson(lambda) T[2, ];"),
                                ("y ~ my(mu) T[, 2.5]; n ~ cnt(lambda) T[, 6];", "y ~ normal(mu, 1) T[, 2.5]; n ~ poisson(lambda) T[, 6];")] {
            for x in [[0.3, -0.2], [1.1, 0.7]] {
                // `~` drops constants the user's _lpdf keeps: compare differences between two points.
                let u0 = try logDensity(functions + body + user + " }", json: json, at: x)
                let u1 = try logDensity(functions + body + user + " }", json: json, at: [x[0] + 0.4, x[1] - 0.3])
                let l0 = try logDensity(body + library + " }", json: json, at: x)
                let l1 = try logDensity(body + library + " }", json: json, at: [x[0] + 0.4, x[1] - 0.3])
                XCTAssertEqual(u1 - u0, l1 - l0, accuracy: 1e-10, user)
            }
        }
    }

    /// trace_dot, quantile (type 7, numpy's default: 2.1 and 6.9 below), int ./ int.
    func testTraceDotQuantileAndIntegerElementDivision() throws {
        let source = """
            transformed data {
              array[8] real x = {3, 1, 4, 1, 5, 9, 2, 6};
              array[4] real qs = quantile(x, {0.3, 0.9, 0, 1});
              real q = quantile(to_vector(x), 0.3);
              int k = 7 ./ 2;
            }
            parameters { matrix[2, 3] a; }
            transformed parameters {
              real td = trace_dot(a, [[1, 2], [3, 4], [5, 6]]);
              real direct = trace(a * [[1, 2], [3, 4], [5, 6]]);
              array[4] real qsOut = qs;
              real qOut = q;
              real kOut = k;
            }
            model { to_vector(a) ~ normal(0, 1); }
            """
        let x = StanTestSupport.randomPoint(6, seed: 5)
        let o = try outputs(source, at: x)
        XCTAssertEqual(o["td"]!, o["direct"]!, accuracy: 1e-12)
        XCTAssertEqual(o["qsOut.1"]!, 2.1, accuracy: 1e-12)
        XCTAssertEqual(o["qsOut.2"]!, 6.9, accuracy: 1e-12)
        XCTAssertEqual([o["qsOut.3"], o["qsOut.4"]], [1, 9])
        XCTAssertEqual(o["qOut"]!, 2.1, accuracy: 1e-12)
        XCTAssertEqual(o["kOut"], 3)
    }

    /// A vectorised truncated statement is the sum of the elementwise ones.
    func testVectorTruncationIsElementwise() throws {
        let json = #"{"y": [0.6, 1.1, 2.2], "k": [1, 3, 4]}"#
        let head = "data { array[3] real y; array[3] int k; } parameters { vector[3] mu; real<lower=0> s; } model { "
        let pairs = [
            ("y ~ normal(mu, s) T[0.5, 2.5]; k ~ poisson(s) T[1, ];",
             "for (n in 1:3) { y[n] ~ normal(mu[n], s) T[0.5, 2.5]; k[n] ~ poisson(s) T[1, ]; }"),
            ("y ~ normal(mu, s) T[, 3];", "for (n in 1:3) y[n] ~ normal(mu[n], s) T[, 3];"),
        ]
        for (vectorised, loop) in pairs {
            for seed in UInt64(1)...2 {
                let x = StanTestSupport.randomPoint(4, seed: seed)
                XCTAssertEqual(try logDensity(head + vectorised + " }", json: json, at: x),
                               try logDensity(head + loop + " }", json: json, at: x), accuracy: 1e-12, vectorised)
            }
        }
    }

    /// `dims` of complex values leaves out the (re, im) pair they are stored as.
    func testDimsOfComplexValues() throws {
        let source = """
            parameters { real y; }
            transformed parameters {
              real scalarDims = size(dims(to_complex(y, 1)));
              array[3] real arrayDims;
              {
                array[2] complex_matrix[2, 3] zs;
                for (k in 1:2) zs[k] = to_complex([[y, 1, 2], [3, 4, 5]], [[0, 1, 0], [1, 0, 1]]);
                arrayDims = dims(zs);
              }
            }
            model { y ~ normal(0, 1); }
            """
        let o = try outputs(source, at: [0.3])
        XCTAssertEqual(o["scalarDims"], 0)
        XCTAssertEqual([o["arrayDims.1"], o["arrayDims.2"], o["arrayDims.3"]], [2, 2, 3])
    }

    /// `1 ~ normal(mu, 1) T[0.5, 2.5]`: a real bound on an int variate of a continuous family.
    func testRealTruncationBoundsOfAnIntVariate() throws {
        let source = "parameters { real mu; } model { 1 ~ normal(mu, 1) T[0.5, 2.5]; }"
        let mu = 0.3
        let lp = try logDensity(source, json: "{}", at: [mu])
        func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
        let expected = -0.5 * (1 - mu) * (1 - mu) - log(phi(2.5 - mu) - phi(0.5 - mu))
        XCTAssertEqual(lp, expected, accuracy: 1e-12)
    }
}
