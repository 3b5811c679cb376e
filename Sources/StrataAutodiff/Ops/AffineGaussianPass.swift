// One pass per chunk for an affine location under a Gaussian likelihood with one scale: location, density, adjoints.

/// What a likelihood hands to ``AffineGaussianPass`` when its density over a range is
/// Σ −½((yᵢ − mᵢ)·inverseScale)² plus terms free of the location m, the outcome y being a data vector and the scale
/// one value (``LocationLikelihood/gaussianForm(_:)``).
public struct GaussianLocationForm {
    /// The outcome's values, element i at `outcome[i]`.
    public let outcome: UnsafePointer<Double>
    /// 1 / σ.
    public let inverseScale: Double
    /// The output's adjoint times 1 / σ: the location's adjoint is `adjointScale · zᵢ`, zᵢ = (yᵢ − mᵢ)/σ.
    public let adjointScale: Double

    /// A form with these values.
    public init(outcome: UnsafePointer<Double>, inverseScale: Double, adjointScale: Double) {
        self.outcome = outcome; self.inverseScale = inverseScale; self.adjointScale = adjointScale
    }
}

/// The shape of one term for ``AffineGaussianPass``: an optional broadcast scalar coefficient times a base that is
/// nothing (the term is the scalar), a vector or a gathered vector. Built once per node
/// (``AffineGaussianPass/plan(_:likelihood:)``).
struct AffineGaussianTermPlan {
    enum Base { case none, vector, gathered }
    let base: Base
    let subtract: Bool
    /// The scalar factor (nil: a one-factor vector or gathered term).
    let coefficient: Slot?
    /// The vector or the gathered source (nil for `.none`).
    let baseSlot: Slot?
    /// The gather's indices, held where a pointer to them stays valid.
    let index: IndexStorage?
}

/// Int32 indices in memory of their own, readable through a stable pointer while the node lives.
final class IndexStorage {
    let pointer: UnsafeMutablePointer<Int32>
    init(_ index: [Int32]) {
        pointer = .allocate(capacity: max(index.count, 1))
        pointer.initialize(from: index, count: index.count)
    }
    deinit { pointer.deallocate() }
}

/// One term's pointers and values for a call (no allocation): see ``AffineGaussianTermPlan``. A term is
/// `coefficient × base`, the base being one, a vector or a gathered vector; a term without a scalar factor has
/// coefficient 1 and a scalar term has base one (multiplying by 1 is exact), and a subtracted term carries its
/// coefficient negated (a − c·b and a + (−c)·b are the same IEEE operation), so every term is added.
struct AffineGaussianTerm {
    var base: AffineGaussianTermPlan.Base = .none
    /// ± the scalar factor's value (1 when the term has none).
    var coefficient = 1.0
    /// −1 for a subtracted term, else 1: the coefficient's adjoint sum is negated (exactly) by it.
    var sign = 1.0
    var values: UnsafePointer<Double>? = nil
    var index: UnsafePointer<Int32>? = nil
    var coefficientAdjoint: UnsafeMutablePointer<Double>? = nil
    var baseAdjoint: UnsafeMutablePointer<Double>? = nil
}

/// Up to three terms, held inline.
struct AffineGaussianTerms {
    var count = 0
    var t0 = AffineGaussianTerm(), t1 = AffineGaussianTerm(), t2 = AffineGaussianTerm()

    @inline(__always) subscript(_ k: Int) -> AffineGaussianTerm {
        get { switch k { case 0: return t0; case 1: return t1; default: return t2 } }
        set { switch k { case 0: t0 = newValue; case 1: t1 = newValue; default: t2 = newValue } }
    }
}

/// How many terms the pass adds, known at compile time (the pass is specialised for each count).
protocol AffineTermCount { static var value: Int { get } }
enum OneTerm: AffineTermCount { static var value: Int { 1 } }
enum TwoTerms: AffineTermCount { static var value: Int { 2 } }
enum ThreeTerms: AffineTermCount { static var value: Int { 3 } }

