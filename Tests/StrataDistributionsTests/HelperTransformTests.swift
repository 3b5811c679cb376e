// Shared checks for constraint transforms: round trip, support, numerical log|det J|, gradient (DESIGN habit 8).
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport
import Foundation

/// Deterministic normal draws for test points (SplitMix64 + Box–Muller), so tests need no RNG module.
struct TestNormals {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextUniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / 9007199254740992.0
    }
    mutating func normal() -> Double {
        sqrt(-2 * log(nextUniform())) * cos(2 * Double.pi * nextUniform())
    }
    /// `count` draws scaled by `scale`.
    mutating func vector(_ count: Int, scale: Double = 1) -> [Double] { (0..<count).map { _ in scale * normal() } }
}

/// log |det A| of a square row-major matrix by LU decomposition with partial pivoting.
func logAbsDeterminant(_ a: [Double], _ n: Int) -> Double {
    var m = a
    var logDet = 0.0
    for c in 0..<n {
        var pivot = c
        for r in (c + 1)..<max(n, c + 1) where abs(m[r * n + c]) > abs(m[pivot * n + c]) { pivot = r }
        if pivot != c { for j in 0..<n { m.swapAt(c * n + j, pivot * n + j) } }
        let d = m[c * n + c]
        if d == 0 { return -.infinity }
        logDet += log(abs(d))
        for r in (c + 1)..<max(n, c + 1) {
            let f = m[r * n + c] / d
            if f != 0 { for j in c..<n { m[r * n + j] -= f * m[c * n + j] } }
        }
    }
    return logDet
}

enum TransformCheck {
    /// Runs every transform check at unconstrained point `u`.
    /// - Parameters:
    ///   - coordinates: picks a minimal set of constrained coordinates (as many as `u`) from the value;
    ///     log J must equal log|det| of d coordinates / d u.
    ///   - support: returns a description of the violation, or nil when the value is in the support.
    ///   - roundTripLimit: skip round-trip comparison for |u| beyond this (saturating transforms).
    ///   - droppedConstant: a constant log|det J| term the transform leaves out (as Stan does).
    static func run(_ make: (Graph) -> any ParameterTransform, u: [Double], constrainedCount: Int,
                    coordinates: ([Double]) -> [Double], support: ([Double]) -> String?,
                    roundTripLimit: Double = .infinity, roundTripTolerance: Double = 1e-8,
                    jacobianTolerance: Double = 1e-6, droppedConstant: Double = 0,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let g = Graph()
        let p = g.parameterInput(count: u.count)
        let t = make(g)
        XCTAssertEqual(t.unconstrainedCount(constrainedCount: constrainedCount), u.count, "unconstrained count", file: file, line: line)
        let (value, logJ) = t.constrain(p, constrainedCount: constrainedCount, in: g)
        try g.validate()
        XCTAssertEqual(value.count, constrainedCount, file: file, line: line)
        let evJ = GraphEvaluator(graph: g, target: logJ.slot)
        let lj = try evJ.forward(at: u)
        let y = evJ.values(of: value.slot)
        if let problem = support(y) { XCTFail("u = \(u): \(problem) (y = \(y))", file: file, line: line) }
        XCTAssertNoThrow(try t.validate(y, variable: "x", in: g), file: file, line: line)
        // Round trip.
        let back = try t.unconstrain(y, variable: "x", in: g)
        XCTAssertEqual(back.count, u.count, file: file, line: line)
        for (a, b) in zip(back, u) where abs(b) <= roundTripLimit {
            XCTAssertEqual(a, b, accuracy: roundTripTolerance * max(1, abs(b)), "round trip at u = \(u)", file: file, line: line)
        }
        // Numerical log|det J| of u -> coordinates(y).
        let n = u.count
        if n > 0 {
            let c0 = coordinates(y)
            XCTAssertEqual(c0.count, n, "coordinate count", file: file, line: line)
            var jac = [Double](repeating: 0, count: n * n)
            for j in 0..<n {
                let h = 1e-5 * max(1, abs(u[j]))
                var up = u, dn = u
                up[j] += h; dn[j] -= h
                try evJ.forward(at: up); let cp = coordinates(evJ.values(of: value.slot))
                try evJ.forward(at: dn); let cm = coordinates(evJ.values(of: value.slot))
                for i in 0..<n { jac[i * n + j] = (cp[i] - cm[i]) / (2 * h) }
            }
            let numeric = logAbsDeterminant(jac, n)
            XCTAssertEqual(lj + droppedConstant, numeric, accuracy: jacobianTolerance * max(1, abs(numeric)),
                           "log|det J| at u = \(u)", file: file, line: line)
        } else {
            XCTAssertEqual(lj, 0, accuracy: 1e-12, file: file, line: line)
        }
        // Gradient of log J + Σ log(1 + y²) + Σ y / 3 against finite differences.
        let target = g.addScalars([logJ, sum(log1p(square(value))), sum(value) / 3.0])
        let ev = GraphEvaluator(graph: g, target: target.slot)
        var grad = [Double](repeating: 0, count: n)
        _ = try ev.valueAndGradient(at: u, gradient: &grad)
        try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: u,
                                             "u = \(u)", file: file, line: line)
    }

    /// Asserts that `body` throws a ``TransformError`` whose variable is `variable`.
    static func expectError(_ variable: String, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? TransformError else { return XCTFail("unexpected error \(error)", file: file, line: line) }
            XCTAssertEqual(e.variable, variable, "message: \(e.message)", file: file, line: line)
        }
    }
}
