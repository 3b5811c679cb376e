// The loops of MarginalNormalGroupsLpdfOp: any layout (element by element), and a, s broadcast (SIMD lanes).
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The node's inputs at the current values, resolved once per sweep.
struct MarginalGroupsView {
    let y: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let priorMean: UnsafeMutablePointer<Double>, priorScale: UnsafeMutablePointer<Double>
    /// Strides of y, a, s (per observation) and of the prior's mean and scale (per group): 0 or 1.
    let strides: (y: Int, a: Int, s: Int, mean: Int, scale: Int)
    let group: UnsafePointer<Int32>
    let counts: UnsafePointer<Double>
    let count: Int, groups: Int
    let offset: ResolvedOffset
    /// ``MarginalNormalGroupsLpdfOp/sumsPerGroup`` sums per group, then two coefficients per group.
    let workspace: UnsafeMutablePointer<Double>

    /// The backward sweep's per-group coefficients (after the sums).
    var coefficients: UnsafeMutablePointer<Double> { workspace + MarginalNormalGroupsLpdfOp.sumsPerGroup * groups }
}

/// Where the backward sweep adds adjoints (nil: a constant input).
struct MarginalGroupsAdjoints {
    let output: Double
    let y: UnsafeMutablePointer<Double>?, a: UnsafeMutablePointer<Double>?, s: UnsafeMutablePointer<Double>?
    let priorMean: UnsafeMutablePointer<Double>?, priorScale: UnsafeMutablePointer<Double>?
}

/// What the backward sweep leaves for the offset's scalar factors: Σ b̄ and Σ b̄ v_k over the observations.
struct MarginalOffsetSums {
    var sum = 0.0
    var dots = (0.0, 0.0)
}

/// Element-by-element loops for any layout (every input broadcast or one value per observation or group).
enum MarginalGroupsKernels {
    /// Adds S_aa, S_ar, S_rr of every observation to its group's sums (zeroed by the caller); returns Σ log s.
    static func sums(_ v: MarginalGroupsView) throws -> Double {
        let w = v.workspace, o = v.offset, st = v.strides, k = MarginalNormalGroupsLpdfOp.sumsPerGroup
        var logScales = st.s == 0 ? Double(v.count) * log(v.s[0]) : 0
        for n in 0..<v.count {
            let sv = v.s[n * st.s], av = v.a[n * st.a]
            if st.s != 0 {
                guard sv > 0 && sv.isFinite else { throw DistributionArguments.domainError("normal", "scale", sv, "positive and finite") }
                logScales += log(sv)
            }
            let j = Int(v.group[n])
            let r = v.y[n * st.y] - o.at(n) - av * v.priorMean[j * st.mean]
            let inv = 1 / (sv * sv)
            w[k * j] += av * av * inv
            w[k * j + 1] += av * r * inv
            w[k * j + 2] += r * r * inv
        }
        return logScales
    }

    /// Adds every input's adjoint; broadcast inputs' sums are kept in locals and added once.
    static func backward(_ v: MarginalGroupsView, _ d: MarginalGroupsAdjoints) -> MarginalOffsetSums {
        let g = d.output, w = v.workspace, o = v.offset, st = v.strides, k = MarginalNormalGroupsLpdfOp.sumsPerGroup
        let coefficients = v.coefficients
        var scaleSum = 0.0
        for j in 0..<v.groups {
            let tau = v.priorScale[j * st.scale], t2 = tau * tau, saa = w[k * j], sar = w[k * j + 1]
            let c = 1 + t2 * saa
            coefficients[2 * j] = t2 * sar / c
            coefficients[2 * j + 1] = t2 / c
            if let dt = d.priorScale {
                let x = g * tau * (sar * sar / (c * c) - saa / c)
                if st.scale == 0 { scaleSum += x } else { dt[j] += x }
            }
        }
        if let dt = d.priorScale, st.scale == 0 { dt[0] += scaleSum }
        var sums = MarginalOffsetSums(), aSum = 0.0, sSum = 0.0, meanSum = 0.0
        for n in 0..<v.count {
            let j = Int(v.group[n])
            let m = v.priorMean[j * st.mean], kj = coefficients[2 * j], h = coefficients[2 * j + 1]
            let av = v.a[n * st.a], sv = v.s[n * st.s]
            let r = v.y[n * st.y] - o.at(n) - av * m
            let inv = 1 / (sv * sv)
            let gr = (kj * av - r) * inv                      // ∂lp/∂r
            if let dy = d.y { dy[n * st.y] += g * gr }
            let db = -g * gr
            sums.sum += db
            if o.vectors > 0 { sums.dots.0 += db * o.v1![n]; if let a1 = o.a1 { a1[n] += o.c1 * db } }
            if o.vectors > 1 { sums.dots.1 += db * o.v2![n]; if let a2 = o.a2 { a2[n] += o.c2 * db } }
            if let da = d.a {
                let x = g * ((kj * r - av * (h + kj * kj)) * inv - gr * m)
                if st.a == 0 { aSum += x } else { da[n] += x }
            }
            if let dm = d.priorMean {
                let x = g * gr * av
                if st.mean == 0 { meanSum += x } else { dm[j] -= x }
            }
            if let ds = d.s {
                let e = r - kj * av
                let x = g * (-1 / sv + (e * e + av * av * h) * inv / sv)
                if st.s == 0 { sSum += x } else { ds[n] += x }
            }
        }
        if let da = d.a, st.a == 0 { da[0] += aSum }
        if let dm = d.priorMean, st.mean == 0 { dm[0] -= meanSum }
        if let ds = d.s, st.s == 0 { ds[0] += sSum }
        return sums
    }
}

