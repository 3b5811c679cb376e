// decay_seed.stan (per-widget loop) must lower to the same small graph as decay.stan (vectorised).
import Foundation
import Strata
import StrataStanModel
import StrataTestSupport
import XCTest

final class LoopVectorizationTests: XCTestCase {
    func testLoopedDecayEqualsVectorisedDecay() throws {
        let vectorised = try StanTestSupport.compile("models/decay.stan", data: "data/decay_days.json").model
        let looped = try StanTestSupport.compile("models/decay_seed.stan", data: "data/decay_days.json").model
        XCTAssertEqual(vectorised.dimension, looped.dimension)
        XCTAssertEqual(vectorised.outputNames, looped.outputNames)
        for seed in UInt64(1)...5 {
            let x = StanTestSupport.randomPoint(vectorised.dimension, seed: seed)
            let (lpV, gV) = try StanTestSupport.valueAndGradient(vectorised, at: x)
            let (lpL, gL) = try StanTestSupport.valueAndGradient(looped, at: x)
            XCTAssertEqual(lpL, lpV, accuracy: 1e-9 * Swift.abs(lpV))
            for i in 0..<gV.count {
                XCTAssertEqual(gL[i], gV[i], accuracy: 1e-9 * Swift.max(1, Swift.abs(gV[i])), "d/dx[\(i)]")
            }
        }
    }

    /// The deterministic proxy for speed: the loop becomes O(1) vector operations, not O(N).
    func testLoopedDecayGraphHasConstantSize() throws {
        let vectorised = try StanTestSupport.compile("models/decay.stan", data: "data/decay_days.json").model
        let looped = try StanTestSupport.compile("models/decay_seed.stan", data: "data/decay_days.json").model
        XCTAssertLessThan(looped.graph.operations.count, 20)
        // Operation for operation the same graph as the vectorised program.
        XCTAssertEqual(looped.graph.operations.map { "\(type(of: $0)) \($0.output.count)" },
                       vectorised.graph.operations.map { "\(type(of: $0)) \($0.output.count)" })
        // Same size for 10x the widgets: nothing scales with N.
        let big = try StanModel.compile(path: SharedFiles.url("models/decay_seed.stan").path,
                                        data: try StanTestSupport.data("data/decay_days_1000.json")).model
        XCTAssertEqual(big.graph.operations.count, looped.graph.operations.count)
    }

    /// Prints the per-gradient time ratio (informational only; no wall-clock assertion).
    func testPrintGradientTimeRatio() throws {
        let vectorised = try StanTestSupport.compile("models/decay.stan", data: "data/decay_days.json").model
        let looped = try StanTestSupport.compile("models/decay_seed.stan", data: "data/decay_days.json").model
        func timePerGradient(_ m: GraphModel) throws -> Double {
            let e = m.makeEvaluator()
            let x = StanTestSupport.randomPoint(m.dimension, seed: 9)
            var g = [Double](repeating: 0, count: x.count)
            let reps = 1000
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<reps { _ = try e.logDensityAndGradient(at: x, gradient: &g) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(reps)
        }
        // Alternate the two and keep each one's best round, to damp noise from other processes.
        var tv = Double.infinity, tl = Double.infinity
        for _ in 0..<5 {
            tv = Swift.min(tv, try timePerGradient(vectorised))
            tl = Swift.min(tl, try timePerGradient(looped))
        }
        print("decay_seed / decay gradient time ratio: \(String(format: "%.2f", tl / tv)) (\(Int(tl)) ns vs \(Int(tv)) ns)")
    }

    /// A loop that cannot be vectorised (loop-carried dependence) is unrolled and still correct.
    func testLoopCarriedDependenceIsUnrolled() throws {
        let source = """
        data { int N; vector[N] y; }
        parameters { real mu; }
        model {
          real acc = 0;
          for (i in 1:N) { acc = acc + y[i] * mu; }
          target += -square(acc);
        }
        """
        let data = try DataSet(json: #"{"N": 3, "y": [1, 2, 3]}"#)
        let m = try StanModel.compile(source: source, fileName: "carried.stan", data: data).model
        let (lp, g) = try StanTestSupport.valueAndGradient(m, at: [0.5])
        XCTAssertEqual(lp, -9, accuracy: 1e-12)         // acc = 6 * 0.5 = 3
        XCTAssertEqual(g[0], -2 * 3 * 6, accuracy: 1e-12)
    }

    /// Element assignments to a local vector inside a vectorised loop, then a whole-vector read.
    func testElementAssignmentsInLoopThenVectorRead() throws {
        let source = """
        data { int N; vector[N] x; vector[N] y; array[N] int g; }
        parameters { vector[2] a; real b; }
        model {
          vector[N] mu;
          for (n in 1:N) mu[n] = a[g[n]] + b * x[n];
          y ~ normal(mu, 1);
        }
        """
        let data = try DataSet(json: #"{"N": 4, "x": [1, 2, 3, 4], "y": [0.5, 1, 2, 2.5], "g": [1, 2, 2, 1]}"#)
        let m = try StanModel.compile(source: source, fileName: "local.stan", data: data).model
        let x = [0.3, -0.2, 0.7]
        let (lp, _) = try StanTestSupport.valueAndGradient(m, at: x)
        let xs = [1.0, 2, 3, 4], ys = [0.5, 1, 2, 2.5], gs = [0, 1, 1, 0]
        let expected = (0..<4).reduce(0.0) { s, n in
            let z = ys[n] - (x[gs[n]] + x[2] * xs[n]); return s - 0.5 * z * z
        }
        XCTAssertEqual(lp, expected, accuracy: 1e-12)
        try StanTestSupport.checkGradient(m, seed: 4, "local.stan")
        XCTAssertLessThan(m.graph.operations.count, 10)
    }
}

final class RowProductVectorizationTests: XCTestCase {
    /// sblrc-blr written with a per-observation loop over rows `X[n] * beta` equals the vectorised program,
    /// with a graph that does not grow with N.
    func testLoopOverDataMatrixRows() throws {
        let url = SharedFiles.url("posteriordb/sblrc-blr")
        let data = try DataSet(contentsOf: url.appendingPathComponent("data.json"))
        let vectorised = try StanModel.compile(path: url.appendingPathComponent("model.stan").path, data: data).model
        let looped = try StanModel.compile(source: """
        data {
          int<lower=0> N;
          int<lower=0> D;
          matrix[N, D] X;
          vector[N] y;
        }
        parameters {
          vector[D] beta;
          real<lower=0> sigma;
        }
        model {
          target += normal_lpdf(beta | 0, 10);
          target += normal_lpdf(sigma | 0, 10);
          for (n in 1:N) target += normal_lpdf(y[n] | X[n] * beta, sigma);
        }
        """, fileName: "blr_loop.stan", data: data).model
        XCTAssertLessThan(looped.graph.operations.count, 12)
        for seed in UInt64(1)...3 {
            let x = StanTestSupport.randomPoint(vectorised.dimension, seed: seed)
            let (lv, gv) = try StanTestSupport.valueAndGradient(vectorised, at: x)
            let (ll, gl) = try StanTestSupport.valueAndGradient(looped, at: x)
            XCTAssertEqual(ll, lv, accuracy: 1e-9 * Swift.abs(lv))
            for i in 0..<gv.count { XCTAssertEqual(gl[i], gv[i], accuracy: 1e-9 * Swift.max(1, Swift.abs(gv[i]))) }
        }
    }
}
