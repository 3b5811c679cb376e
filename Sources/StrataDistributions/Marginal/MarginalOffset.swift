// The offset of a marginal likelihood as a constant plus at most two scalar × vector terms, read in its own loop.
import StrataAutodiff

/// An offset vector b (one element per observation) as Σ_k ±(scalar factors) × (a vector or 1): either b's own slot
/// (one term) or the terms of the chain of sums and products that built it (``AffineInputConsumer``). At most
/// two terms hold a vector, each of the observations' length; the others are products of one or two scalars.
struct MarginalOffset {
    struct Term {
        /// −1 for a subtracted term.
        let sign: Double
        /// The term's broadcast scalar factors (none, one or two).
        let scalars: [Slot]
        /// The term's vector factor, if any.
        let vector: Slot?
    }

    let terms: [Term]
    /// The indices in `terms` of the terms holding a vector (at most two).
    let vectorTerms: [Int]

    /// b itself (a broadcast scalar or a vector of `count` elements).
    init(slot: Slot) {
        terms = [Term(sign: 1, scalars: slot.stride == 0 ? [slot] : [], vector: slot.stride == 0 ? nil : slot)]
        vectorTerms = slot.stride == 0 ? [] : [0]
    }

    /// b as `terms` of a chain over `count` elements, or nil when a term has a gathered or exponential factor, a
    /// product of two vectors, or a vector of another length, or more than two terms hold a vector.
    init?(terms affine: [AffineTerm], count: Int) {
        var terms: [Term] = [], vectorTerms: [Int] = []
        for t in affine {
            guard !t.factors.contains(where: { $0.index != nil || $0.scale != nil }) else { return nil }
            let vectors = t.factors.filter { $0.slot.stride != 0 }
            guard vectors.count <= 1, vectors.allSatisfy({ $0.slot.count == count }) else { return nil }
            if !vectors.isEmpty { vectorTerms.append(terms.count) }
            terms.append(Term(sign: t.subtract ? -1 : 1, scalars: t.factors.filter { $0.slot.stride == 0 }.map(\.slot),
                              vector: vectors.first?.slot))
        }
        guard vectorTerms.count <= 2 else { return nil }
        self.terms = terms; self.vectorTerms = vectorTerms
    }

    /// The slots the offset reads.
    var inputs: [Slot] { terms.flatMap { $0.scalars + ($0.vector.map { [$0] } ?? []) } }

    /// The values and adjoint targets at the arena's current values (no allocation).
    @inline(__always)
    func resolve(_ arena: Arena) -> ResolvedOffset {
        var r = ResolvedOffset()
        for t in terms where t.vector == nil { r.constant += t.sign * product(arena, t.scalars) }
        for (k, index) in vectorTerms.enumerated() {
            let t = terms[index], v = t.vector!
            let c = t.sign * product(arena, t.scalars)
            let values = UnsafePointer(arena.value(v)), adjoint = v.isConstant ? nil : arena.adjoint(v)
            if k == 0 { r.c1 = c; r.v1 = values; r.a1 = adjoint } else { r.c2 = c; r.v2 = values; r.a2 = adjoint }
        }
        r.vectors = vectorTerms.count
        return r
    }

    @inline(__always)
    private func product(_ arena: Arena, _ scalars: [Slot]) -> Double {
        var p = 1.0
        for s in scalars { p *= arena.value(s)[0] }
        return p
    }

    /// Adds the scalar factors' adjoints given `sum` = Σ_n b̄_n and `dots` = Σ_n b̄_n v_k[n] for the vector terms
    /// (the vectors' own adjoints are added element by element by the caller, through ``ResolvedOffset``).
    func addScalarAdjoints(_ arena: Arena, sum: Double, dots: (Double, Double)) {
        var k = 0
        for t in terms {
            let total: Double
            if t.vector != nil { total = k == 0 ? dots.0 : dots.1; k += 1 } else { total = sum }
            for (i, s) in t.scalars.enumerated() where !s.isConstant {
                var others = t.sign
                for (i2, s2) in t.scalars.enumerated() where i2 != i { others *= arena.value(s2)[0] }
                arena.adjoint(s)[0] += others * total
            }
        }
    }
}

/// A ``MarginalOffset`` at the current values: b_n = constant + c1·v1[n] + c2·v2[n] (the first `vectors` terms).
struct ResolvedOffset {
    var constant = 0.0, c1 = 0.0, c2 = 0.0
    var v1: UnsafePointer<Double>? = nil, v2: UnsafePointer<Double>? = nil
    /// The vectors' adjoints (nil: data).
    var a1: UnsafeMutablePointer<Double>? = nil, a2: UnsafeMutablePointer<Double>? = nil
    var vectors = 0

    /// b_n.
    @inline(__always) func at(_ n: Int) -> Double {
        var b = constant
        if vectors > 0 { b += c1 * v1![n] }
        if vectors > 1 { b += c2 * v2![n] }
        return b
    }
}