/// Whether the pass computes the adjoints (a gradient) or only Σ z² (a log density), known at compile time.
protocol AffineSweep { static var adjoints: Bool { get } }
enum DensityAndAdjoints: AffineSweep { static var adjoints: Bool { true } }
enum DensityOnly: AffineSweep { static var adjoints: Bool { false } }

/// A term's base kind known at compile time (the pass is specialised for each sequence of kinds).
protocol AffineBase {
    static var kind: AffineGaussianTermPlan.Base { get }
    /// The base's values at elements i..<i+8.
    static func lanes(_ t: AffineGaussianTerm, _ i: Int) -> AffineGaussianPass.V
    /// The base's value at element i.
    static func element(_ t: AffineGaussianTerm, _ i: Int) -> Double
}

enum OneBase: AffineBase {
    static var kind: AffineGaussianTermPlan.Base { .none }
    @inline(__always) static func lanes(_ t: AffineGaussianTerm, _ i: Int) -> AffineGaussianPass.V { .init(repeating: 1) }
    @inline(__always) static func element(_ t: AffineGaussianTerm, _ i: Int) -> Double { 1 }
}

enum VectorBase: AffineBase {
    static var kind: AffineGaussianTermPlan.Base { .vector }
    @inline(__always) static func lanes(_ t: AffineGaussianTerm, _ i: Int) -> AffineGaussianPass.V {
        UnsafeRawPointer(t.values! + i).loadUnaligned(as: AffineGaussianPass.V.self)
    }
    @inline(__always) static func element(_ t: AffineGaussianTerm, _ i: Int) -> Double { t.values![i] }
}

enum GatheredBase: AffineBase {
    static var kind: AffineGaussianTermPlan.Base { .gathered }
    @inline(__always) static func lanes(_ t: AffineGaussianTerm, _ i: Int) -> AffineGaussianPass.V {
        let v = t.values!, x = t.index! + i
        return .init(v[Int(x[0])], v[Int(x[1])], v[Int(x[2])], v[Int(x[3])],
                     v[Int(x[4])], v[Int(x[5])], v[Int(x[6])], v[Int(x[7])])
    }
    @inline(__always) static func element(_ t: AffineGaussianTerm, _ i: Int) -> Double { t.values![Int(t.index![i])] }
}

/// The fused forward-and-reverse pass of an ``AffineLocationOp`` whose likelihood is Gaussian in the location with
/// one scale and a data outcome: per block of eight elements, the location (gathers read in the loop), z, z², the
/// location's adjoint, every scalar coefficient's adjoint sum and the gathers' scatters, in one loop. Each gathered
/// source's adjoints still receive their contributions element by element in order (the sources are not read by
/// the pass's other adjoints), as in the unfused gather's reverse sweep.
/// Each quantity is computed with the operations, lanes and order of the unfused passes (the normal's kernel
/// sums z² in eight lanes per 256 elements; each scalar adjoint is one SIMD-lane dot product or sum per chunk, then
/// the elements past the last block; vector adjoints are updated element by element), so results are bit-identical.
enum AffineGaussianPass {
    typealias V = SIMD8<Double>
    static let width = 8
    /// Elements per partial sum of z² (the normal kernel's chunk).
    static let quadChunk = 256
    /// Most terms the pass takes.
    static let maximumTerms = 3

