// A normal likelihood whose mean is affine in a flat-prior parameter on [L, U], with that parameter integrated out.
import CStrataKernels
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One term of Σ log ∫_L^U N(y | a θ + b, s) dθ and its partials with respect to a, b and s.
///
/// With w(c) = (a c + b − y)/s the integral is |Φ(w(U)) − Φ(w(L))| / |a|. When the standardised
/// interval is narrow (δ = |a|(U − L)/s small, e.g. as a → 0) the width and midpoint are computed
/// directly rather than as a difference of w(U) and w(L), and the 1/|a| cancels analytically:
/// log((U − L)/s) + log φ(mid) + log(1 + (mid² − 1) δ²/24), accurate to O(δ⁴). ``MarginalNormalFlatLpdfOp``
/// computes its terms with a vectorised kernel and uses this scalar code for the terms the kernel leaves out.
public struct MarginalNormalFlatTerm {
    /// The term's value and its partials with respect to a, b and s.
    public private(set) var value = 0.0, da = 0.0, db = 0.0, ds = 0.0

    /// Computes the term; throws when a = 0 and the range is unbounded (an improper posterior).
    public init(y: Double, a: Double, b: Double, s: Double, lower: Double, upper: Double) throws {
        let bounded = lower.isFinite && upper.isFinite
        let width = bounded ? Swift.abs(a) * (upper - lower) / s : .infinity
        let mid = bounded ? (0.5 * a * (lower + upper) + b - y) / s : 0
        if bounded && width * Swift.max(1, Swift.abs(mid)) < 1e-3 {
            let k = (mid * mid - 1) / 24, w2 = width * width, c = 1 + k * w2
            value = log((upper - lower) / s) + NormalIntervalMass.logDensity(mid) + log1p(k * w2)
            let gMid = -mid + mid * w2 / 12 / c, gWidth = 2 * k * width / c
            let sign: Double = a > 0 ? 1 : (a < 0 ? -1 : 0)
            da = gMid * 0.5 * (lower + upper) / s + gWidth * sign * (upper - lower) / s
            db = gMid / s
            ds = -1 / s - gMid * mid / s - gWidth * width / s
            return
        }
        guard a != 0 else {
            throw LogDensityError.domain(variable: "normal", message: "the mean's coefficient of the integrated-out parameter is 0 and its range is unbounded, so the posterior is improper")
        }
        let wL = (a * lower + b - y) / s, wU = (a * upper + b - y) / s
        let positive = a > 0
        let (g, dLo, dHi) = NormalIntervalMass.logMass(positive ? wL : wU, positive ? wU : wL)
        value = -log(Swift.abs(a)) + g
        let dwL = positive ? dLo : dHi, dwU = positive ? dHi : dLo
        let lowerFinite = lower.isFinite, upperFinite = upper.isFinite
        da = -1 / a + (lowerFinite ? dwL * lower / s : 0) + (upperFinite ? dwU * upper / s : 0)
        db = (dwL + dwU) / s
        ds = -((lowerFinite ? dwL * wL : 0) + (upperFinite ? dwU * wU : 0)) / s
    }
}

/// Σ log ∫_L^U N(y | a θ + b, s) dθ over broadcast elements: a normal likelihood whose mean is affine
/// in a parameter θ with a flat prior on [L, U] (its declared bounds; either may be infinite), θ
/// integrated out exactly. The value is the exact log marginal (no constant dropped).
///
/// The forward sweep computes the terms eight at a time in C (`strata_marginal_normal_flat`, accurate to a few
/// 1e-15 against mpmath in every regime); the terms it leaves out (invalid or non-finite arguments, infinite
/// bounds, empty intervals) go through ``MarginalNormalFlatTerm``, which also raises the domain errors.
/// When the graph built a as `exp(s * x)` (x data), the node computes it itself in gradients and log densities
/// (``MarginalExponentialSlope``), filling a's slot as it goes.
public struct MarginalNormalFlatLpdfOp: GraphOperation, AffineInputConsumer {
    public let y: Slot, a: Slot, b: Slot, s: Slot, lower: Slot, upper: Slot
    /// Each term's partials with respect to a, b and s (one slot each, element i for term i), left by the forward
    /// sweep for the backward one.
    public let partialA: Slot, partialB: Slot, partialS: Slot
    public let output: Slot
    public let count: Int
    /// a as `exp(s * x)` computed in the node, or nil when the node reads a's slot.
    private(set) var exponentialSlope: MarginalExponentialSlope? = nil
    public var inputs: [Slot] { [y] + (exponentialSlope?.inputs ?? [a]) + [b, s, lower, upper] }
    public var tiling: Tiling { .reduction(count: count) }
    /// Every slot, the partials' scratch included, is reached through the arena's accessors (so within-chain thread
    /// blocks may read its inputs in place, ``GraphOperation/usesSlotAccessors``).
    public var usesSlotAccessors: Bool { true }
    /// With an exponential slope the node runs tile by tile, alone in its step (``GraphOperation/fusesOwnReverse``),
    /// its reverse sweep right after its forward one in gradients (``GraphOperation/tileFusable``): s's adjoint is
    /// then summed over the tiles the replaced product summed it over.
    public var tileFusable: Bool { exponentialSlope != nil }
    public var fusesOwnReverse: Bool { exponentialSlope != nil }

    /// The slope a.
    public var affineInput: Slot { a }

    /// The node computing a itself when `terms` are one factor `exp(s * x)` (see ``MarginalExponentialSlope``).
    public func computingAffineInput(_ terms: [AffineTerm]) -> (any GraphOperation)? {
        guard a.stride == 1, let slope = MarginalExponentialSlope(terms: terms, count: count) else { return nil }
        var op = self
        op.exponentialSlope = slope
        return op
    }

