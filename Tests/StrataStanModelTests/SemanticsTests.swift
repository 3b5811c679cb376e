// Log densities of lowered programs against direct Swift computations of the same Stan semantics.
import Foundation
import StrataModeling
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class SemanticsTests: XCTestCase {
    func posteriordb(_ name: String, generatedQuantities: Bool = true) throws -> (StanModel, DataSet) {
        let data = try DataSet(contentsOf: SharedFiles.url("posteriordb/\(name)/data.json"))
        let stan = try StanModel.compile(path: SharedFiles.url("posteriordb/\(name)/model.stan").path, data: data,
                                         includeGeneratedQuantities: generatedQuantities)
        return (stan, data)
    }

    func outputs(_ m: GraphModel, at x: [Double]) throws -> [String: Double] {
        var values: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &values)
        return Dictionary(uniqueKeysWithValues: zip(m.outputNames, values))
    }

    /// hmm_example's forward algorithm (target += normal_lpdf keeps constants), without Jacobians.
    func testHiddenMarkovForwardAlgorithm() throws {
        let (stan, data) = try posteriordb("hmm_example-hmm_example", generatedQuantities: false)
        let model = stan.model.withJacobian(false)
        let y = try data.realArray("y"), n = try data.int("N"), k = try data.int("K")
        for seed in UInt64(1)...3 {
            let x = StanTestSupport.randomPoint(model.dimension, seed: seed)
            let o = try outputs(model, at: x)
            let mu = (1...k).map { o["mu.\($0)"]! }
            let theta = (1...k).map { j in (1...k).map { kk in o["theta.\(j).\(kk)"]! } }
            XCTAssertEqual(theta[0][0], o["theta1.1"]!)
            func normal(_ v: Double, _ m: Double) -> Double { -0.5 * (v - m) * (v - m) - 0.5 * Foundation.log(2 * Double.pi) }
            var lp = normal(mu[0], 3) + normal(mu[1], 10)
            var gamma = (0..<k).map { normal(y[0], mu[$0]) }
            for t in 1..<n {
                gamma = (0..<k).map { kk in
                    let acc = (0..<k).map { j in gamma[j] + Foundation.log(theta[j][kk]) + normal(y[t], mu[kk]) }
                    let m = acc.max()!
                    return m + Foundation.log(acc.reduce(0) { $0 + Foundation.exp($1 - m) })
                }
            }
            let m = gamma.max()!
            lp += m + Foundation.log(gamma.reduce(0) { $0 + Foundation.exp($1 - m) })
            let (value, _) = try StanTestSupport.valueAndGradient(model, at: x)
            XCTAssertEqual(value, lp, accuracy: 1e-9 * Swift.abs(lp))
        }
    }

    /// arK's AR(K) likelihood (a vectorised loop with an unrolled inner loop); `~` drops constants,
    /// so compare differences between points.
    func testAutoregressiveLikelihood() throws {
        let (stan, data) = try posteriordb("arK-arK")
        let model = stan.model.withJacobian(false)
        let y = try data.realArray("y"), kk = try data.int("K")
        func reference(_ o: [String: Double]) -> Double {
            let alpha = o["alpha"]!, sigma = o["sigma"]!
            let beta = (1...kk).map { o["beta.\($0)"]! }
            var lp: Double = -0.5 * alpha * alpha / 100
            for b in beta { lp -= 0.5 * b * b / 100 }
            let u: Double = sigma / 2.5
            lp -= Foundation.log1p(u * u)
            for t in kk..<y.count {
                var mu = alpha
                for k in 0..<kk { mu += beta[k] * y[t - k - 1] }
                let z: Double = (y[t] - mu) / sigma
                lp += -0.5 * z * z - Foundation.log(sigma)
            }
            return lp
        }
        let x0 = StanTestSupport.randomPoint(model.dimension, seed: 50)
        let (lp0, _) = try StanTestSupport.valueAndGradient(model, at: x0)
        let ref0 = reference(try outputs(model, at: x0))
        for seed in UInt64(51)...53 {
            let x = StanTestSupport.randomPoint(model.dimension, seed: seed)
            let (lp, _) = try StanTestSupport.valueAndGradient(model, at: x)
            let ref = reference(try outputs(model, at: x))
            let diff: Double = ref - ref0
            XCTAssertEqual(lp - lp0, diff, accuracy: 1e-9 * Swift.max(1.0, Swift.abs(diff)))
        }
    }

    /// Transformed data loops with comparisons (kidiq_with_mom_work) and a data-matrix product (sblrc-blr).
    func testTransformedDataAndDataMatrixProduct() throws {
        let (kid, kidData) = try posteriordb("kidiq_with_mom_work-kidscore_mom_work")
        let work = try kidData.intArray("mom_work"), score = try kidData.realArray("kid_score")
        let x = StanTestSupport.randomPoint(kid.model.dimension, seed: 7)
        let o = try outputs(kid.model, at: x)
        let beta = (1...4).map { o["beta.\($0)"]! }, sigma = o["sigma"]!
        var ref = 0.0
        for (w, s) in zip(work, score) {
            let b2: Double = w == 2 ? beta[1] : 0, b3: Double = w == 3 ? beta[2] : 0, b4: Double = w == 4 ? beta[3] : 0
            let mu: Double = beta[0] + b2 + b3 + b4
            let z: Double = (s - mu) / sigma
            ref += -0.5 * z * z - Foundation.log(sigma)
        }
        let (lp, _) = try StanTestSupport.valueAndGradient(kid.model.withJacobian(false), at: x)
        XCTAssertEqual(lp, ref, accuracy: 1e-9 * Swift.abs(ref))

        let (blr, blrData) = try posteriordb("sblrc-blr")
        let n = try blrData.int("N"), d = try blrData.int("D")
        let xm = try blrData.realMatrix("X", rows: n, columns: d), yv = try blrData.realArray("y")
        let p = StanTestSupport.randomPoint(blr.model.dimension, seed: 8)
        let bo = try outputs(blr.model, at: p)
        let b = (1...d).map { bo["beta.\($0)"]! }, s = bo["sigma"]!
        let c = 0.5 * Foundation.log(2 * Double.pi)
        func normal(_ v: Double, _ m: Double, _ sd: Double) -> Double {
            let z = (v - m) / sd
            return -0.5 * z * z - Foundation.log(sd) - c
        }
        var r: Double = normal(s, 0, 10)
        for bj in b { r += normal(bj, 0, 10) }
        for i in 0..<n {
            var mu = 0.0
            for j in 0..<d { mu += xm[i * d + j] * b[j] }
            r += normal(yv[i], mu, s)
        }
        let (lpb, _) = try StanTestSupport.valueAndGradient(blr.model.withJacobian(false), at: p)
        XCTAssertEqual(lpb, r, accuracy: 1e-9 * Swift.abs(r))
    }
}

