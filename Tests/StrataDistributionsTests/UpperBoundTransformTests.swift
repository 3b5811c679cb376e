// Round trip, support, log-Jacobian and gradient checks for the upper-bound and offset/multiplier transforms.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class UpperBoundTransformTests: XCTestCase {
    let identity: ([Double]) -> [Double] = { $0 }

    func testUpperBoundScalarAndVector() throws {
        var rng = TestNormals(seed: 11)
        for scale in [0.5, 2.0, 4.0] {
            let u = rng.vector(5, scale: scale)
            try TransformCheck.run({ UpperBoundTransform(upper: $0.constant(1.5)) }, u: u, constrainedCount: 5,
                                   coordinates: identity, support: { y in y.allSatisfy { $0 < 1.5 } ? nil : "above 1.5" },
                                   roundTripLimit: 12)
            let ub = [0.0, -3, 10, 2, 1e3]
            try TransformCheck.run({ UpperBoundTransform(upper: $0.constant(ub)) }, u: u, constrainedCount: 5,
                                   coordinates: identity,
                                   support: { y in zip(y, ub).allSatisfy { $0 < $1 } ? nil : "above bound" },
                                   roundTripLimit: 12, roundTripTolerance: 1e-6)
        }
    }

    func testOffsetMultiplierScalarAndVector() throws {
        var rng = TestNormals(seed: 12)
        for scale in [0.5, 3.0, 20.0] {
            let u = rng.vector(4, scale: scale)
            try TransformCheck.run({ OffsetMultiplierTransform(offset: $0.constant(-2), multiplier: $0.constant(3.5)) },
                                   u: u, constrainedCount: 4, coordinates: identity, support: { _ in nil })
            let mu = [1.0, 0, -5, 100], sigma = [0.1, 2, 7, 1e-3]
            try TransformCheck.run({ OffsetMultiplierTransform(offset: $0.constant(mu), multiplier: $0.constant(sigma)) },
                                   u: u, constrainedCount: 4, coordinates: identity, support: { _ in nil })
            try TransformCheck.run({ OffsetMultiplierTransform(offset: $0.constant(mu), multiplier: $0.constant(0.25)) },
                                   u: u, constrainedCount: 4, coordinates: identity, support: { _ in nil })
        }
        // log J = n log σ for a scalar multiplier.
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (_, logJ) = OffsetMultiplierTransform(offset: g.constant(0), multiplier: g.constant(2)).constrain(p, constrainedCount: 3, in: g)
        XCTAssertEqual(try GraphEvaluator(graph: g, target: logJ.slot).forward(at: [0.3, -1, 2]), 3 * log(2.0), accuracy: 1e-14)
    }

    /// Non-centred hierarchical use: y = μ + τ u with μ and log τ themselves parameters.
    func testParameterDependentBoundsOffsetsAndMultipliersGetGradients() throws {
        let x = [0.4, -0.3, 0.8, 1.2, -0.7]
        let g = Graph()
        let p = g.parameterInput(count: 5)
        let mu = p[3], tau = exp(p[4])
        let (v1, j1) = OffsetMultiplierTransform(offset: mu, multiplier: tau).constrain(p[0..<3], constrainedCount: 3, in: g)
        let (v2, j2) = UpperBoundTransform(upper: p[3]).constrain(p[0..<3], constrainedCount: 3, in: g)
        let perElementMu = p[2..<5]
        let perElementTau = exp(p[0..<3])
        let (v3, j3) = OffsetMultiplierTransform(offset: perElementMu, multiplier: perElementTau)
            .constrain(p[1..<4], constrainedCount: 3, in: g)
        let target = g.addScalars([j1, j2, j3, sum(log1p(square(v1))), sum(sin(v2)), sum(square(v3)) / 5.0])
        let ev = GraphEvaluator(graph: g, target: target.slot)
        var grad = [Double](repeating: 0, count: 5)
        _ = try ev.valueAndGradient(at: x, gradient: &grad)
        try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x)
    }

    func testNonPositiveMultiplierIsADomainErrorAtEvaluation() throws {
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let (_, logJ) = OffsetMultiplierTransform(offset: g.constant(0), multiplier: p[1]).constrain(p[0..<1], constrainedCount: 1, in: g)
        let ev = GraphEvaluator(graph: g, target: logJ.slot)
        XCTAssertEqual(try ev.forward(at: [0.2, 2]), log(2.0), accuracy: 1e-14)
        XCTAssertThrowsError(try ev.forward(at: [0.2, -1]))
    }

    func testNonPositiveDataMultiplierIsABuildError() {
        let g = Graph()
        let p = g.parameterInput(count: 2)
        _ = OffsetMultiplierTransform(offset: g.constant(0), multiplier: g.constant([1, 0])).constrain(p, constrainedCount: 2, in: g)
        XCTAssertThrowsError(try g.validate()) { XCTAssert("\($0)".contains("multiplier[2]"), "\($0)") }
    }

    func testUnconstrainRejectsOutOfSupportValues() {
        let g = Graph()
        TransformCheck.expectError("sigma[3]") {
            _ = try UpperBoundTransform(upper: g.constant(1)).unconstrain([0.5, -2, 1.5], variable: "sigma", in: g)
        }
        TransformCheck.expectError("b[2]") {
            _ = try OffsetMultiplierTransform(offset: g.constant(0), multiplier: g.constant([1, -1])).unconstrain([0.5, 2], variable: "b", in: g)
        }
        TransformCheck.expectError("b[1]") {
            _ = try OffsetMultiplierTransform(offset: g.constant(0), multiplier: g.constant(1)).unconstrain([.nan], variable: "b", in: g)
        }
        // Bounds that depend on parameters cannot be inverted outside the model.
        let p = g.parameterInput(count: 1)
        TransformCheck.expectError("s") { _ = try UpperBoundTransform(upper: p).unconstrain([0], variable: "s", in: g) }
    }
}