/// The offset's number of vector terms, known at compile time (the broadcast loops are specialised for each).
protocol MarginalOffsetShape {
    static var vectors: Int { get }
}
enum OffsetWithoutVector: MarginalOffsetShape { static var vectors: Int { 0 } }
enum OffsetWithOneVector: MarginalOffsetShape { static var vectors: Int { 1 } }
enum OffsetWithTwoVectors: MarginalOffsetShape { static var vectors: Int { 2 } }

/// The loops when a and s are broadcast scalars and y a vector. Per observation the forward sweep adds only r and
/// r² to its group (S_aa = n_j a²/s², S_ar = a Σr/s², S_rr = Σr²/s² follow per group), and the backward sweep
/// needs only ∂lp/∂r = (P_j − y + b)/s² with P_j = a (k_j + m_j), k_j = τ² S_ar/c: eight observations at a
/// time, the broadcast inputs' adjoints from per-group sums (a, m, τ) or from Σ (∂lp/∂r)² (s).
enum MarginalGroupsBroadcastKernels {
    typealias V = SIMD8<Double>

    /// Fills the group sums (zeroed by the caller); returns Σ log s.
    static func sums(_ v: MarginalGroupsView) -> Double {
        switch v.offset.vectors {
        case 0: rawSums(OffsetWithoutVector.self, v)
        case 1: rawSums(OffsetWithOneVector.self, v)
        default: rawSums(OffsetWithTwoVectors.self, v)
        }
        let a = v.a[0], sv = v.s[0], inv = 1 / (sv * sv), w = v.workspace, k = MarginalNormalGroupsLpdfOp.sumsPerGroup
        for j in 0..<v.groups {
            let rSum = w[k * j + 1]
            w[k * j] = v.counts[j] * a * a * inv
            w[k * j + 1] = a * inv * rSum
            w[k * j + 2] *= inv
            w[k * j + 3] = rSum
        }
        return Double(v.count) * log(sv)
    }

