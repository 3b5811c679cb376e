// asin, acos, atanh, acosh, inv_cloglog, log1m_exp and erfc, lowered as compositions of graph functions: values
// against the C library and gradients against finite differences; a user-defined foo_lcdf(y | ...) is called.
import Foundation
import StrataOutput
import StrataStanModel
import XCTest

final class ComposedMathFunctionTests: XCTestCase {
    func testValuesAndGradients() throws {
        let source = """
            functions { real foo_lcdf(real y, real s) { return -square(y / s); } }
            parameters { real<lower=-1, upper=1> a; real<lower=1> b; real c; real<upper=0> d; }
            transformed parameters {
              vector[7] f = [asin(a), acos(a), atanh(a), acosh(b), inv_cloglog(c), log1m_exp(d), erfc(c)]';
              vector[2] v = erfc([c, 2 * c]');
            }
            model { target += sum(f) - square(c) + sum(v) + foo_lcdf(c | 2) - d * d; }
            """
        let stan = try StanModel.compile(source: source, fileName: "composed.stan", data: nil)
        for seed: UInt64 in [4, 5, 6] {
            try StanTestSupport.checkGradient(stan.model, seed: seed, "composed functions, seed \(seed)")
            var out: [Double] = []
            try stan.model.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(stan.model.dimension, seed: seed), into: &out)
            let names = stan.model.outputNames
            func value(_ n: String) -> Double { out[names.firstIndex(of: n)!] }
            let a = value("a"), b = value("b"), c = value("c"), d = value("d")
            let expected = [asin(a), acos(a), atanh(a), acosh(b), -expm1(-exp(c)), log(-expm1(d)), erfc(c)]
            for (k, e) in expected.enumerated() {
                XCTAssertEqual(value("f.\(k + 1)"), e, accuracy: 1e-13 * max(1, abs(e)), "f[\(k + 1)] seed \(seed)")
            }
            XCTAssertEqual(value("v.2"), erfc(2 * c), accuracy: 1e-13)
        }
        // The upper tail of erfc keeps its relative accuracy.
        let tail = try StanModel.compile(source: "generated quantities { real t = erfc(6.5); }", fileName: "t.stan", data: nil)
        var out: [Double] = []
        try tail.model.makeEvaluator().writeOutputs(at: [], into: &out)
        XCTAssertEqual(out[0], erfc(6.5), accuracy: 1e-12 * erfc(6.5))
    }
}
