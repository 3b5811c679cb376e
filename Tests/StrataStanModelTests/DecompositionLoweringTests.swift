// qr_thin_Q, qr_thin_R and singular_values of parameter-dependent matrices (tall and wide): values against numpy
// (scripts/reference/make_decomposition_reference.py) and gradients against finite differences.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class DecompositionLoweringTests: XCTestCase {
    static let program = """
    parameters {
      vector[12] a;
    }
    transformed parameters {
      matrix[4, 3] A = to_matrix(a, 4, 3) + append_row(identity_matrix(3), rep_row_vector(0, 3));
      matrix[4, 3] Q = qr_thin_Q(A);
      matrix[3, 3] R = qr_thin_R(A);
      matrix[3, 3] Qw = qr_thin_Q(A');
      matrix[3, 4] Rw = qr_thin_R(A');
      vector[3] sv = singular_values(A);
      vector[3] svw = singular_values(A');
    }
    model {
      a ~ normal(0, 0.3);
      target += sum(Q * [1, 2, 3]') + sum(R) + sum(Qw) - sum(Rw) + dot_product(sv, [1, -2, 3]') + sum(svw);
    }
    """

    func testValuesMatchNumpy() throws {
        let m = try StanModel.compile(source: Self.program, fileName: "qr.stan", data: nil).model
        let x = [0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35, 1.0, 0.2, -0.7]
        try StanTestSupport.assertOutputs(m, at: x, match: Self.reference)
    }

    func testGradientAgainstFiniteDifferences() throws {
        let m = try StanModel.compile(source: Self.program, fileName: "qr.stan", data: nil).model
        for seed in UInt64(1)...3 {
            // Near the identity-padded matrix, so every decomposition is well conditioned with distinct singular values.
            let x = StanTestSupport.randomPoint(m.dimension, seed: seed).map { $0 * 0.2 }
            let (_, g) = try StanTestSupport.valueAndGradient(m, at: x)
            let e = m.makeEvaluator()
            try FiniteDifferences.assertGradient(g, matches: { try e.logDensity(at: $0) }, at: x,
                                                 relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "qr.stan seed \(seed)")
        }
    }

    static let reference: [String: [Double]] = [
        "Q": [0.9215455665108367, -0.06845172671344482, 0.17624828466665501, -0.14177624100166716, 0.8559146716205932, 0.2693171227979524, 0.07088812050083358, 0.05218773942643834, 0.7976553574615017, 0.3544406025041679, 0.5099028102179062, -0.5100497625064225],
        "R": [1.4106735979665885, -0.32962976032887614, -0.6273598664323773, -0.0, 1.4058251033131852, 0.5855660961294905, -0.0, -0.0, 1.521851485872921],
        "Qw": [0.9256245108615757, 0.3779666797599208, 0.018985623074583086, -0.28480754180356177, 0.7287619351164997, -0.6227284368463246, -0.2492065990781165, 0.5710054561179919, 0.7822076706728226],
        "Rw": [1.4044571905188141, -0.7903409285048839, -0.2207258448977603, 0.4663723497033322, -0.0, 1.4063645390616326, 0.7594413120734073, 0.22653668166726582, 0.0, 0.0, 0.9094113452725291, -0.911689620041479],
        "sv": [2.0405574374656354, 1.253931052954287, 1.1795262857777402],
        "svw": [2.040557437465636, 1.253931052954287, 1.17952628577774],
    ]
}