    @inline(__always)
    private func term(_ arena: Arena, _ i: Int) throws -> MarginalNormalFlatTerm {
        let sv = arena.value(s)[i * s.stride]
        guard sv > 0 && sv.isFinite else { throw DistributionArguments.domainError("normal", "scale", sv, "positive and finite") }
        let av = arena.value(a)[i * a.stride]
        guard av.isFinite else { throw DistributionArguments.domainError("normal", "location's coefficient", av, "finite") }
        return try MarginalNormalFlatTerm(y: arena.value(y)[i * y.stride], a: av, b: arena.value(b)[i * b.stride], s: sv,
                                          lower: arena.value(lower)[i * lower.stride], upper: arena.value(upper)[i * upper.stride])
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        guard !range.isEmpty else { return }
        exponentialSlope?.fill(arena, slope: a, range: range)
        let first = range.lowerBound
        func start(_ slot: Slot) -> UnsafePointer<Double> { UnsafePointer(arena.value(slot) + first * slot.stride) }
        let pa = arena.value(partialA), pb = arena.value(partialB), ps = arena.value(partialS)
        var fallbacks = 0
        var lp = strata_marginal_normal_flat(start(y), y.stride, start(a), a.stride, start(b), b.stride, start(s), s.stride,
                                             start(lower), lower.stride, start(upper), upper.stride, range.count,
                                             pa + first, pb + first, ps + first, &fallbacks)
        if fallbacks > 0 {
            for i in range where pa[i].isNaN {
                let t = try term(arena, i)
                lp += t.value
                pa[i] = t.da; pb[i] = t.db; ps[i] = t.ds
            }
        }
        arena.value(output)[0] += lp
    }

    /// The outcome and the bounds are data (see ``Graph/marginalNormalFlatLpdf(y:a:b:s:lower:upper:)``),
    /// so only a (or the scalar of an exponential slope), b and s receive adjoints.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        func accumulate(_ target: Slot, _ partial: Slot) {
            guard !target.isConstant else { return }
            let adjoint = arena.adjoint(target), p = arena.value(partial)
            if target.stride == 0 {
                var sum = 0.0
                for i in range { sum += p[i] }
                adjoint[0] += g * sum
            } else {
                for i in range { adjoint[i] += g * p[i] }
            }
        }
        if exponentialSlope == nil { accumulate(a, partialA) }
        accumulate(b, partialB); accumulate(s, partialS)
        exponentialSlope?.addScaleAdjoint(arena, slope: a, partial: partialA, outputAdjoint: g, range: range)
    }
}

/// The exact conditional of θ in ``MarginalNormalFlatLpdfOp``: N((y − b)/a, (s/|a|)²) truncated to [L, U]
/// (uniform on [L, U] when a underflows to 0).
public struct MarginalNormalFlatConditional: ConditionalDraw {
    public let latent: Slot
    /// Latent element written by term j (nil: term j writes element j).
    public let positions: [Int]?
    public let y: Slot, a: Slot, b: Slot, s: Slot, lower: Slot, upper: Slot
    public let count: Int

    /// Creates the conditional draw of `count` terms.
    public init(latent: Slot, positions: [Int]?, y: Slot, a: Slot, b: Slot, s: Slot, lower: Slot, upper: Slot, count: Int) {
        self.latent = latent; self.positions = positions
        self.y = y; self.a = a; self.b = b; self.s = s; self.lower = lower; self.upper = upper; self.count = count
    }

    public func draw(_ arena: Arena, rng: inout ChainRNG) {
        let out = arena.value(latent)
        for j in 0..<count {
            let av = arena.value(a)[j * a.stride], sv = arena.value(s)[j * s.stride]
            let lo = arena.value(lower)[j * lower.stride], hi = arena.value(upper)[j * upper.stride]
            let x: Double
            if Swift.abs(av) < 1e-280 {
                x = rng.uniform(lo, hi)
            } else {
                let mean = (arena.value(y)[j * y.stride] - arena.value(b)[j * b.stride]) / av
                x = TruncatedNormalSampler.draw(mean: mean, sd: sv / Swift.abs(av), lower: lo, upper: hi, rng: &rng)
            }
            out[positions?[j] ?? j] = x
        }
    }
}

public extension Graph {
    /// Σ log ∫_L^U N(y | a θ + b, s) dθ (see ``MarginalNormalFlatLpdfOp``); operands broadcast.
    func marginalNormalFlatLpdf(y: Expr, a: Expr, b: Expr, s: Expr, lower: Expr, upper: Expr) -> Expr {
        let args = [y, a, b, s, lower, upper]
        guard let n = DistributionArguments.checkedCount(args, family: "normal", graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(s, family: "normal", argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(y, family: "normal", argument: "random variable", requirement: "finite") { $0.isFinite }
        for (what, e) in [("random variable", y), ("lower bound", lower), ("upper bound", upper)] where !e.isConstant {
            fail("normal: the \(what) of a likelihood whose parameter is integrated out must be data")
        }
        let out = allocate(count: 1, isConstant: args.allSatisfy(\.isConstant))
        let partials = (0..<3).map { _ in allocate(count: n, isConstant: false) }
        return record(MarginalNormalFlatLpdfOp(y: y.slot, a: a.slot, b: b.slot, s: s.slot, lower: lower.slot, upper: upper.slot,
                                                partialA: partials[0], partialB: partials[1], partialS: partials[2],
                                                output: out, count: n))
    }
}
