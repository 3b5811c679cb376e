// Gaussian-process covariance functions: values against the formulas of Stan's functions reference computed here
// element by element, gradients against finite differences (data points and parameter points, one and two point sets,
// one length scale and one per dimension).
import Foundation
import StrataOutput
import StrataStanModel
import XCTest

final class GaussianProcessKernelTests: XCTestCase {
    static let program = """
    data {
      array[3] real x;
      array[2] real z;
      array[3] vector[2] v;
    }
    parameters {
      real<lower=0> sigma;
      real<lower=0> l;
      real<lower=0> p;
      array[2] real<lower=0> ls;
      array[3] vector[2] w;
    }
    transformed parameters {
      matrix[3, 3] eq = gp_exp_quad_cov(x, sigma, l);
      matrix[3, 2] eq12 = gp_exp_quad_cov(x, z, sigma, l);
      matrix[3, 3] m32 = gp_matern32_cov(x, sigma, l);
      matrix[3, 3] m52 = gp_matern52_cov(v, sigma, l);
      matrix[3, 3] ex = gp_exponential_cov(v, sigma, ls);
      matrix[3, 2] per = gp_periodic_cov(x, z, sigma, l, p);
      matrix[3, 3] dot = gp_dot_prod_cov(v, sigma);
      matrix[3, 3] eqw = gp_exp_quad_cov(w, sigma, ls);
      matrix[3, 3] m32w = gp_matern32_cov(w, sigma, l);
      matrix[3, 3] perw = gp_periodic_cov(w, sigma, l, p);
      matrix[3, 3] dotw = gp_dot_prod_cov(w, v, sigma);
      matrix[3, 3] old = cov_exp_quad(x, sigma, l);
    }
    model {
      sigma ~ lognormal(0, 0.5);
      l ~ lognormal(0, 0.5);
      p ~ lognormal(0, 0.5);
      ls ~ lognormal(0, 0.5);
      for (i in 1:3) w[i] ~ normal(0, 1);
      target += sum(eq) + sum(eq12) + sum(m32) + sum(m52) + sum(ex) + sum(per) + 0.1 * sum(dot)
                + sum(eqw) + sum(m32w) + sum(perw) + 0.1 * sum(dotw) + sum(old);
    }
    """
    static let data = #"{"x": [0.1, 0.7, 1.9], "z": [0.4, 0.1], "v": [[0.1, 0.2], [0.5, -0.3], [1.0, 0.4]]}"#

    private func model() throws -> StanModel {
        try StanModel.compile(source: Self.program, fileName: "gp.stan", data: try DataSet(json: Self.data))
    }

    func testValuesMatchTheFormulas() throws {
        let m = try model().model
        let point = [0.2, -0.3, 0.4, 0.1, -0.2, 0.3, -0.5, 0.8, 0.25, -0.6, 0.45]
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: point, into: &out)
        let names = m.outputNames
        func block(_ name: String, _ rows: Int, _ cols: Int) -> [[Double]] {
            // CmdStan order: column-major names name.i.j.
            (1...rows).map { i in (1...cols).map { j in out[names.firstIndex(of: "\(name).\(i).\(j)")!] } }
        }
        let sigma = exp(0.2), l = exp(-0.3), p = exp(0.4), ls = [exp(0.1), exp(-0.2)]
        let x = [[0.1], [0.7], [1.9]], z = [[0.4], [0.1]], v = [[0.1, 0.2], [0.5, -0.3], [1.0, 0.4]]
        let w = [[0.3, -0.5], [0.8, 0.25], [-0.6, 0.45]]
        func kernel(_ a: [[Double]], _ b: [[Double]], _ f: ([Double], [Double]) -> Double) -> [[Double]] {
            a.map { ai in b.map { bj in f(ai, bj) } }
        }
        func dist(_ a: [Double], _ b: [Double], _ scales: [Double]? = nil) -> Double {
            zip(a, b).enumerated().reduce(0.0) { s, e in
                let t = (e.element.0 - e.element.1) / (scales?[e.offset] ?? 1)
                return s + t * t
            }.squareRoot()
        }
        let s2 = sigma * sigma
        let expected: [(String, [[Double]])] = [
            ("eq", kernel(x, x) { s2 * exp(-0.5 * pow(dist($0, $1) / l, 2)) }),
            ("eq12", kernel(x, z) { s2 * exp(-0.5 * pow(dist($0, $1) / l, 2)) }),
            ("m32", kernel(x, x) { let r = sqrt(3) * dist($0, $1) / l; return s2 * (1 + r) * exp(-r) }),
            ("m52", kernel(v, v) { let d = dist($0, $1); return s2 * (1 + sqrt(5) * d / l + 5 * d * d / (3 * l * l)) * exp(-sqrt(5) * d / l) }),
            ("ex", kernel(v, v) { s2 * exp(-dist($0, $1, ls)) }),
            ("per", kernel(x, z) { s2 * exp(-2 * pow(sin(Double.pi * dist($0, $1) / p), 2) / (l * l)) }),
            ("dot", kernel(v, v) { s2 + zip($0, $1).map(*).reduce(0, +) }),
            ("eqw", kernel(w, w) { s2 * exp(-0.5 * pow(dist($0, $1, ls), 2)) }),
            ("m32w", kernel(w, w) { let r = sqrt(3) * dist($0, $1) / l; return s2 * (1 + r) * exp(-r) }),
            ("perw", kernel(w, w) { s2 * exp(-2 * pow(sin(Double.pi * dist($0, $1) / p), 2) / (l * l)) }),
            ("dotw", kernel(w, v) { s2 + zip($0, $1).map(*).reduce(0, +) }),
            ("old", kernel(x, x) { s2 * exp(-0.5 * pow(dist($0, $1) / l, 2)) }),
        ]
        for (name, reference) in expected {
            let got = block(name, reference.count, reference[0].count)
            for (gotRow, refRow) in zip(got, reference) {
                for (g, r) in zip(gotRow, refRow) { XCTAssertEqual(g, r, accuracy: 1e-13 * max(1, abs(r)), name) }
            }
        }
    }

    func testGradientAgainstFiniteDifferences() throws {
        let m = try model().model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "gp.stan") }
    }

    /// A length-scale array whose size is not the points' dimension is a located error.
    func testLengthScaleSizeMismatchIsLocated() throws {
        let source = """
        data { array[2] vector[3] v; }
        parameters { real<lower=0> s; array[2] real<lower=0> ls; }
        model { target += sum(gp_exp_quad_cov(v, s, ls)); }
        """
        XCTAssertThrowsError(try StanModel.compile(source: source, fileName: "ard.stan",
                                                   data: try DataSet(json: #"{"v": [[1, 2, 3], [0, 1, 0]]}"#))) { error in
            XCTAssertTrue("\(error)".contains("ard.stan:3") && "\(error)".contains("2 length scales"), "\(error)")
        }
    }
}
