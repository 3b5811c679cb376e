// Families run chunk by chunk (more than 1024 elements, tiles of 512) give the same value and gradient as one pass.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class TiledDistributionTests: XCTestCase {
    /// Builds family(2·p[0..<n] | scalar params...) where the doubling op makes the plan tile the family's kernel.
    func check(_ family: String, count n: Int, outcome: (Int) -> Double, scalars: [(value: Double, positive: Bool)],
               discrete: Bool = false) throws {
        let g = Graph()
        var x: [Double] = []
        let outcomeExpr: Expr
        if discrete {
            outcomeExpr = g.constant((0..<n).map(outcome))
        } else {
            let p = g.parameterInput(count: n)
            x += (0..<n).map { outcome($0) / 2 }
            outcomeExpr = p * 2.0
        }
        var args: [Expr] = []
        for s in scalars {
            let p = g.parameterInput(count: 1)
            x.append(s.positive ? Foundation.log(s.value) : s.value)
            // Broadcast the scalar to a vector of n so the kernel's per-element partials are accumulated too.
            let v = g.constant([Double](repeating: 1, count: n)) * (s.positive ? exp(p) : p)
            args.append(v)
        }
        let lp = try DistributionRegistry.logDensity(family: family, graph: g, outcome: outcomeExpr, arguments: args, propto: false)
        try g.validate()
        let plan = ExecutionPlan(operations: g.operations)
        XCTAssertTrue(plan.steps.contains { if case .tiled = $0 { return true } else { return false } }, "\(family) is tiled")
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        var grad = [Double](repeating: 0, count: x.count)
        let value = try ev.valueAndGradient(at: x, gradient: &grad)

        // Reference: the same density with all values as data, evaluated in one untiled pass at build time.
        let h = Graph()
        let folded = try DistributionRegistry.logDensity(
            family: family, graph: h, outcome: h.constant((0..<n).map(outcome)),
            arguments: scalars.map { h.constant([Double](repeating: $0.value, count: n)) }, propto: false)
        try h.validate()
        XCTAssertEqual(value, h.initialValues[folded.slot.offset], accuracy: 1e-9 * Swift.abs(value), family)

        // Finite differences for the scalar parameters and a sample of outcome coordinates spanning several tiles.
        let coordinates = (discrete ? [] : [0, 511, 512, 1023, 1024, n - 1]) + (0..<scalars.count).map { x.count - 1 - $0 }
        for i in coordinates {
            let h = 1e-6 * max(1, Swift.abs(x[i]))
            var xp = x; xp[i] += h
            var xm = x; xm[i] -= h
            let numeric = (try ev.forward(at: xp) - ev.forward(at: xm)) / (2 * h)
            XCTAssertEqual(grad[i], numeric, accuracy: 1e-6 + 2e-5 * Swift.abs(numeric), "\(family) d/dx[\(i)]")
        }
    }

    func testTiledFamilies() throws {
        let n = 1500
        try check("student_t", count: n, outcome: { Double($0 % 17) * 0.3 - 2 }, scalars: [(4, true), (0.5, false), (1.5, true)])
        try check("gamma", count: n, outcome: { 0.1 + Double($0 % 13) * 0.2 }, scalars: [(2, true), (1.3, true)])
        try check("beta", count: n, outcome: { 0.05 + Double($0 % 9) * 0.1 }, scalars: [(2, true), (3, true)])
        try check("poisson_log", count: n, outcome: { Double($0 % 7) }, scalars: [(0.8, false)], discrete: true)
        try check("bernoulli_logit", count: n, outcome: { Double($0 % 2) }, scalars: [(0.3, false)], discrete: true)
    }
}

