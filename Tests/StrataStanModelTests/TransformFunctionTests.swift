// The *_constrain/_jacobian/_unconstrain functions and `jacobian +=`: against declared constrained parameters, round
// trips, finite-difference gradients, data inverses and the checker's placement rules.
import Foundation
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import XCTest

final class TransformFunctionTests: XCTestCase {
    /// Free parameters constrained by the `_jacobian` functions, in the order of `declared` below.
    static let viaFunctions = """
    data { vector[3] lo3; }
    parameters {
      real a; real b; vector[3] v; vector[3] w; vector[2] s; vector[3] o; vector[3] po; vector[3] uv;
      vector[3] cf; vector[5] cc; vector[3] cm; vector[6] cv; array[2] vector[2] as;
    }
    transformed parameters {
      real x_lb = lower_bound_jacobian(a, 1.5);
      real x_ub = upper_bound_jacobian(b, 1.5);
      vector[3] x_lub = lower_upper_bound_jacobian(v, -1, lo3);
      vector[3] x_om = offset_multiplier_jacobian(w, lo3, 2);
      vector[3] x_s = simplex_jacobian(s);
      vector[3] x_o = ordered_jacobian(o);
      vector[3] x_po = positive_ordered_jacobian(po);
      vector[3] x_uv = unit_vector_jacobian(uv);
      matrix[3, 3] x_cf = cholesky_factor_corr_jacobian(cf, 3);
      matrix[3, 2] x_cc = cholesky_factor_cov_jacobian(cc, 3, 2);
      matrix[3, 3] x_cm = corr_matrix_jacobian(cm, 3);
      matrix[3, 3] x_cv = cov_matrix_jacobian(cv, 3);
      array[2] vector[3] x_as = simplex_jacobian(as);
    }
    model {
      target += -0.5 * (square(x_lb) + square(x_ub) + dot_self(x_lub) + dot_self(x_om) + dot_self(x_s) + dot_self(x_o)
                        + dot_self(x_po) + dot_self(x_uv) + dot_self(to_vector(x_cf)) + dot_self(to_vector(x_cc))
                        + dot_self(to_vector(x_cm)) + 0.1 * dot_self(to_vector(x_cv)) + dot_self(x_as[1]) + dot_self(x_as[2]));
      target += -0.5 * (square(a) + square(b) + dot_self(v) + dot_self(w) + dot_self(s) + dot_self(o) + dot_self(po) + dot_self(uv)
                        + dot_self(cf) + dot_self(cc) + dot_self(cm) + dot_self(cv) + dot_self(as[1]) + dot_self(as[2]));
    }
    """

    /// The same values declared as constrained parameters.
    static let declared = """
    data { vector[3] lo3; }
    parameters {
      real<lower=1.5> x_lb; real<upper=1.5> x_ub; vector<lower=-1, upper=lo3>[3] x_lub;
      vector<offset=lo3, multiplier=2>[3] x_om; simplex[3] x_s; ordered[3] x_o; positive_ordered[3] x_po;
      unit_vector[3] x_uv; cholesky_factor_corr[3] x_cf; cholesky_factor_cov[3, 2] x_cc; corr_matrix[3] x_cm;
      cov_matrix[3] x_cv; array[2] simplex[3] x_as;
    }
    model {
      target += -0.5 * (square(x_lb) + square(x_ub) + dot_self(x_lub) + dot_self(x_om) + dot_self(x_s) + dot_self(x_o)
                        + dot_self(x_po) + dot_self(x_uv) + dot_self(to_vector(x_cf)) + dot_self(to_vector(x_cc))
                        + dot_self(to_vector(x_cm)) + 0.1 * dot_self(to_vector(x_cv)) + dot_self(x_as[1]) + dot_self(x_as[2]));
    }
    """

    static let json = #"{"lo3": [0.5, 1, 2]}"#

    /// With and without the Jacobian, the functions give the declared parameters' log density (plus the plain normal
    /// terms on the free values that the declared program cannot write).
    func testJacobianFunctionsMatchDeclaredParameters() throws {
        let data = try DataSet(json: Self.json)
        let functions = try StanModel.compile(source: Self.viaFunctions, fileName: "functions.stan", data: data).model
        let declared = try StanModel.compile(source: Self.declared, fileName: "declared.stan", data: data).model
        XCTAssertEqual(functions.dimension, declared.dimension)
        for seed in UInt64(1)...3 {
            let u = StanTestSupport.randomPoint(functions.dimension, seed: seed)
            let free = -0.5 * u.map { $0 * $0 }.reduce(0, +)
            for jacobian in [true, false] {
                let viaFunctions = try functions.withJacobian(jacobian).makeEvaluator().logDensity(at: u)
                let reference = try declared.withJacobian(jacobian).makeEvaluator().logDensity(at: u)
                XCTAssertEqual(viaFunctions, reference + free, accuracy: 1e-9 * max(1, abs(reference)), "jacobian \(jacobian)")
            }
            try StanTestSupport.checkGradient(functions, seed: seed, "functions.stan")
        }
    }

