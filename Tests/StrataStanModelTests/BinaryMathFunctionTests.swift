// Stan's binary math functions (fmax, hypot, lbeta, lchoose, log_diff_exp, choose, ...) and the signature fixes of
// issue 12 item 10: values against independent formulas, gradients against finite differences.
import Foundation
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import StrataTestSupport
import XCTest

final class BinaryMathFunctionTests: XCTestCase {
    func compile(_ source: String, data: String = "{}") throws -> StanModel {
        try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: data))
    }

    private func logDensity(_ source: String, data: String = "{}", at x: [Double]) throws -> Double {
        try compile(source, data: data).model.withJacobian(false).makeEvaluator().logDensity(at: x)
    }

    /// Asserts `target += expression` of parameters (x, y) equals `reference(x, y)` at a few points and that its
    /// gradient matches central finite differences there.
    func check(_ expression: String, at points: [[Double]], file: StaticString = #filePath, line: UInt = #line,
                       _ reference: (Double, Double) -> Double) throws {
        let model = try compile("parameters { real x; real y; }\nmodel { target += \(expression); }\n")
            .model.withJacobian(false)
        let evaluator = model.makeEvaluator()
        for p in points {
            var g = [0.0, 0.0]
            let lp = try evaluator.logDensityAndGradient(at: p, gradient: &g)
            let expected = reference(p[0], p[1])
            XCTAssertEqual(lp, expected, accuracy: 1e-10 * max(1, abs(expected)), "\(expression) at \(p)", file: file, line: line)
            try FiniteDifferences.assertGradient(g, matches: { try evaluator.logDensity(at: $0) }, at: p,
                                                 relativeTolerance: 1e-5, absoluteTolerance: 1e-7, expression,
                                                 file: file, line: line)
        }
    }

    func testRealBinaryFunctionsOnScalars() throws {
        let points = [[0.3, 1.7], [2.5, -0.4], [-1.2, -2.9]]
        try check("fmax(x, y)", at: points) { max($0, $1) }
        try check("fmin(x, y)", at: points) { min($0, $1) }
        try check("fdim(x, y)", at: points) { max($0 - $1, 0) }
        try check("max({x, y}) - min({x, y})", at: points) { abs($0 - $1) }
        try check("hypot(x, y)", at: points) { ($0 * $0 + $1 * $1).squareRoot() }
        try check("log_sum_exp(x * 400, y)", at: points) { a, b in
            let u = a * 400, m = max(u, b)
            return m + Foundation.log(Foundation.exp(u - m) + Foundation.exp(b - m))
        }
        let positive = [[0.3, 1.7], [2.5, 0.4], [1.2, 2.9]]
        try check("lbeta(x, y)", at: positive) { lgamma($0) + lgamma($1) - lgamma($0 + $1) }
        try check("beta(x, y)", at: positive) { Foundation.exp(lgamma($0) + lgamma($1) - lgamma($0 + $1)) }
        try check("lmultiply(x, y)", at: positive) { $0 * Foundation.log($1) }
        try check("log_diff_exp(x + y, y)", at: positive) { a, b in a + b + Foundation.log(1 - Foundation.exp(-a)) }
        try check("log_inv_logit_diff(x + y, y)", at: points.map { [abs($0[0]) + 0.1, $0[1]] }) { a, b in
            Foundation.log(1 / (1 + Foundation.exp(-(a + b))) - 1 / (1 + Foundation.exp(-b)))
        }
        // lchoose(n, k) = log(n! / (k! (n - k)!)) extended to reals; lchoose(5, 2) = log 10.
        try check("lchoose(x + 4, y)", at: [[1, 2], [2.5, 1.3]]) { n, k in
            lgamma(n + 5) - lgamma(k + 1) - lgamma(n + 4 - k + 1)
        }
        try check("log_falling_factorial(x + 4, y)", at: [[1, 2], [2.5, 1.3]]) { a, b in lgamma(a + 5) - lgamma(a + 5 - b) }
        try check("log_rising_factorial(x, y)", at: positive) { lgamma($0 + $1) - lgamma($0) }
        try check("falling_factorial(x, 3)", at: positive) { a, _ in a * (a - 1) * (a - 2) }
        try check("rising_factorial(x, 2)", at: positive) { a, _ in a * (a + 1) }
        try check("binary_log_loss(1, inv_logit(x)) + binary_log_loss(0, inv_logit(y))", at: points) { a, b in
            -Foundation.log(1 / (1 + Foundation.exp(-a))) - Foundation.log(1 - 1 / (1 + Foundation.exp(-b)))
        }
    }

    /// Containers with scalars and with containers of the same shape, elementwise, including arrays and `^`.
    func testVectorisedOverloadsOnContainers() throws {
        let source = """
        data { array[3] int n; }
        parameters { vector[3] v; real s; }
        model {
          target += sum(fmax(v, s)) + sum(pow(v, 2)) + sum(hypot(v, v)) + sum(fmin(s, v));
          target += sum(lchoose(n, 2)) + sum(log_sum_exp(v, s)) + sum(v ^ 2) + sum(to_vector(n) .^ 2);
        }
        """
        let model = try compile(source, data: "{\"n\": [5, 4, 2]}").model.withJacobian(false)
        let v = [0.5, -1.0, 2.0], s = 0.25
        var expected = 0.0
        for x in v {
            let hypot: Double = (2 * x * x).squareRoot()
            let lse: Double = max(x, s) + Foundation.log(1 + Foundation.exp(-abs(x - s)))
            expected += max(x, s) + x * x + hypot + min(s, x)
            expected += lse + x * x
        }
        let lchooseSum: Double = Foundation.log(10.0) + Foundation.log(6.0)
        expected += lchooseSum + 45.0
        let evaluator = model.makeEvaluator()
        var g = [Double](repeating: 0, count: 4)
        let lp = try evaluator.logDensityAndGradient(at: v + [s], gradient: &g)
        XCTAssertEqual(lp, expected, accuracy: 1e-10)
        try FiniteDifferences.assertGradient(g, matches: { try evaluator.logDensity(at: $0) }, at: v + [s],
                                             relativeTolerance: 1e-5, absoluteTolerance: 1e-7, "vectorised")
    }

    /// `choose` and integer factorials return ints; `to_array_1d` of an int array is an int array; `size` of a
    /// scalar is 1; `softmax` of a row vector; `A ^ n` is elementwise on a matrix.
    func testIntegerResultsAndShapeFunctions() throws {
        let source = """
        transformed data {
          int c = choose(5, 2);
          array[2] int cs = choose({5, 6}, 3);
          int f = falling_factorial(5, 2) + rising_factorial(2, 3);
          array[2, 2] int m = {{1, 2}, {3, 4}};
          array[4] int flat = to_array_1d(m);
          int one = size(7) + size(2.5);
          row_vector[3] r = softmax([1, 2, 3]);
          matrix[2, 2] A = [[1, 2], [3, 4]] ^ 2;
        }
        parameters { real x; }
        model {
          target += x * (c + cs[1] + cs[2] + f + flat[3] + one + r[3] + A[2, 1]);
        }
        """
        let e1: Double = Foundation.exp(1.0), e2: Double = Foundation.exp(2.0), e3: Double = Foundation.exp(3.0)
        let softmax3: Double = e3 / (e1 + e2 + e3)
        let integers: Double = 10 + 10 + 20 + 20 + 24 + 3 + 2 + 9
        let expected: Double = integers + softmax3
        XCTAssertEqual(try logDensity(source, at: [1]), expected, accuracy: 1e-10)
        XCTAssertEqual(try logDensity(source, at: [2]), 2 * expected, accuracy: 1e-10)
        let checked = StanFrontEnd.check(source: source)
        XCTAssertTrue(checked.succeeded, "\(checked.diagnostics.map(\.message))")
    }

    func testSignaturesFollowStan() {
        func accepts(_ body: String) -> Bool { StanFrontEnd.check(source: "transformed data { \(body) }\n").succeeded }
        XCTAssertTrue(accepts("real p = inc_beta(2, 3, 0.5);"))
        XCTAssertFalse(accepts("real p = inc_beta(2, 3);"))
        XCTAssertFalse(accepts("real p = choose(5.0, 2);"))
        XCTAssertFalse(accepts("int p = lchoose(5, 2);"))
        XCTAssertTrue(accepts("array[2] real p = pow({1, 2}, {2.5, 3});"))
        XCTAssertFalse(accepts("vector[2] v; row_vector[2] r; vector[2] p = fmax(v, r);"))
        XCTAssertTrue(accepts("matrix[2, 2] m; matrix[2, 2] p = lbeta(m, 2) + fdim(3, m) + m .^ m;"))
        XCTAssertTrue(accepts("array[2] vector[3] a; array[2] vector[3] p = log_diff_exp(a, a);"))
        XCTAssertTrue(accepts("array[2] int n; vector[2] x; vector[2] p = lmgamma(n, x) + binary_log_loss(n, x);"))
        XCTAssertFalse(accepts("real p = lmgamma(2.5, 3);"))
        XCTAssertTrue(accepts("vector[2] v; array[2] int k; vector[2] p = falling_factorial(v, k);"))
        XCTAssertTrue(accepts("array[2] real p = to_array_1d({1.5, 2});"))
        XCTAssertTrue(accepts("array[2] int p = to_array_1d({1, 2});"))
    }

    func testFminAndFmaxReturnOneOfTheirArgumentsExactly() throws {
        // Not (a + b ± |a − b|) / 2, which rounds and overflows (fmax(x, 1e308) was inf); in every block.
        let source = """
            parameters { real x; }
            transformed parameters { real a = fmax(x, 1e308); real b = fmin(x + 0.1, 0.2); }
            model { x ~ normal(0, 1); }
            generated quantities { real c = fmax(x, 1e308); real d = fmin(x + 0.1, 0.2); vector[2] e = fmax([x, 3]', 0.7); }
            """
        let stan = try compile(source)
        var out: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: [0.3], into: &out)
        func value(_ name: String) -> Double { out[stan.model.outputNames.firstIndex(of: name)!] }
        XCTAssertEqual(value("a"), 1e308)
        XCTAssertEqual(value("c"), 1e308)
        XCTAssertEqual(value("b"), 0.2)
        XCTAssertEqual(value("d"), 0.2)
        XCTAssertEqual(value("e.1"), 0.7)
        XCTAssertEqual(value("e.2"), 3)
    }
    func testElementwiseLogSumExpTakesTheExactMaximum() throws {
        // log_sum_exp(vector, vector) took max(a, b) as (a + b + |a - b|) / 2: log_sum_exp(3.3, -1e17) was 0.
        let source = """
            parameters { real x; }
            transformed parameters { vector[3] p = log_sum_exp([x, x, 1e308]', [-1e17, 1, 1e308]'); }
            model { x ~ normal(0, 1); }
            """
        let stan = try compile(source)
        var out: [Double] = []
        let x = 3.3
        try stan.model.makeEvaluator().writeOutputs(at: [x], into: &out)
        func value(_ name: String) -> Double { out[stan.model.outputNames.firstIndex(of: name)!] }
        XCTAssertEqual(value("p.1"), x)
        XCTAssertEqual(value("p.2"), x + log1p(exp(1 - x)), accuracy: 1e-15)
        XCTAssertEqual(value("p.3"), 1e308 + log(2.0))
    }
    func testLogInvLogitDiffKeepsPrecisionForLargeArguments() throws {
        // log(inv_logit(a) - inv_logit(b)) cancelled to log(0) = -inf for a = 40, b = 39.
        let source = """
            parameters { real x; }
            transformed parameters { real p = log_inv_logit_diff(x, 39); real q = log_inv_logit_diff(0.5, x - 40); }
            model { x ~ normal(0, 1); }
            """
        let stan = try compile(source)
        var out: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: [40], into: &out)
        func value(_ name: String) -> Double { out[stan.model.outputNames.firstIndex(of: name)!] }
        func log1pExp(_ v: Double) -> Double { v > 0 ? v + log1p(exp(-v)) : log1p(exp(v)) }
        XCTAssertEqual(value("p"), 40 + log1p(-exp(-1)) - log1pExp(40) - log1pExp(39), accuracy: 1e-12)
        XCTAssertEqual(value("p"), -39.458675145387, accuracy: 1e-9)
        XCTAssertEqual(value("q"), log(1 / (1 + exp(-0.5)) - 0.5), accuracy: 1e-14)
    }
    func testInfinitiesAndExtremeMagnitudes() throws {
        // hypot squared its arguments (inf beyond 1e154, 0 below 1e-162); log1m_exp(x) rounded 1 - e^x to 1 below
        // x = -37 (0 instead of -e^x); elementwise log_sum_exp(-inf, -inf) was NaN (Stan: -inf).
        let source = """
            parameters { real x; }
            model { x ~ normal(0, 1); target += hypot(x, 3) + log1m_exp(-x * x - 40); }
            generated quantities {
              real h = hypot(x * 1e200, 1e200); real t = hypot(x * 1e-200, 0); real l = log1m_exp(x - 43);
              real k = log1m_exp(x - 3.3); vector[3] s = log_sum_exp([-x, 1, positive_infinity()]' * positive_infinity(), [negative_infinity(), 1, positive_infinity()]');
            }
            """
        let stan = try compile(source)
        var out: [Double] = []
        let x = 3.3
        try stan.model.makeEvaluator().writeOutputs(at: [x], into: &out)
        func value(_ name: String) -> Double { out[stan.model.outputNames.firstIndex(of: name)!] }
        XCTAssertEqual(value("h"), 1e200 * (x * x + 1).squareRoot(), accuracy: 1e186)
        XCTAssertEqual(value("t"), x * 1e-200, accuracy: 1e-214)
        XCTAssertEqual(value("l"), -exp(x - 43), accuracy: 1e-30)
        XCTAssertEqual(value("k"), log(-expm1(x - 3.3)))
        XCTAssertEqual(value("s.1"), -.infinity)
        XCTAssertEqual(value("s.2"), .infinity)
        XCTAssertEqual(value("s.3"), .infinity)
        // The gradient of the model block (hypot(x, 3) = x / hypot, log1m_exp(u)' = -1 / expm1(-u)) against finite differences.
        for seed: UInt64 in [1, 2] { try StanTestSupport.checkGradient(stan.model, seed: seed, "hypot, log1m_exp") }
    }
    func testLogBetaAndLogChooseKeepPrecisionForLargeArguments() throws {
        // lgamma(a) + lgamma(b) - lgamma(a + b) lost ~1e-5 absolute near 1e10 (references: mpmath at 40 digits).
        let source = """
            parameters { real<lower=0> x; }
            model { x ~ normal(1, 1); target += lbeta(x * 1e10, 3) + lchoose(x * 40.5, 12.25); }
            generated quantities {
              real a = lbeta(x * 1e10, 1e10); real b = lbeta(3.5, x * 1e12); real c = lbeta(x * 12.5, 20.25);
              real d = lbeta(0.7, 15); real e = lbeta(50, x * 3e6); real f = lchoose(x * 1e10, 3);
              real g = lchoose(1e10, x * 5e9); real h = lchoose(x * 40.5, 12.25); real i = lchoose(5, 2);
            }
            """
        let stan = try compile(source)
        var out: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: [0], into: &out)   // x = exp(0) = 1
        func value(_ name: String) -> Double { out[stan.model.outputNames.firstIndex(of: name)!] }
        let references: [(String, Double)] = [
            ("a", -13862943621.44631953), ("b", -95.507600303407219504), ("c", -21.870145400675240066),
            ("d", -1.6278000703830559384), ("e", -601.14080671636182229), ("f", 67.28579332029331552),
            ("g", 6931471793.8607362765), ("h", 22.824856432146114575), ("i", 2.302585092994045684),
        ]
        for (name, reference) in references {
            XCTAssertEqual(value(name), reference, accuracy: 4e-15 * Swift.max(1, Swift.abs(reference)), name)
        }
        for seed: UInt64 in [1, 2] { try StanTestSupport.checkGradient(stan.model, seed: seed, "lbeta, lchoose") }
    }
}
