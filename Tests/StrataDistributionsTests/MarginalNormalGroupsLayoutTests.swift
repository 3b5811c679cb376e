// MarginalNormalGroupsLpdfOp over every input layout (broadcast or not, constant or parameter, offset fused or not):
// values, gradients and workspace sums against an element-by-element reference, and gradients against finite differences.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class MarginalNormalGroupsLayoutTests: XCTestCase {
    /// An input's layout: a constant or a parameter, one value or one per observation (or group).
    private struct Kind { let parameter: Bool, vector: Bool }
    private static let kinds = [Kind(parameter: false, vector: false), Kind(parameter: true, vector: false),
                                Kind(parameter: false, vector: true), Kind(parameter: true, vector: true)]
    /// How b is built: one of `kinds`, μ + x·β (one data vector), or v − x·β + μ (a parameter vector and a data one).
    private enum Offset: CaseIterable { case constant, scalar, vector, oneTerm, twoTerms }

    private let count = 60, groups = 9

    /// One input built from `values` (its expanded values per element) and how its adjoints reach the parameters.
    private struct Input {
        /// The constant, or nil for a parameter (sliced from the parameter block).
        let constant: Expr?
        /// The parameter offset of its first element, or nil for a constant.
        let parameter: Int?
        let vector: Bool
        /// Elements when a vector.
        let length: Int
        func expr(_ p: Expr) -> Expr {
            if let constant { return constant }
            return vector ? p[parameter!..<(parameter! + length)] : p[parameter!]
        }
        func expand(_ values: [Double], _ p: [Double], _ n: Int) -> [Double] {
            guard let o = parameter else { return vector ? values : [Double](repeating: values[0], count: n) }
            return vector ? Array(p[o..<(o + n)]) : [Double](repeating: p[o], count: n)
        }
        func addGradient(_ d: [Double], into g: inout [Double]) {
            guard let o = parameter else { return }
            if vector { for i in d.indices { g[o + i] += d[i] } } else { g[o] += d.reduce(0, +) }
        }
    }

    /// Σ log-marginal and its adjoints with respect to every element of y, a, b, s (per observation) and m, τ
    /// (per group): the formulas of the op's original element-by-element implementation.
    private func reference(y: [Double], a: [Double], b: [Double], s: [Double], m: [Double], tau: [Double], group: [Int])
        -> (lp: Double, dy: [Double], da: [Double], db: [Double], ds: [Double], dm: [Double], dtau: [Double], sums: [Double]) {
        let n = y.count, J = m.count
        var saa = [Double](repeating: 0, count: J), sar = saa, srr = saa
        var lp = 0.0
        for i in 0..<n {
            let j = group[i], r = y[i] - b[i] - a[i] * m[j], inv = 1 / (s[i] * s[i])
            saa[j] += a[i] * a[i] * inv; sar[j] += a[i] * r * inv; srr[j] += r * r * inv
            lp += -log(s[i]) - 0.9189385332046727
        }
        for j in 0..<J {
            let t2 = tau[j] * tau[j], c = 1 + t2 * saa[j]
            lp += -0.5 * log(c) - 0.5 * srr[j] + 0.5 * t2 * sar[j] * sar[j] / c
        }
        var dy = [Double](repeating: 0, count: n), da = dy, db = dy, ds = dy
        var dm = [Double](repeating: 0, count: J), dtau = dm
        for i in 0..<n {
            let j = group[i], t2 = tau[j] * tau[j], c = 1 + t2 * saa[j], k = t2 * sar[j] / c
            let r = y[i] - b[i] - a[i] * m[j], inv = 1 / (s[i] * s[i]), gr = (k * a[i] - r) * inv
            dy[i] = gr; db[i] = -gr
            da[i] = (k * r - a[i] * (t2 / c + k * k)) * inv - gr * m[j]
            dm[j] -= gr * a[i]
            let e = r - k * a[i]
            ds[i] = -1 / s[i] + (e * e + a[i] * a[i] * t2 / c) * inv / s[i]
        }
        for j in 0..<J {
            let t2 = tau[j] * tau[j], c = 1 + t2 * saa[j]
            dtau[j] = tau[j] * (sar[j] * sar[j] / (c * c) - saa[j] / c)
        }
        return (lp, dy, da, db, ds, dm, dtau, zip(saa, sar).flatMap { [$0, $1] })
    }

    private func check(a ka: Kind, s ks: Kind, y ky: Kind, m km: Kind, tau kt: Kind, offset: Offset, seed: UInt64,
                       finiteDifferences: Bool) throws {
        let label = "a \(ka) s \(ks) y \(ky) m \(km) tau \(kt) b \(offset)"
        var rng = ChainRNG(seed: seed, chain: 0)
        let n = count, J = groups
        let group = (0..<n).map { _ -> Int in let j = Int(rng.uniform(0, Double(J - 1))); return j >= 4 ? j + 1 : j }
        let xs = (0..<n).map { _ in rng.uniform(-1, 1) }
        let g = Graph()
        var point: [Double] = []
        func input(_ k: Kind, _ length: Int, _ draw: () -> Double) -> (Input, [Double]) {
            let values = (0..<(k.vector ? length : 1)).map { _ in draw() }
            if !k.parameter { return (Input(constant: g.constant(values), parameter: nil, vector: k.vector, length: length), values) }
            let o = point.count
            point += values
            return (Input(constant: nil, parameter: o, vector: k.vector, length: length), values)
        }
        // Parameters are sliced from one block after all are known; constants are built directly.
        var specs: [(Input, [Double])] = []
        specs.append(input(ky, n) { rng.uniform(-2, 2) })
        specs.append(input(ka, n) { rng.uniform(0.3, 1.5) })
        specs.append(input(ks, n) { rng.uniform(0.5, 1.5) })
        specs.append(input(km, J) { rng.uniform(-1, 1) })
        specs.append(input(kt, J) { rng.uniform(0.5, 2) })
        let bKind: Kind? = switch offset {
        case .constant: Kind(parameter: false, vector: true)
        case .scalar: Kind(parameter: true, vector: false)
        case .vector: Kind(parameter: true, vector: true)
        default: nil
        }
        if let bKind { specs.append(input(bKind, n) { rng.uniform(-1, 1) }) }
        let termStart = point.count
        if offset == .oneTerm || offset == .twoTerms { point += [rng.uniform(-1, 1), rng.uniform(-1, 1)] }
        if offset == .twoTerms { point += (0..<n).map { _ in rng.uniform(-1, 1) } }
        let p = g.parameterInput(count: point.count)
        func expr(_ i: Input) -> Expr { i.expr(p) }
        let x = g.constant(xs)
        let bExpr: Expr
        switch offset {
        case .oneTerm: bExpr = p[termStart] + x * p[termStart + 1]
        case .twoTerms: bExpr = p[(termStart + 2)..<(termStart + 2 + n)] - x * p[termStart + 1] + p[termStart]
        default: bExpr = expr(specs[5].0)
        }
        let latent = g.latent(count: J, initial: 0)
        let (lp, draw) = g.marginalNormalGroupsLpdf(y: expr(specs[0].0), a: expr(specs[1].0), b: bExpr, s: expr(specs[2].0),
                                                    group: group, priorMean: expr(specs[3].0), priorScale: expr(specs[4].0),
                                                    latent: latent)
        try g.validate()
        let fused = GraphEvaluator(graph: g, target: lp.slot, threadsPerChain: nil, scalarTapes: true,
                                   minimumAffineLocationCount: 1)
        let plain = GraphEvaluator(graph: g, target: lp.slot, affineLocations: false)
        XCTAssertEqual(fused.fusedInputCount, offset == .oneTerm || offset == .twoTerms ? 1 : 0, label)
        XCTAssertEqual(plain.fusedInputCount, 0, label)

        // The reference at the same point.
        let yv = specs[0].0.expand(specs[0].1, point, n), av = specs[1].0.expand(specs[1].1, point, n)
        let sv = specs[2].0.expand(specs[2].1, point, n), mv = specs[3].0.expand(specs[3].1, point, J)
        let tv = specs[4].0.expand(specs[4].1, point, J)
        var bv: [Double]
        switch offset {
        case .oneTerm: bv = xs.map { point[termStart] + $0 * point[termStart + 1] }
        case .twoTerms: bv = (0..<n).map { point[termStart + 2 + $0] - xs[$0] * point[termStart + 1] + point[termStart] }
        default: bv = specs[5].0.expand(specs[5].1, point, n)
        }
        let ref = reference(y: yv, a: av, b: bv, s: sv, m: mv, tau: tv, group: group)
        var expected = [Double](repeating: 0, count: point.count)
        specs[0].0.addGradient(ref.dy, into: &expected)
        specs[1].0.addGradient(ref.da, into: &expected)
        specs[2].0.addGradient(ref.ds, into: &expected)
        specs[3].0.addGradient(ref.dm, into: &expected)
        specs[4].0.addGradient(ref.dtau, into: &expected)
        switch offset {
        case .oneTerm, .twoTerms:
            expected[termStart] += ref.db.reduce(0, +)
            let sign = offset == .oneTerm ? 1.0 : -1.0
            expected[termStart + 1] += sign * zip(ref.db, xs).map { $0 * $1 }.reduce(0, +)
            if offset == .twoTerms { for i in 0..<n { expected[termStart + 2 + i] += ref.db[i] } }
        default: specs[5].0.addGradient(ref.db, into: &expected)
        }
        let scale = max(1, expected.map(abs).max() ?? 0, abs(ref.lp))
        for (name, ev) in [("fused", fused), ("plain", plain)] {
            var grad = [Double](repeating: 0, count: point.count)
            let value = try ev.valueAndGradient(at: point, gradient: &grad)
            XCTAssertEqual(value, ref.lp, accuracy: 1e-12 * scale, "\(label) \(name)")
            XCTAssertEqual(try ev.logDensity(at: point), ref.lp, accuracy: 1e-12 * scale, "\(label) \(name)")
            for i in grad.indices {
                XCTAssertEqual(grad[i], expected[i], accuracy: 1e-12 * scale, "\(label) \(name) gradient \(i)")
            }
            // The sums the conditional draw reads.
            let w = ev.values(of: draw.workspace), k = MarginalNormalGroupsLpdfOp.sumsPerGroup
            for j in 0..<J {
                XCTAssertEqual(w[k * j], ref.sums[2 * j], accuracy: 1e-12 * max(1, abs(ref.sums[2 * j])), label)
                XCTAssertEqual(w[k * j + 1], ref.sums[2 * j + 1], accuracy: 1e-12 * max(1, abs(ref.sums[2 * j + 1])), label)
            }
            if finiteDifferences {
                try FiniteDifferences.assertGradient(grad, matches: { try ev.logDensity(at: $0) }, at: point,
                                                     "\(label) \(name)")
            }
        }
    }

    func testEveryLayoutMatchesTheReference() throws {
        var seed: UInt64 = 1
        for ka in Self.kinds {
            for ks in Self.kinds {
                for offset in Offset.allCases {
                    for (km, kt) in [(Self.kinds[1], Self.kinds[3]), (Self.kinds[3], Self.kinds[1]), (Self.kinds[0], Self.kinds[0])] {
                        try check(a: ka, s: ks, y: Self.kinds[seed % 2 == 0 ? 2 : 3], m: km, tau: kt, offset: offset,
                                  seed: seed, finiteDifferences: false)
                        seed += 1
                    }
                }
            }
        }
    }

    func testEveryInputKindMatchesFiniteDifferences() throws {
        // Each of a, s, y, m, τ and b as a broadcast and as a vector parameter, the others broadcast parameters.
        let scalar = Self.kinds[1], vector = Self.kinds[3]
        var seed: UInt64 = 100
        for offset in Offset.allCases {
            for (ka, ks, ky, km, kt) in [(scalar, scalar, Self.kinds[2], scalar, scalar), (vector, scalar, vector, scalar, scalar),
                                         (scalar, vector, Self.kinds[2], vector, scalar), (scalar, scalar, vector, scalar, vector),
                                         (vector, vector, vector, vector, vector)] {
                try check(a: ka, s: ks, y: ky, m: km, tau: kt, offset: offset, seed: seed, finiteDifferences: true)
                seed += 1
            }
        }
    }
}
