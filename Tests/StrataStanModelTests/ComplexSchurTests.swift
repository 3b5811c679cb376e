// complex_schur_decompose (_u, _t, tuple) on parameters: the defining identities and finite-difference gradients.
import Foundation
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class ComplexSchurTests: XCTestCase {
    static let program = """
    parameters { vector[18] a; }
    transformed parameters {
      matrix[3, 3] A = to_matrix(a[1:9], 3, 3) + [[2, 0, 0], [0, -1, 0], [0, 0, 0.5]];
      complex_matrix[3, 3] C = to_complex(A, to_matrix(a[10:18], 3, 3));
      complex_matrix[3, 3] U = complex_schur_decompose_u(C);
      complex_matrix[3, 3] T = complex_schur_decompose_t(C);
      tuple(complex_matrix[3, 3], complex_matrix[3, 3]) UT = complex_schur_decompose(A);
    }
    model {
      a ~ normal(0, 0.5);
      target += dot_product(to_vector(get_real(U)), linspaced_vector(9, -1, 1)) + sum(get_imag(U[2]))
                + sum(get_real(T)) - 2 * sum(get_imag(T)) + sum(get_real(UT.1 * diag_matrix([1, 2, 3]')))
                + sum(get_imag(UT.2)) + get_real(UT.2[1, 2]);
    }
    generated quantities {
      complex_matrix[3, 3] Uh;
      complex_matrix[3, 3] Vh;
      for (i in 1:3) for (j in 1:3) { Uh[i, j] = conj(U[j, i]); Vh[i, j] = conj(UT.1[j, i]); }
      // The defining identities (zero up to rounding): C = U T Uᴴ, UᴴU = I, T upper triangular; the same for A.
      real schur_error = max(abs(U * T * Uh - C)) + max(abs(Uh * U - identity_matrix(3)))
                         + abs(T[2, 1]) + abs(T[3, 1]) + abs(T[3, 2])
                         + max(abs(UT.1 * UT.2 * Vh - A)) + max(abs(Vh * UT.1 - identity_matrix(3)))
                         + abs(UT.2[2, 1]) + abs(UT.2[3, 1]) + abs(UT.2[3, 2]);
    }
    """

    func testIdentitiesAndGradients() throws {
        let m = try StanModel.compile(source: Self.program, fileName: "schur.stan", data: nil).model
        for seed: UInt64 in [1, 2, 3] {
            var out: [Double] = []
            try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: seed), into: &out)
            XCTAssertLessThan(out[m.outputNames.firstIndex(of: "schur_error")!], 1e-12, "seed \(seed)")
            try StanTestSupport.checkGradient(m, seed: seed, "schur, seed \(seed)")
        }
    }

    func testDataArgumentsInEveryBlock() throws {
        let source = """
        data { matrix[2, 2] D; }
        transformed data { complex_matrix[2, 2] TD = complex_schur_decompose_t(D); }
        parameters { real y; }
        model { y ~ normal(get_real(TD[1, 1]), 1); }
        generated quantities {
          complex_matrix[2, 2] TG = TD;
          complex_matrix[2, 2] UG = complex_schur_decompose_u(to_complex(D, D'));
        }
        """
        let m = try StanModel.compile(source: source, fileName: "schur_data.stan",
                                      data: try DataSet(json: #"{"D": [[1, 2], [0, 3]]}"#)).model
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: [0.1], into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        // T's diagonal holds the eigenvalues 1 and 3 and, as ‖T‖_F = ‖D‖_F, |T₁₂| = 2; T₂₁ = 0.
        let diagonal = [value("TG.1.1.real"), value("TG.2.2.real")].sorted()
        XCTAssertEqual(diagonal[0], 1, accuracy: 1e-12); XCTAssertEqual(diagonal[1], 3, accuracy: 1e-12)
        XCTAssertEqual(Foundation.hypot(value("TG.1.2.real"), value("TG.1.2.imag")), 2, accuracy: 1e-12)
        XCTAssertEqual(value("TG.2.1.real"), 0); XCTAssertEqual(value("TG.2.1.imag"), 0)
        XCTAssert(out.allSatisfy(\.isFinite))
    }
}
