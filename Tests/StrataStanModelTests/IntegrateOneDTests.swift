// 1-D integrators: values against closed forms, gradients (under the integral sign and at the limits) against finite differences.
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class IntegrateOneDTests: XCTestCase {
    private let source = """
    functions {
      real expo(real x, real xc, array[] real theta, array[] real x_r, array[] int x_i) { return exp(theta[1] * x); }
      real gauss(real x, real xc, real mu, real sigma) { return exp(-0.5 * square((x - mu) / sigma)); }
      real beta_kernel(real x, real xc, real alpha, real beta) {
        // Near 1, 1 - x is taken from xc (b - x) without cancellation.
        real one_minus = x > 0.5 ? xc : 1 - x;
        return exp((alpha - 1) * log(x) + (beta - 1) * log(one_minus));
      }
      real poly(real x, real xc, int k) { return x ^ k; }
    }
    data { array[0] real x_r; array[0] int x_i; }
    parameters {
      real<lower=-1, upper=0> lo; real<lower=0.5, upper=2> hi; real<lower=-1, upper=1> k;
      real<lower=-1, upper=1> mu; real<lower=0.5, upper=2> sigma;
      real<lower=2, upper=4> alpha; real<lower=2, upper=4> beta;
    }
    transformed parameters {
      real e1 = integrate_1d(expo, lo, hi, {k}, x_r, x_i);
      real e2 = integrate_1d(expo, lo, hi, {k}, x_r, x_i, 1e-10);
      real g_all = integrate_1d_double_exponential(gauss, negative_infinity(), positive_infinity(), mu, sigma);
      real g_half = integrate_1d_gauss_kronrod(gauss, mu, positive_infinity(), mu, sigma);
      real g_left = integrate_1d_gauss_kronrod_tol(gauss, negative_infinity(), mu, 1e-9, 0, 40, mu, sigma);
      real b = integrate_1d_double_exponential_tol(beta_kernel, 0, 1, 1e-9, 0, 30, alpha, beta);
    }
    model { target += -square(e1) - square(e2 - 1) - g_all - g_half + g_left + log(b); }
    """

    func testValuesMatchClosedFormsAndGradientsFiniteDifferences() throws {
        let m = try StanModel.compile(source: source, fileName: "int.stan", data: try DataSet(json: #"{"x_r": [], "x_i": []}"#)).model
        for seed: UInt64 in [1, 2, 3] { try StanTestSupport.checkGradient(m, seed: seed, "integrate_1d, seed \(seed)") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 5), into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let (lo, hi, k) = (value("lo"), value("hi"), value("k"))
        let exact = (Foundation.exp(k * hi) - Foundation.exp(k * lo)) / k
        XCTAssertEqual(value("e1"), exact, accuracy: 1e-9 * abs(exact))
        XCTAssertEqual(value("e2"), exact, accuracy: 1e-11 * abs(exact))
        let sigma = value("sigma"), root = sigma * (2 * Double.pi).squareRoot()
        XCTAssertEqual(value("g_all"), root, accuracy: 1e-8 * root)
        XCTAssertEqual(value("g_half"), root / 2, accuracy: 1e-8 * root)
        XCTAssertEqual(value("g_left"), root / 2, accuracy: 1e-8 * root)
        let (alpha, beta) = (value("alpha"), value("beta"))
        let betaFunction = Foundation.exp(Foundation.lgamma(alpha) + Foundation.lgamma(beta) - Foundation.lgamma(alpha + beta))
        XCTAssertEqual(value("b"), betaFunction, accuracy: 1e-9 * betaFunction)
    }

    func testKronrodRuleIsExactForPolynomialsAndFailuresAreReported() throws {
        // One 15-point Kronrod rule (max depth 0, any error accepted) integrates x^k exactly up to degree 22.
        for k in [0, 1, 5, 13, 22] {
            let p = """
            functions { real poly(real x, real xc, int k) { return x ^ k; } }
            transformed data { real v = integrate_1d_gauss_kronrod_tol(poly, 0.25, 1, 1e-14, 1, 0, \(k)); }
            parameters { real x; }
            model { x ~ normal(v, 1); }
            """
            let m = try StanModel.compile(source: p, fileName: "p.stan", data: nil).model
            let (lp, _) = try StanTestSupport.valueAndGradient(m, at: [0])
            let v = (1 - Foundation.pow(0.25, Double(k + 1))) / Double(k + 1)
            XCTAssertEqual(lp, -0.5 * v * v, accuracy: 1e-14, "degree \(k)")
        }
        let divergent = """
        functions { real f(real x, real xc) { return 1 / sqrt(abs(x)); } }
        transformed data { real v = integrate_1d_gauss_kronrod_tol(f, -1, 1, 1e-12, 0, 3); }
        parameters { real x; }
        model { x ~ normal(v, 1); }
        """
        XCTAssertThrowsError(try StanModel.compile(source: divergent, fileName: "d.stan", data: nil)) {
            XCTAssert("\($0)".contains("integrate_1d_gauss_kronrod"), "\($0)")
        }
    }
}
