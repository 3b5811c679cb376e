// Stan's fat QR (qr_Q, qr_R), the SVD of real and complex matrices, the Hermitian and general eigendecompositions, the complex vector
// products and complex right division: values against numpy (scripts/reference/make_spectral_reference.py), the
// defining identities, and gradients against finite differences.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class SpectralLoweringTests: XCTestCase {
    static let program = """
    parameters {
      vector[12] a;
      vector[9] b;
    }
    transformed parameters {
      matrix[4, 3] A = to_matrix(a, 4, 3) + append_row(identity_matrix(3), rep_row_vector(0, 3));
      complex_matrix[3, 3] C = to_complex(to_matrix(a[1:9], 3, 3) + 2 * identity_matrix(3), to_matrix(b, 3, 3));
      matrix[4, 4] Q = qr_Q(A);
      matrix[4, 3] R = qr_R(A);
      matrix[3, 3] Qw = qr_Q(A');
      matrix[3, 4] Rw = qr_R(A');
      matrix[4, 3] U = svd_U(A);
      matrix[3, 3] V = svd_V(A);
      vector[3] sv = singular_values(A);
      matrix[4, 3] P = U[:, 1] * V[:, 1]' + 2 * U[:, 3] * V[:, 3]';
      complex_matrix[3, 3] CU = svd_U(C);
      complex_matrix[3, 3] CV = svd_V(C);
      vector[3] csv = singular_values(C);
      complex_vector[3] hval = eigenvalues_sym(C);
      complex_matrix[3, 3] hvec = eigenvectors_sym(C);
      complex dp = dot_product(C[:, 1], C[:, 2]);
      complex ds = dot_self(C[:, 1]);
      complex_row_vector[3] cdp = columns_dot_product(C, C);
      complex_vector[3] rds = rows_dot_self(C);
      complex_matrix[3, 3] D = C / (C' + 2 * identity_matrix(3));
      complex_row_vector[3] Dr = mdivide_right(C[2], C' + 2 * identity_matrix(3));
      complex_vector[3] ev = eigenvalues(C);
      complex_matrix[3, 3] evec = eigenvectors(C);
      matrix[3, 3] M = to_matrix(a[4:12], 3, 3) + [[1, -2, 0], [2, 1, 0], [0, 0, 3]];
      complex_vector[3] mv = eigenvalues(M);
      complex_matrix[3, 3] mvec = eigenvectors(M);
      real eigen_error = max(abs(C * evec - evec * diag_matrix(ev))) + max(abs(M * mvec - mvec * diag_matrix(mv)));
      // The defining identities (zero up to rounding).
      real qr_error = max(abs(Q * R - A)) + max(abs(Q' * Q - identity_matrix(4))) + max(abs(Qw * Rw - A'));
      real svd_error = max(abs(U * diag_matrix(sv) * V' - A)) + max(abs(U' * U - identity_matrix(3)));
      complex_matrix[3, 3] CVh;
      for (i in 1:3) for (j in 1:3) CVh[i, j] = conj(CV[j, i]);
      real csvd_error = max(abs(get_real(CU * diag_matrix(to_complex(csv, 0)) * CVh - C)))
                        + max(abs(get_imag(CU * diag_matrix(to_complex(csv, 0)) * CVh - C)));
    }
    model {
      a ~ normal(0, 0.3);
      b ~ normal(0, 0.3);
      target += sum(Q * [1, 2, 3, 4]') + sum(R) + sum(Qw) - sum(Rw) + sum(P) + dot_product(sv, [1, -2, 3]');
      target += sum(get_real(CU)) - sum(get_imag(CV)) + dot_product(csv, [0.5, 1, -1]') + sum(get_real(hval));
      target += sum(get_imag(hvec)) + get_real(dp) - get_imag(dp) + get_real(ds) + sum(get_imag(cdp)) + sum(get_real(rds));
      target += sum(get_real(D)) + sum(get_imag(D)) + sum(get_imag(Dr));
      target += sum(get_real(ev)) + sum(get_imag(evec)) + dot_product(get_imag(mv), [1, 2, 3]') + sum(get_real(mvec));
    }
    """

    func testValuesMatchNumpy() throws {
        let m = try StanModel.compile(source: Self.program, fileName: "spectral.stan", data: nil).model
        let x = [0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35, 1.0, 0.2, -0.7, 0.15, -0.3, 0.4, 0.05, -0.25, 0.35, -0.1, 0.2, 0.45]
        try StanTestSupport.assertOutputs(m, at: x, match: Self.reference, relative: 1e-9)
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &out)
        for name in ["qr_error", "svd_error", "csvd_error", "eigen_error"] {
            let value = try XCTUnwrap(m.outputNames.firstIndex(of: name).map { out[$0] }, name)
            XCTAssertLessThan(value, 1e-12, name)
        }
    }

    func testGradientAgainstFiniteDifferences() throws {
        let m = try StanModel.compile(source: Self.program, fileName: "spectral.stan", data: nil).model
        for seed in UInt64(1)...2 {
            // Near the identity-padded matrices, so every decomposition is well conditioned with distinct singular values.
            let x = StanTestSupport.randomPoint(m.dimension, seed: seed).map { $0 * 0.2 }
            let (_, g) = try StanTestSupport.valueAndGradient(m, at: x)
            let e = m.makeEvaluator()
            try FiniteDifferences.assertGradient(g, matches: { try e.logDensity(at: $0) }, at: x,
                                                 relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "spectral.stan seed \(seed)")
        }
    }

    /// The stanc3 programs of these functions pass the checker and lower with data.
    func testDataArgumentsMatchParameterArguments() throws {
        let source = """
        data { matrix[3, 3] d; complex_matrix[3, 3] c; }
        transformed data {
          matrix[3, 3] q = qr_Q(d);
          complex_matrix[3, 3] v = eigenvectors_sym(c);
          vector[3] s = singular_values(c);
          complex_vector[3] e = eigenvalues(d);
        }
        parameters { real y; }
        model { y ~ normal(0, 1); }
        generated quantities {
          matrix[3, 3] gq = q;
          complex_matrix[3, 3] gv = v;
          vector[3] gs = s;
          complex_vector[3] ge = e;
        }
        """
        let json = #"{"d": [[1, 0.2, 0.1], [0.3, 2, -0.4], [0.5, 0.1, 3]], "c": [[[2, 0.1], [0.5, -0.2], [0, 0.3]], [[0.1, 0.2], [1, 0], [0.4, 0.4]], [[0.2, -0.1], [0.3, 0.2], [3, 0.5]]]}"#
        let model = try StanModel.compile(source: source, fileName: "data.stan", data: try DataSet(json: json)).model
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: [0.1], into: &out)
        XCTAssertTrue(out.allSatisfy(\.isFinite))
    }

    static let reference: [String: [Double]] = [
        "Q": [0.9215455665108367, -0.06845172671344482, 0.17624828466665501, -0.3391233877311187, -0.14177624100166716, 0.8559146716205932, 0.2693171227979524, -0.41806442058596877, 0.07088812050083358, 0.05218773942643834, 0.7976553574615017, 0.596655046855703, 0.3544406025041679, 0.5099028102179062, -0.5100497625064225, 0.5951640304953806],
        "R": [1.4106735979665885, -0.32962976032887614, -0.6273598664323773, -0.0, 1.4058251033131852, 0.5855660961294905, -0.0, -0.0, 1.521851485872921, 0.0, 0.0, 0.0],
        "Qw": [0.9256245108615757, 0.3779666797599208, 0.018985623074583086, -0.28480754180356177, 0.7287619351164997, -0.6227284368463246, -0.2492065990781165, 0.5710054561179919, 0.7822076706728226],
        "Rw": [1.4044571905188141, -0.7903409285048839, -0.2207258448977603, 0.4663723497033322, -0.0, 1.4063645390616326, 0.7594413120734073, 0.22653668166726582, 0.0, 0.0, 0.9094113452725291, -0.911689620041479],
        "P": [0.6352746723918594, -0.8882188114823661, 0.25389246479270633, -0.49005617911101285, 0.6329214048661432, 0.26626968356528474, 0.36843194940655843, -0.6300370117349393, 1.1633967271605337, -0.35160951409553926, 0.5700964664825867, -0.8346065110538611],
        "sv": [2.040557437465636, 1.253931052954287, 1.1795262857777402],
        "csv": [2.5270717000582628, 2.0513748809397296, 1.1898612190563034],
        "CU": [0.8700345375651698, 0.041037816916226114, 0.37421019488210727, 7.314206425420033e-06, 0.2459800356829564, 0.20203057457899884, 0.23244451684143455, -0.10990057463813739, -0.6605685874256894, -0.2606413967969622, -0.2840481681011496, 0.5906972592327634, 0.2269329806063518, 0.3517792398993831, -0.5580132741195364, -0.21048306221962612, 0.4272221297100245, -0.5353056201834655],
        "CV": [0.8536051319521855, 0.0, 0.4538400748856524, 0.0, 0.25570972827148636, 0.0, 0.40216963742151296, -0.05231127469202248, -0.4961630013578903, -0.22335817711467099, -0.4619120810343026, 0.5710461833078356, 0.272894756529137, 0.1800273419237744, -0.7045025983380316, -0.040480565241716664, 0.3393971278191413, -0.5291177661159698],
        "hval": [0.984084915312481, 0.0, 2.0088347603956795, 0.0, 2.5570803242918387, 0.0],
        "hvec": [0.3737322406833811, 0.0, 0.26108355307068043, 0.0, 0.8900334772297998, -0.0, 0.4949678871908576, 0.43951157503300814, -0.6356197456413579, 0.2907708680222091, -0.02138750557055208, -0.26984955424776785, -0.01094155211684178, -0.6496467199739234, -0.6536891371738689, -0.12635557572698458, 0.19634844957761247, 0.3098572065265706],
        "dp": [1.0775, 0.505],
        "ds": [5.612499999999999, 0.0],
        "cdp": [5.067499999999999, 0.8899999999999999, 2.6850000000000005, -0.575, 2.8324999999999996, 1.7149999999999999],
        "rds": [5.5775, 0.0, 3.1525, 0.0, 3.2799999999999994, 0.0],
        "D": [0.5202992729040671, 0.0056683208720471005, 0.1580772588239787, 0.08668454435559486, -0.015245663768292726, -0.10378744362476466, -0.10093829505021182, -0.061332997558895146, 0.42784104839014614, -0.06111832826711036, 0.1271151500959622, 0.015025209688498001, 0.022608323306163, 0.09505332015580661, -0.018164462731487783, 0.0672198355163663, 0.47651948209374234, 0.05659456843745183],
        "Dr": [-0.10093829505021182, -0.061332997558895125, 0.42784104839014614, -0.06111832826711036, 0.1271151500959622, 0.015025209688498006],
        "ev": [1.4281060228450797, 0.0059011844285695725, 1.9161239387583862, -0.10381505353605634, 2.205770038396534, 0.4479138691074854],
        "evec": [0.46845131112525373, 1.1259016649200362e-18, 0.7313959068648935, 0.0, 0.7110608918264084, 0.0, -0.8011861970407668, 0.02713282303071832, -0.6041406455588797, -0.31216041884029505, -0.19056950132890715, 0.3515576214290729, 0.3021224976407599, -0.21596261970553493, 0.0176040840785505, 0.048167176979631444, -0.18123896164995745, 0.5492133928387603],
        "mv": [1.632070106759627, -1.683627437152047, 1.632070106759627, 1.683627437152047, 2.135859786480748, 0.0],
        "mvec": [0.7097378405570927, 0.0, 0.7097378405570927, 0.0, 0.03768463165225308, 0.0, -0.003646512559312913, 0.6848441371717262, -0.003646512559312913, -0.6848441371717262, 0.4462356663287561, 0.0, 0.0866244528830619, 0.14051196593789983, 0.0866244528830619, -0.14051196593789983, 0.894121691177082, 0.0],
    ]
}