    /// The per-term plan when `terms` fit the pass: at most three terms, each a broadcast scalar, a vector, a gathered
    /// vector, or a broadcast scalar times one of the latter two (no exponential factor); and each parameter vector or
    /// gathered source in only one term and not read by the likelihood (so no element's adjoint receives two contributions whose order
    /// the pass would change). Nil otherwise.
    static func plan(_ terms: [AffineTerm], likelihood: any LocationLikelihood) -> [AffineGaussianTermPlan]? {
        guard (1...maximumTerms).contains(terms.count) else { return nil }
        var plans: [AffineGaussianTermPlan] = []
        var vectorSlots: [Slot] = []
        for term in terms {
            // Exponential factors are computed in scratch by the general path only.
            if term.factors.contains(where: { $0.scale != nil }) { return nil }
            let scalars = term.factors.filter { $0.index == nil && $0.slot.stride == 0 }
            let others = term.factors.filter { !($0.index == nil && $0.slot.stride == 0) }
            if term.factors.count == 1 && scalars.count == 1 {
                plans.append(AffineGaussianTermPlan(base: .none, subtract: term.subtract, coefficient: scalars[0].slot,
                                                    baseSlot: nil, index: nil))
                continue
            }
            guard others.count == 1, scalars.count == term.factors.count - 1 else { return nil }
            let f = others[0]
            if !f.slot.isConstant {
                if vectorSlots.contains(f.slot) || likelihood.inputs.contains(f.slot) { return nil }
                vectorSlots.append(f.slot)
            }
            plans.append(AffineGaussianTermPlan(base: f.index == nil ? .vector : .gathered, subtract: term.subtract,
                                                coefficient: scalars.first?.slot, baseSlot: f.slot,
                                                index: f.index.map(IndexStorage.init)))
        }
        return plans
    }

    /// The plan's pointers and values in `arena`.
    @inline(__always)
    static func terms(_ plans: [AffineGaussianTermPlan], _ arena: Arena) -> AffineGaussianTerms {
        var terms = AffineGaussianTerms()
        terms.count = plans.count
        for (k, p) in plans.enumerated() {
            var t = AffineGaussianTerm()
            t.base = p.base
            t.sign = p.subtract ? -1 : 1
            let c = p.coefficient.map { arena.value($0)[0] } ?? 1
            t.coefficient = p.subtract ? -c : c
            if let c = p.coefficient, !c.isConstant { t.coefficientAdjoint = arena.adjoint(c) }
            if let s = p.baseSlot {
                t.values = UnsafePointer(arena.value(s))
                if !s.isConstant { t.baseAdjoint = arena.adjoint(s) }
            }
            t.index = p.index.map { UnsafePointer($0.pointer) }
            terms[k] = t
        }
        return terms
    }

    /// Runs the pass over `chunk` (within one tile), `adjoint` (indexed like the chunk) being scratch for the
    /// location's adjoints of the elements past the last full block; returns Σ z² over the chunk. Each coefficient's
    /// adjoint contribution for the chunk is left in `sums`, for the caller to add after the likelihood's own
    /// adjoints, last term first.
    static func run(_ terms: AffineGaussianTerms, _ form: GaussianLocationForm, chunk: Range<Int>,
                    adjoint: UnsafeMutablePointer<Double>, sums: inout (Double, Double, Double)) -> Double {
        first(DensityAndAdjoints.self, terms, form, chunk, adjoint, &sums)
    }

    /// Σ z² over `chunk` (within one tile) alone, for a log density without gradient: the location and z as
    /// ``run(_:_:chunk:adjoint:sums:)`` computes them, in one loop, no adjoint touched (`form.adjointScale` unused).
    static func quad(_ terms: AffineGaussianTerms, _ form: GaussianLocationForm, chunk: Range<Int>) -> Double {
        var sums = (0.0, 0.0, 0.0)
        return first(DensityOnly.self, terms, form, chunk, nil, &sums)
    }

    private static func first<S: AffineSweep>(_ s: S.Type, _ terms: AffineGaussianTerms, _ form: GaussianLocationForm,
                                              _ chunk: Range<Int>, _ d: UnsafeMutablePointer<Double>?,
                                              _ sums: inout (Double, Double, Double)) -> Double {
        switch terms.t0.base {
        case .none: return second(S.self, OneBase.self, terms, form, chunk, d, &sums)
        case .vector: return second(S.self, VectorBase.self, terms, form, chunk, d, &sums)
        case .gathered: return second(S.self, GatheredBase.self, terms, form, chunk, d, &sums)
        }
    }