    /// Unconstraining the constrained values gives back the free values, on parameters (composed on the graph, with
    /// gradients) and on data; the stochastic and zero-sum matrices keep their sums.
    func testUnconstrainInvertsConstrain() throws {
        let source = """
        transformed data {
          vector[2] d_s = simplex_unconstrain([0.2, 0.3, 0.5]');
          vector[3] d_lb = lower_bound_unconstrain([2.0, 3.0, 5.0]', 1);
        }
        parameters {
          real a; vector[3] v; vector[2] s; vector[3] o; vector[3] po; vector[3] uv; vector[3] cf; vector[5] cc;
          vector[3] cm; vector[6] cv; matrix[2, 3] sc; matrix[3, 2] sr; vector[2] z; matrix[2, 3] zm;
        }
        transformed parameters {
          real r_lb = lower_bound_unconstrain(lower_bound_constrain(a, -2), -2);
          real r_ub = upper_bound_unconstrain(upper_bound_constrain(a, 3), 3);
          vector[3] r_lub = lower_upper_bound_unconstrain(lower_upper_bound_constrain(v, -1, [0, 1, 2]'), -1, [0, 1, 2]');
          vector[3] r_om = offset_multiplier_unconstrain(offset_multiplier_constrain(v, 1, [1, 2, 3]'), 1, [1, 2, 3]');
          vector[2] r_s = simplex_unconstrain(simplex_constrain(s));
          vector[3] r_o = ordered_unconstrain(ordered_constrain(o));
          vector[3] r_po = positive_ordered_unconstrain(positive_ordered_constrain(po));
          vector[3] r_cf = cholesky_factor_corr_unconstrain(cholesky_factor_corr_constrain(cf, 3));
          vector[5] r_cc = cholesky_factor_cov_unconstrain(cholesky_factor_cov_constrain(cc, 3, 2));
          vector[3] r_cm = corr_matrix_unconstrain(corr_matrix_constrain(cm, 3));
          vector[6] r_cv = cov_matrix_unconstrain(cov_matrix_constrain(cv, 3));
          matrix[3, 3] x_sc = stochastic_column_constrain(sc);
          matrix[3, 3] x_sr = stochastic_row_constrain(sr);
          matrix[2, 3] r_sc = stochastic_column_unconstrain(x_sc);
          matrix[3, 2] r_sr = stochastic_row_unconstrain(x_sr);
          vector[3] x_z = sum_to_zero_constrain(z);
          vector[2] r_z = sum_to_zero_unconstrain(x_z);
          matrix[3, 4] x_zm = sum_to_zero_constrain(zm);
          matrix[2, 3] r_zm = sum_to_zero_unconstrain(x_zm);
          vector[3] x_uv = unit_vector_constrain(uv);
          vector[3] r_uv = unit_vector_unconstrain(x_uv);
        }
        model {
          target += -0.5 * (square(r_lb) + square(r_ub) + dot_self(r_lub) + dot_self(r_om) + dot_self(r_s) + dot_self(r_o)
                            + dot_self(r_po) + dot_self(r_cf) + dot_self(r_cc) + dot_self(r_cm) + dot_self(r_cv)
                            + dot_self(to_vector(r_sc)) + dot_self(to_vector(r_sr)) + dot_self(r_z) + dot_self(to_vector(r_zm))
                            + dot_self(r_uv));
          target += -0.5 * dot_self(lower_bound_unconstrain(exp(v) + 1, 1));
        }
        """
        let m = try StanModel.compile(source: source, fileName: "roundtrip.stan", data: nil).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "roundtrip.stan") }
        let u = StanTestSupport.randomPoint(m.dimension, seed: 11)
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: u, into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        func values(_ prefix: String) -> [Double] {
            m.outputNames.indices.filter { m.outputNames[$0].hasPrefix(prefix + ".") || m.outputNames[$0] == prefix }.map { out[$0] }
        }
        for (free, back) in [("a", "r_lb"), ("a", "r_ub"), ("v", "r_lub"), ("v", "r_om"), ("s", "r_s"), ("o", "r_o"),
                             ("po", "r_po"), ("cf", "r_cf"), ("cc", "r_cc"), ("cm", "r_cm"), ("cv", "r_cv"), ("sc", "r_sc"),
                             ("sr", "r_sr"), ("z", "r_z"), ("zm", "r_zm")] {
            let x = values(free), y = values(back)
            XCTAssertEqual(x.count, y.count, back)
            for (p, q) in zip(x, y) { XCTAssertEqual(p, q, accuracy: 1e-9, "\(back) against \(free)") }
        }
        for j in 1...3 {
            XCTAssertEqual((1...3).map { value("x_sc.\($0).\(j)") }.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertEqual((1...3).map { value("x_sr.\(j).\($0)") }.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertEqual((1...4).map { value("x_zm.\(j).\($0)") }.reduce(0, +), 0, accuracy: 1e-12)
        }
        for k in 1...4 { XCTAssertEqual((1...3).map { value("x_zm.\($0).\(k)") }.reduce(0, +), 0, accuracy: 1e-12) }
        XCTAssertEqual(values("x_z").reduce(0, +), 0, accuracy: 1e-12)
        let norm = values("x_uv").map { $0 * $0 }.reduce(0, +)
        XCTAssertEqual(norm, 1, accuracy: 1e-12)
        for (p, q) in zip(values("x_uv"), values("r_uv")) { XCTAssertEqual(p, q, accuracy: 1e-15) }
    }

    /// Unconstraining data runs the numeric inverse: simplex coordinates are the Helmert coordinates of log x, and a
    /// value outside the support is a located error.
    func testDataUnconstrainValuesAndErrors() throws {
        let source = """
        transformed data {
          vector[2] d_s = simplex_unconstrain([0.2, 0.3, 0.5]');
          vector[3] d_lb = lower_bound_unconstrain([2.0, 3.0, 5.0]', 1);
        }
        parameters { real mu; }
        model { mu ~ normal(0, 1); }
        generated quantities { vector[2] s = d_s; vector[3] lb = d_lb; }
        """
        let m = try StanModel.compile(source: source, fileName: "data.stan", data: nil).model
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: [0.1], into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let l = [0.2, 0.3, 0.5].map { Foundation.log($0) }
        XCTAssertEqual(value("s.1"), (l[0] - l[1]) / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(value("s.2"), (l[0] + l[1] - 2 * l[2]) / 6.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(value("lb.3"), Foundation.log(4), accuracy: 1e-12)
        let bad = "transformed data { vector[2] d = simplex_unconstrain([0.2, 0.3]'); }\nparameters { real mu; }\nmodel { mu ~ normal(0, 1); }"
        XCTAssertThrowsError(try StanModel.compile(source: bad, fileName: "bad.stan", data: nil)) { error in
            XCTAssertTrue("\(error)".contains("bad.stan:1") && "\(error)".contains("not a simplex"), "\(error)")
        }
    }

    /// `jacobian +=` in transformed parameters and in `_jacobian` functions counts only with the Jacobian.
    func testJacobianIncrement() throws {
        let source = """
        functions {
          real scaled_jacobian(real x, real s) {
            jacobian += log(s);
            return s * x;
          }
        }
        parameters { real a; }
        transformed parameters {
          real y = scaled_jacobian(a, 3);
          jacobian += 0.25 * a;
        }
        model { y ~ normal(0, 3); }
        """
        let m = try StanModel.compile(source: source, fileName: "jacobian.stan", data: nil).model
        let a = 0.7
        let without = try m.withJacobian(false).makeEvaluator().logDensity(at: [a])
        let with = try m.withJacobian(true).makeEvaluator().logDensity(at: [a])
        XCTAssertEqual(without, -0.5 * (3 * a / 3) * (3 * a / 3), accuracy: 1e-12)
        XCTAssertEqual(with - without, Foundation.log(3) + 0.25 * a, accuracy: 1e-12)
        try StanTestSupport.checkGradient(m, seed: 3, "jacobian.stan")
    }

    /// Stan's placement rules: `jacobian +=` and the `_jacobian` functions only in transformed parameters and
    /// `_jacobian` functions.
    func testPlacementRules() {
        let rejected = [
            "parameters { real b; } model { real x = upper_bound_jacobian(b, 1); }",
            "model { jacobian += 1; }",
            "functions { real f(real x) { jacobian += x; return x; } } parameters { real b; } transformed parameters { real c = f(b); }",
            "functions { real g_jacobian(real x) { return x; } real f(real x) { return g_jacobian(x); } } parameters { real b; } transformed parameters { real c = f(b); }",
        ]
        for source in rejected { XCTAssertFalse(StanFrontEnd.check(source: source).succeeded, source) }
        let accepted = [
            "parameters { real b; } transformed parameters { real c = upper_bound_jacobian(b, 1); }",
            "functions { real f_jacobian(real x) { jacobian += x; return lower_bound_jacobian(x, 0); } } parameters { real b; } transformed parameters { real c = f_jacobian(b); }",
            "parameters { real b; } transformed parameters { jacobian += b; } model { real c = lower_bound_constrain(b, 0) + lower_bound_unconstrain(2, 1); }",
        ]
        for source in accepted {
            let result = StanFrontEnd.check(source: source)
            XCTAssertTrue(result.succeeded, "\(source): \(result.diagnostics)")
        }
    }
}