final class ExecutionPlanHoistingTests: XCTestCase {
    /// y ~ normal(N .* exp(-a * t), s) with N bounded: the scalar `-a` no longer splits the vector work, and the
    /// hoisted plan gives the same value and gradient as the operations run one by one.
    func testScalarOperationIsHoistedBeforeTheTiledGroup() throws {
        let n = 3000
        let g = Graph()
        let a = g.parameterInput(count: 1)
        let u = g.parameterInput(count: n)
        let bounded = LowerUpperBoundTransform(lower: g.constant(0), upper: g.constant(5)).constrain(u, constrainedCount: n, in: g)
        let t = g.constant((0..<n).map { 0.5 + Double($0 % 11) * 0.1 })
        let mu = bounded.value * exp(-a * t)
        let y = g.constant((0..<n).map { 1 + Double($0 % 7) * 0.3 })
        let lp = g.addScalars([g.normalLpdf(y, mu, g.constant(0.7)), bounded.logJacobian])
        try g.validate()
        let plan = ExecutionPlan(operations: g.operations)
        let tiled = plan.steps.compactMap { step -> [Int]? in if case let .tiled(indices, _) = step { return indices } else { return nil } }
        XCTAssertEqual(tiled.count, 1, "one tiled pass")
        XCTAssertTrue(tiled.first?.contains { g.operations[$0] is UnaryOp } ?? false, "exp joins the group")
        XCTAssertTrue(tiled.first?.contains(0) ?? false, "the transform joins the group: \(plan.steps)")
        var rng = (0..<(n + 1)).map { Foundation.sin(Double($0)) }
        rng[0] = -0.3
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        var grad = [Double](repeating: 0, count: n + 1)
        _ = try ev.valueAndGradient(at: rng, gradient: &grad)
        for i in [0, 1, 600, n] {
            let h = 1e-6
            var xp = rng; xp[i] += h
            var xm = rng; xm[i] -= h
            let numeric = (try ev.forward(at: xp) - ev.forward(at: xm)) / (2 * h)
            XCTAssertEqual(grad[i], numeric, accuracy: 1e-5 + 1e-5 * Swift.abs(numeric), "d/dx[\(i)]")
        }
    }
}

final class TileFusionTests: XCTestCase {
    /// A widget-like graph; `extraReader` adds an operation outside the tiled group that reads the bounded
    /// values (so the group must not run its reverse sweep early).
    private func graph(extraReader: Bool) throws -> (GraphEvaluator, Int) {
        let n = 2500
        let g = Graph()
        let a = g.parameterInput(count: 1)
        let u = g.parameterInput(count: n)
        let bounded = LowerUpperBoundTransform(lower: g.constant(0), upper: g.constant(5)).constrain(u, constrainedCount: n, in: g)
        let t = g.constant((0..<n).map { 0.5 + Double($0 % 11) * 0.1 })
        let mu = bounded.value * exp(-a * t)
        let y = g.constant((0..<n).map { 1 + Double($0 % 7) * 0.3 })
        var terms = [g.normalLpdf(y, mu, g.constant(0.7)), bounded.logJacobian]
        if extraReader { terms.append(g.sum(g.gather(bounded.value, index: [3, 1000, 2400], name: "picked")) * 0.25) }
        let lp = g.addScalars(terms)
        try g.validate()
        return (GraphEvaluator(graph: g, target: lp.slot), n + 1)
    }

    func testFusedGradientIsBitIdenticalToSeparateSweepsAndFiniteDifferences() throws {
        for extra in [false, true] {
            let (ev, d) = try graph(extraReader: extra)
            XCTAssertEqual(ev.fusedStepCount, extra ? 0 : 1, "a group whose values are read later is not fused")
            let x = (0..<d).map { Foundation.sin(Double($0) * 0.7) * 1.5 }
            var fused = [Double](repeating: 0, count: d)
            let lp = try ev.valueAndGradient(at: x, gradient: &fused)
            XCTAssertEqual(try ev.forward(at: x), lp)
            ev.backward()
            // Separate whole sweeps (never fused) give exactly the same gradient: same operations, same order.
            let separate = ev.graph.parameterInputs.flatMap { ev.adjoints(of: $0.slot) }
            XCTAssertEqual(fused, separate, "extra reader \(extra)")
            for i in [0, 1, 3, 1000, 2400, d - 1] {
                let h = 1e-6
                var xp = x; xp[i] += h
                var xm = x; xm[i] -= h
                let numeric = (try ev.forward(at: xp) - ev.forward(at: xm)) / (2 * h)
                XCTAssertEqual(fused[i], numeric, accuracy: 1e-5 + 1e-5 * Swift.abs(numeric), "extra reader \(extra): d/dx[\(i)]")
            }
        }
    }
}
