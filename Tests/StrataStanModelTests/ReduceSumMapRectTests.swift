// reduce_sum and map_rect: the same log density and gradient as the direct program, whatever the slicing.
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class ReduceSumMapRectTests: XCTestCase {
    private let data = #"{"N": 11, "y": [0.3, -1.2, 2.2, 0.9, 1.4, -0.4, 0.0, 2.8, 1.1, -0.7, 0.5], "G": 3, "g": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]}"#

    private func model(_ body: String) throws -> GraphModel {
        let source = """
        functions {
          real partial(array[] real y_slice, int start, int end, vector mu, array[] int g, real sigma) {
            return normal_lpdf(y_slice | mu[g[start:end]], sigma);
          }
          vector job(vector phi, vector theta, array[] real x_r, array[] int x_i) {
            return [normal_lpdf(x_r[1] | theta[1], phi[1]), normal_lpdf(x_r[2] | theta[1] + x_i[1], phi[1])]';
          }
        }
        data { int N; array[N] real y; int G; array[N] int g; }
        transformed data {
          array[2, 2] real x_r = {{y[1], y[2]}, {y[3], y[4]}};
          array[2, 1] int x_i = {{1}, {2}};
        }
        parameters { vector[G] mu; real<lower=0> sigma; }
        model { mu ~ normal(0, 2); sigma ~ lognormal(0, 1); \(body) }
        """
        return try StanModel.compile(source: source, fileName: "rs.stan", data: try DataSet(json: data)).model
    }

    private func assertSameDensity(_ a: GraphModel, _ b: GraphModel, _ label: String) throws {
        for seed: UInt64 in [1, 2, 3] {
            let x = StanTestSupport.randomPoint(a.dimension, seed: seed)
            let (la, ga) = try StanTestSupport.valueAndGradient(a, at: x), (lb, gb) = try StanTestSupport.valueAndGradient(b, at: x)
            XCTAssertEqual(la, lb, accuracy: 1e-12 * max(1, abs(lb)), label)
            for (u, v) in zip(ga, gb) { XCTAssertEqual(u, v, accuracy: 1e-11 * max(1, abs(v)), label) }
            try StanTestSupport.checkGradient(a, seed: seed, label)
        }
    }

    func testReduceSumEqualsTheDirectSumForEveryGrainsize() throws {
        let direct = try model("target += normal_lpdf(y | mu[g], sigma);")
        for grain in [1, 2, 4, 11, 50] {
            try assertSameDensity(try model("target += reduce_sum(partial, y, \(grain), mu, g, sigma);"), direct, "grainsize \(grain)")
        }
        try assertSameDensity(try model("target += reduce_sum_static(partial, y, 3, mu, g, sigma);"), direct, "reduce_sum_static")
    }

    func testMapRectConcatenatesTheJobs() throws {
        let jobs = """
        array[2] vector[1] thetas = {[mu[1]]', [mu[2]]'};
        target += sum(map_rect(job, [sigma]', thetas, x_r, x_i));
        """
        let loop = """
        target += normal_lpdf(y[1] | mu[1], sigma) + normal_lpdf(y[2] | mu[1] + 1, sigma);
        target += normal_lpdf(y[3] | mu[2], sigma) + normal_lpdf(y[4] | mu[2] + 2, sigma);
        """
        try assertSameDensity(try model(jobs), try model(loop), "map_rect")
    }

    func testRecursiveReduceSumTerminatesAndBadGrainsizeIsReported() throws {
        let recursive = """
        functions {
          real g(array[] real y_slice, int start, int end) {
            if (size(y_slice) > 1) return reduce_sum(g, y_slice, 1);
            return normal_lpdf(y_slice | 0, 1);
          }
        }
        parameters { array[100] real y; }
        model { target += reduce_sum(g, y, 1); }
        """
        let m = try StanModel.compile(source: recursive, fileName: "r.stan", data: nil).model
        let x = StanTestSupport.randomPoint(100, seed: 1)
        let (lp, grad) = try StanTestSupport.valueAndGradient(m, at: x)
        XCTAssertEqual(lp, x.reduce(0) { $0 - 0.5 * $1 * $1 } - 50 * Foundation.log(2 * Double.pi), accuracy: 1e-10)
        for (gi, xi) in zip(grad, x) { XCTAssertEqual(gi, -xi, accuracy: 1e-12) }
        XCTAssertThrowsError(try model("target += reduce_sum(partial, y, 0, mu, g, sigma);")) {
            XCTAssert("\($0)".contains("grainsize must be at least 1"), "\($0)")
        }
    }
}