    /// b at observations n..<n+8.
    @inline(__always)
    private static func lanes<O: MarginalOffsetShape>(_: O.Type, _ o: ResolvedOffset, _ n: Int) -> V {
        var b = V(repeating: o.constant)
        if O.vectors > 0 { b += V(repeating: o.c1) * load(o.v1! + n) }
        if O.vectors > 1 { b += V(repeating: o.c2) * load(o.v2! + n) }
        return b
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) private static func store(_ x: V, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: V.self)
    }

    /// Σ r and Σ r² per group, into the sums' second and third places.
    private static func rawSums<O: MarginalOffsetShape>(_: O.Type, _ v: MarginalGroupsView) {
        let y = UnsafePointer(v.y), g = v.group, o = v.offset, n = v.count
        let a = v.a[0], stride = MemoryLayout<Double>.stride * MarginalNormalGroupsLpdfOp.sumsPerGroup
        // (Σ r, Σ r²) of group j: one two-lane load, add and store at byte stride · j.
        let w = UnsafeMutableRawPointer(v.workspace + 1)
        @inline(__always) func add(_ r: Double, _ j: Int32) {
            let p = w + stride &* Int(j)
            p.storeBytes(of: p.loadUnaligned(as: SIMD2<Double>.self) + SIMD2(r, r * r), as: SIMD2<Double>.self)
        }
        if v.strides.mean == 0 {
            let shift = V(repeating: a * v.priorMean[0])
            var i = 0
            while i + 8 <= n {
                let r = load(y + i) - lanes(O.self, o, i) - shift
                for l in 0..<8 { add(r[l], g[i &+ l]) }
                i += 8
            }
            while i < n { add(y[i] - o.at(i) - shift[0], g[i]); i += 1 }
        } else {
            let m = v.priorMean
            for i in 0..<n { add(y[i] - o.at(i) - a * m[Int(g[i])], g[i]) }
        }
    }

    /// Adds every input's adjoint (y and the offset's vectors element by element, the rest once).
    static func backward(_ v: MarginalGroupsView, _ d: MarginalGroupsAdjoints) -> MarginalOffsetSums {
        let g = d.output, w = v.workspace, st = v.strides, k = MarginalNormalGroupsLpdfOp.sumsPerGroup
        let a = v.a[0], sv = v.s[0], inv = 1 / (sv * sv), p = v.coefficients
        // Per group: P_j, and the broadcast inputs' sums over the group's observations.
        var aSum = 0.0, hSum = 0.0, meanSum = 0.0, scaleSum = 0.0
        for j in 0..<v.groups {
            let tau = v.priorScale[j * st.scale], t2 = tau * tau, saa = w[k * j], sar = w[k * j + 1], rSum = w[k * j + 3]
            let c = 1 + t2 * saa, kj = t2 * sar / c, h = t2 / c, m = v.priorMean[j * st.mean], nj = v.counts[j]
            p[j] = a * (kj + m)
            aSum += (kj + m) * rSum - nj * a * (h + kj * kj + m * kj)
            hSum += nj * h
            if let dm = d.priorMean {
                let x = nj * kj * a - rSum                       // Σ ∂lp/∂r over the group, times s²
                if st.mean == 0 { meanSum += x } else { dm[j] -= g * a * inv * x }
            }
            if let dt = d.priorScale {
                let x = g * tau * (sar * sar / (c * c) - saa / c)
                if st.scale == 0 { scaleSum += x } else { dt[j] += x }
            }
        }
        let lanes: (gr: Double, gr2: Double, dots: (Double, Double))
        switch v.offset.vectors {
        case 0: lanes = observations(OffsetWithoutVector.self, v, d, inv: inv)
        case 1: lanes = observations(OffsetWithOneVector.self, v, d, inv: inv)
        default: lanes = observations(OffsetWithTwoVectors.self, v, d, inv: inv)
        }
        if let da = d.a { da[0] += g * inv * aSum }
        if let ds = d.s { ds[0] += g * (-Double(v.count) / sv + sv * lanes.gr2 + a * a * inv / sv * hSum) }
        if let dm = d.priorMean, st.mean == 0 { dm[0] -= g * a * inv * meanSum }
        if let dt = d.priorScale, st.scale == 0 { dt[0] += scaleSum }
        return MarginalOffsetSums(sum: -g * lanes.gr, dots: (-g * lanes.dots.0, -g * lanes.dots.1))
    }

    /// Over the observations: ∂lp/∂r into y's and the offset vectors' adjoints; returns Σ ∂lp/∂r, Σ (∂lp/∂r)² and
    /// Σ (∂lp/∂r) v_k.
    private static func observations<O: MarginalOffsetShape>(_: O.Type, _ v: MarginalGroupsView, _ d: MarginalGroupsAdjoints,
                                                           inv: Double) -> (gr: Double, gr2: Double, dots: (Double, Double)) {
        let g = d.output, y = UnsafePointer(v.y), x = v.group, o = v.offset, n = v.count, p = UnsafePointer(v.coefficients)
        let invV = V(repeating: inv), zero = V(repeating: 0)
        let yScale = V(repeating: g), scale1 = V(repeating: -g * o.c1), scale2 = V(repeating: -g * o.c2)
        var sGr = zero, sGr2 = zero, s1 = zero, s2 = zero
        var i = 0
        while i + 8 <= n {
            let q = x + i
            let pj = V(p[Int(q[0])], p[Int(q[1])], p[Int(q[2])], p[Int(q[3])],
                       p[Int(q[4])], p[Int(q[5])], p[Int(q[6])], p[Int(q[7])])
            let gr = (pj - load(y + i) + lanes(O.self, o, i)) * invV
            sGr += gr
            sGr2 += gr * gr
            if O.vectors > 0 {
                s1 += gr * load(o.v1! + i)
                if let a1 = o.a1 { store(load(a1 + i) + scale1 * gr, a1 + i) }
            }
            if O.vectors > 1 {
                s2 += gr * load(o.v2! + i)
                if let a2 = o.a2 { store(load(a2 + i) + scale2 * gr, a2 + i) }
            }
            if let dy = d.y { store(load(dy + i) + yScale * gr, dy + i) }
            i += 8
        }
        var gr1 = sGr.sum(), gr2 = sGr2.sum(), dot1 = s1.sum(), dot2 = s2.sum()
        while i < n {
            let gr = (p[Int(x[i])] - y[i] + o.at(i)) * inv
            gr1 += gr; gr2 += gr * gr
            if O.vectors > 0 { dot1 += gr * o.v1![i]; if let a1 = o.a1 { a1[i] += -g * o.c1 * gr } }
            if O.vectors > 1 { dot2 += gr * o.v2![i]; if let a2 = o.a2 { a2[i] += -g * o.c2 * gr } }
            if let dy = d.y { dy[i] += g * gr }
            i += 1
        }
        return (gr1, gr2, (dot1, dot2))
    }
}