final class GLMTests: XCTestCase {
    /// `y ~ normal_id_glm(X, alpha, beta, sigma)` equals `y ~ normal(alpha + X * beta, sigma)`.
    func testNormalIdentityGLMEqualsExpandedForm() throws {
        let url = SharedFiles.url("posteriordb/sblrc-blr")
        let data = try DataSet(contentsOf: url.appendingPathComponent("data.json"))
        func program(_ likelihood: String) -> String {
            """
            data {
              int<lower=0> N;
              int<lower=0> D;
              matrix[N, D] X;
              vector[N] y;
            }
            parameters {
              real alpha;
              vector[D] beta;
              real<lower=0> sigma;
            }
            model {
              \(likelihood);
            }
            """
        }
        let glm = try StanModel.compile(source: program("y ~ normal_id_glm(X, alpha, beta, sigma)"), fileName: "glm.stan", data: data).model
        let plain = try StanModel.compile(source: program("y ~ normal(alpha + X * beta, sigma)"), fileName: "plain.stan", data: data).model
        let x = StanTestSupport.randomPoint(glm.dimension, seed: 12)
        let (a, ga) = try StanTestSupport.valueAndGradient(glm, at: x)
        let (b, gb) = try StanTestSupport.valueAndGradient(plain, at: x)
        XCTAssertEqual(a, b, accuracy: 1e-12 * Swift.abs(b))
        for i in 0..<ga.count { XCTAssertEqual(ga[i], gb[i], accuracy: 1e-9 * Swift.max(1, Swift.abs(gb[i]))) }
    }
}
