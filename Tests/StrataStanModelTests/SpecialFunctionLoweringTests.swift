// Stan's special functions on parameters (gamma_p/q, inc_beta, owens_t, Bessel functions, lmgamma, tgamma,
// lambert_w*, floor/round/step, fmod, atan2, ...): lowered values against the graph's own kernels (themselves
// checked against mpmath in SpecialFunctionTests) and formulas, gradients against finite differences.
import Foundation
import StrataAutodiff
import XCTest

extension BinaryMathFunctionTests {
    private func special(_ f: SpecialFunction, _ x: Double...) -> Double {
        var p = SIMD4<Double>.zero
        for (i, v) in x.enumerated() { p[i] = v }
        return f.evaluate(p).value
    }

    func testSpecialFunctionsOfParameters() throws {
        let positive = [[0.7, 1.3], [2.5, 0.4], [1.6, 3.1]]
        try check("gamma_p(x, y) + gamma_q(y, x)", at: positive) { special(.gammaP, $0, $1) + special(.gammaQ, $1, $0) }
        try check("inc_beta(x, y, 0.3) + inc_beta(2, x, inv_logit(y))", at: positive) { a, b in
            special(.incBeta, a, b, 0.3) + special(.incBeta, 2, a, 1 / (1 + Foundation.exp(-b)))
        }
        try check("inv_inc_beta(x, y, 0.3) + inv_inc_beta(2, x, inv_logit(y)) + std_normal_qf(inv_logit(y))", at: positive) { a, b in
            special(.invIncBeta, a, b, 0.3) + special(.invIncBeta, 2, a, 1 / (1 + Foundation.exp(-b)))
                + SpecialFunctions.invPhi(1 / (1 + Foundation.exp(-b)))
        }
        try check("owens_t(x - 1, y)", at: positive) { special(.owensT, $0 - 1, $1) }
        try check("bessel_first_kind(2, x) + bessel_second_kind(1, y)", at: positive) {
            Foundation.jn(2, $0) + Foundation.yn(1, $1)
        }
        try check("modified_bessel_first_kind(1, x) * modified_bessel_second_kind(0, y)", at: positive) {
            special(.besselI, 1, $0) * special(.besselK, 0, $1)
        }
        try check("log_modified_bessel_first_kind(x, y)", at: positive) { special(.logBesselI, $0, $1) }
        try check("lmgamma(3, x + 1)", at: positive) { x, _ in
            let gammas: Double = lgamma(x + 1) + lgamma(x + 0.5) + lgamma(x)
            return 1.5 * Foundation.log(Double.pi) + gammas
        }
        try check("tgamma(x) + trigamma(y) + asinh(x - y)", at: positive) { a, b in
            Foundation.tgamma(a) + SpecialFunctions.trigamma(b) + Foundation.asinh(a - b)
        }
        try check("lambert_w0(x) + lambert_wm1(-y / 10) + inv_Phi(inv_logit(x)) + std_normal_log_qf(-y)", at: positive) { a, b in
            SpecialFunctions.lambertW(a, lowerBranch: false) + SpecialFunctions.lambertW(-b / 10, lowerBranch: true)
                + SpecialFunctions.invPhi(1 / (1 + Foundation.exp(-a))) + SpecialFunctions.stdNormalLogQuantile(-b)
        }
    }

    /// inv_inc_beta against scipy.special.betaincinv (values printed by scipy 1.x), and as the inverse of inc_beta.
    func testInverseIncompleteBetaMatchesScipy() {
        for (a, b, p, x) in [(0.7, 1.3, 0.3, 0.13722263199493354), (2.5, 0.4, 0.9, 0.9989403604299323),
                             (1.6, 3.1, 0.05, 0.05971722753320308)] {
            XCTAssertEqual(special(.invIncBeta, a, b, p), x, accuracy: 1e-12 * x)
            XCTAssertEqual(special(.incBeta, a, b, special(.invIncBeta, a, b, p)), p, accuracy: 1e-13)
        }
        XCTAssertEqual(special(.invIncBeta, 2, 3, 0), 0)
        XCTAssertEqual(special(.invIncBeta, 2, 3, 1), 1)
    }

    func testPiecewiseFunctionsOfParameters() throws {
        let points = [[0.7, 1.3], [-2.4, 0.4], [3.6, -3.1]]
        try check("floor(x) * y + ceil(y) * x + round(x) + trunc(y) * x", at: points) { a, b in
            a.rounded(.down) * b + b.rounded(.up) * a + a.rounded(.toNearestOrAwayFromZero) + b.rounded(.towardZero) * a
        }
        try check("step(x) * y + fmod(x, y) + atan2(x, y)", at: [[0.7, 1.3], [-2.3, 0.4], [3.6, -3.1]]) { a, b in
            (a < 0 ? 0 : 1) * b + Foundation.fmod(a, b) + Foundation.atan2(a, b)
        }
        try check("sum(gamma_q([1, 2, 3]' * exp(x), exp(y)))", at: points) { a, b in
            (1...3).map { special(.gammaQ, Double($0) * Foundation.exp(a), Foundation.exp(b)) }.reduce(0, +)
        }
    }
}