    private static func second<S: AffineSweep, A: AffineBase>(_ s: S.Type, _ a: A.Type, _ terms: AffineGaussianTerms,
                                                              _ form: GaussianLocationForm, _ chunk: Range<Int>,
                                                              _ d: UnsafeMutablePointer<Double>?,
                                                              _ sums: inout (Double, Double, Double)) -> Double {
        if terms.count == 1 { return run(S.self, A.self, OneBase.self, OneBase.self, OneTerm.self, terms, form, chunk, d, &sums) }
        switch terms.t1.base {
        case .none: return third(S.self, A.self, OneBase.self, terms, form, chunk, d, &sums)
        case .vector: return third(S.self, A.self, VectorBase.self, terms, form, chunk, d, &sums)
        case .gathered: return third(S.self, A.self, GatheredBase.self, terms, form, chunk, d, &sums)
        }
    }

    private static func third<S: AffineSweep, A: AffineBase, B: AffineBase>(
        _ s: S.Type, _ a: A.Type, _ b: B.Type, _ terms: AffineGaussianTerms, _ form: GaussianLocationForm,
        _ chunk: Range<Int>, _ d: UnsafeMutablePointer<Double>?, _ sums: inout (Double, Double, Double)
    ) -> Double {
        if terms.count == 2 { return run(S.self, A.self, B.self, OneBase.self, TwoTerms.self, terms, form, chunk, d, &sums) }
        switch terms.t2.base {
        case .none: return run(S.self, A.self, B.self, OneBase.self, ThreeTerms.self, terms, form, chunk, d, &sums)
        case .vector: return run(S.self, A.self, B.self, VectorBase.self, ThreeTerms.self, terms, form, chunk, d, &sums)
        case .gathered: return run(S.self, A.self, B.self, GatheredBase.self, ThreeTerms.self, terms, form, chunk, d, &sums)
        }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }

    @inline(__always)
    private static func store(_ v: V, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// A vector base's adjoints at elements i..<i+8 get dv · coefficient (the product node's g·c, g = ±dv).
    @inline(__always)
    private static func addVectorAdjoint(_ t: AffineGaussianTerm, _ dv: V, _ i: Int) {
        guard let a = t.baseAdjoint else { return }
        store(load(a + i) + dv * V(repeating: t.coefficient), a + i)
    }

    /// The loop for `N.value` terms of base kinds A, B, C (those past the count unused); without adjoints (`S`), only
    /// Σ z² (then `d` may be nil).
    @inline(__always)
    private static func run<S: AffineSweep, A: AffineBase, B: AffineBase, C: AffineBase, N: AffineTermCount>(
        _: S.Type, _: A.Type, _: B.Type, _: C.Type, _: N.Type, _ terms: AffineGaussianTerms,
        _ form: GaussianLocationForm, _ chunk: Range<Int>, _ d: UnsafeMutablePointer<Double>?,
        _ sums: inout (Double, Double, Double)
    ) -> Double {
        let count = N.value
        let t0 = terms.t0, t1 = terms.t1, t2 = terms.t2
        let y = form.outcome, inv = V(repeating: form.inverseScale), scale = V(repeating: form.adjointScale)
        let c0 = V(repeating: t0.coefficient), c1 = V(repeating: t1.coefficient), c2 = V(repeating: t2.coefficient)
        let zero = V(repeating: 0)
        var acc0 = zero, acc1 = zero, acc2 = zero
        var quad = 0.0
        var start = chunk.lowerBound, i = start
        while start < chunk.upperBound {
            let end = min(start + quadChunk, chunk.upperBound)
            var q = zero
            i = start
            while i + width <= end {
                let b0 = A.lanes(t0, i), b1 = count > 1 ? B.lanes(t1, i) : zero, b2 = count > 2 ? C.lanes(t2, i) : zero
                var m = c0 * b0
                if count > 1 { m = m + c1 * b1 }
                if count > 2 { m = m + c2 * b2 }
                let z = (load(y + i) - m) * inv
                q += z * z
                if !S.adjoints { i += width; continue }
                // The normal kernel adds scale·z to a zeroed adjoint: + 0 turns a −0 into +0 as that addition does.
                let dv = scale * z + zero
                acc0 += dv * b0
                if count > 1 { acc1 += dv * b1 }
                if count > 2 { acc2 += dv * b2 }
                if A.kind == .vector { addVectorAdjoint(t0, dv, i) }
                if count > 1 && B.kind == .vector { addVectorAdjoint(t1, dv, i) }
                if count > 2 && C.kind == .vector { addVectorAdjoint(t2, dv, i) }
                if A.kind == .gathered { scatterLanes(t0, dv, i) }
                if count > 1 && B.kind == .gathered { scatterLanes(t1, dv, i) }
                if count > 2 && C.kind == .gathered { scatterLanes(t2, dv, i) }
                i += width
            }
            // The normal kernel's lane order: ((0+4)+(1+5))+((2+6)+(3+7)), then the elements left over.
            var s = ((q[0] + q[4]) + (q[1] + q[5])) + ((q[2] + q[6]) + (q[3] + q[7]))
            for j in i..<end {
                var m = t0.coefficient * A.element(t0, j)
                if count > 1 { m = m + t1.coefficient * B.element(t1, j) }
                if count > 2 { m = m + t2.coefficient * C.element(t2, j) }
                let z = (y[j] - m) * form.inverseScale
                s += z * z
                if !S.adjoints { continue }
                let dv = form.adjointScale * z + 0
                d![j] = dv
                if A.kind == .vector, let a = t0.baseAdjoint { a[j] += dv * t0.coefficient }
                if count > 1 && B.kind == .vector, let a = t1.baseAdjoint { a[j] += dv * t1.coefficient }
                if count > 2 && C.kind == .vector, let a = t2.baseAdjoint { a[j] += dv * t2.coefficient }
                if A.kind == .gathered { scatterElement(t0, dv, j) }
                if count > 1 && B.kind == .gathered { scatterElement(t1, dv, j) }
                if count > 2 && C.kind == .gathered { scatterElement(t2, dv, j) }
            }
            quad += s
            start = end
        }
        if !S.adjoints { return quad }
        // Each coefficient's chunk sum: the lanes' sum, then the elements past the last full block, signed.
        let d = d!
        sums.0 = t0.sign * finish(acc0, A.self, t0, i..<chunk.upperBound, d)
        if count > 1 { sums.1 = t1.sign * finish(acc1, B.self, t1, i..<chunk.upperBound, d) }
        if count > 2 { sums.2 = t2.sign * finish(acc2, C.self, t2, i..<chunk.upperBound, d) }
        return quad
    }

    /// Σ dv·base over the chunk: the lanes' sum, then the elements in `rest` one by one (as the unfused dot/sum).
    @inline(__always)
    private static func finish<K: AffineBase>(_ acc: V, _: K.Type, _ t: AffineGaussianTerm, _ rest: Range<Int>,
                                              _ d: UnsafeMutablePointer<Double>) -> Double {
        guard t.coefficientAdjoint != nil else { return 0 }
        var s = acc.sum()
        for j in rest { s += d[j] * K.element(t, j) }
        return s
    }

    /// source adjoint[index[i + k]] += dv[k] · coefficient for the eight lanes in order (the gather's scatter; the
    /// products are taken lane by lane in one vector, the same roundings).
    @inline(__always)
    private static func scatterLanes(_ t: AffineGaussianTerm, _ dv: V, _ i: Int) {
        guard let a = t.baseAdjoint else { return }
        let x = t.index! + i, g = dv * V(repeating: t.coefficient)
        for k in 0..<width { a[Int(x[k])] += g[k] }
    }

    /// source adjoint[index[j]] += dv · coefficient (the gather's scatter for one element).
    @inline(__always)
    private static func scatterElement(_ t: AffineGaussianTerm, _ dv: Double, _ j: Int) {
        guard let a = t.baseAdjoint else { return }
        a[Int(t.index![j])] += dv * t.coefficient
    }
}
