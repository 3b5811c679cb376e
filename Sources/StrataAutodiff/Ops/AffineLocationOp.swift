// A location-scale likelihood whose location is a sum of (scalar × vector, gathered or not) terms, in one node.
import StrataKernels

/// A likelihood node (a reduction over elements) whose location argument may be supplied as a pointer, so that
/// ``AffineLocationOp`` can hand it a location it computed itself, tile by tile, instead of reading a vector slot.
public protocol LocationLikelihood: GraphOperation {
    /// The location argument: a vector with one element per term of the reduction.
    var location: Slot { get }
    /// ``GraphOperation/forward(_:range:)`` with the location's element i at `location[i]`.
    func forward(_ arena: Arena, range: Range<Int>, location: UnsafePointer<Double>) throws
    /// ``GraphOperation/backward(_:range:)`` with the location at `location[i]`; its adjoints are added to
    /// `locationAdjoint[i]`.
    func backward(_ arena: Arena, range: Range<Int>, location: UnsafePointer<Double>,
                  locationAdjoint: UnsafeMutablePointer<Double>)
    /// Both sweeps over `range`, the output's adjoint already known (see the default implementation).
    func forwardThenBackward(_ arena: Arena, range: Range<Int>, location: UnsafePointer<Double>,
                             locationAdjoint: UnsafeMutablePointer<Double>) throws
    /// When the density is Gaussian in the location with one scale and a data outcome vector (see
    /// ``GaussianLocationForm``): the form at the current values, after checking the scale's domain; else nil
    /// (the default). The output's adjoint must be known for a gradient (the form's `adjointScale`); a log density
    /// alone does not read it.
    func gaussianForm(_ arena: Arena) throws -> GaussianLocationForm?
    /// When the density is Gaussian in the location with a data outcome vector and data scales whose reciprocals
    /// it holds (see ``ScaledGaussianLocationForm``): the form at the current values; else nil (the default). The
    /// output's adjoint must be known.
    func scaledGaussianForm(_ arena: Arena) -> ScaledGaussianLocationForm?
    /// After ``AffineGaussianPass`` or ``AffineExponentialPass`` ran over `range` with this likelihood's form: adds
    /// the range's log density, given Σ z² over it (`quad`), and the adjoints of the inputs other than the location.
    func finishGaussian(_ arena: Arena, range: Range<Int>, quad: Double)
    /// After ``AffineGaussianPass`` computed Σ z² over `range` (`quad`) for a log density without gradient: adds the
    /// range's log density only, as ``GraphOperation/forward(_:range:)`` would. Required of every likelihood that
    /// offers a ``gaussianForm(_:)``.
    func addGaussianLogDensity(_ arena: Arena, range: Range<Int>, quad: Double)
}

public extension LocationLikelihood {
    /// ``forward(_:range:location:)`` then ``backward(_:range:location:locationAdjoint:)``; a likelihood may do both
    /// in one pass over the elements, with the same results.
    func forwardThenBackward(_ arena: Arena, range: Range<Int>, location: UnsafePointer<Double>,
                             locationAdjoint: UnsafeMutablePointer<Double>) throws {
        try forward(arena, range: range, location: location)
        backward(arena, range: range, location: location, locationAdjoint: locationAdjoint)
    }

    /// Not Gaussian in the location (the default).
    func gaussianForm(_ arena: Arena) throws -> GaussianLocationForm? { nil }

    /// Not Gaussian with per-element data scales (the default).
    func scaledGaussianForm(_ arena: Arena) -> ScaledGaussianLocationForm? { nil }

    /// Never called without a ``gaussianForm(_:)``.
    func finishGaussian(_ arena: Arena, range: Range<Int>, quad: Double) {}

    /// Never called without a ``gaussianForm(_:)``: a likelihood offering one must implement this.
    func addGaussianLogDensity(_ arena: Arena, range: Range<Int>, quad: Double) {
        preconditionFailure("\(type(of: self)) offers a Gaussian form without addGaussianLogDensity")
    }
}

/// One factor of an ``AffineTerm``: a slot (a broadcast scalar or a vector of the likelihood's length), a
/// vector read through an index (`v[index[i]]`, 0-based), or `exp(s * x)` for a scalar parameter s and a
/// data vector x.
public struct AffineFactor {
    /// The slot read (the gathered vector when `index` is set, x for an exponential factor).
    public let slot: Slot
    /// The gather's indices, or nil for a plain slot.
    public let index: [Int32]?
    /// s of an exponential factor `exp(s * slot)` (a broadcast scalar), or nil.
    public let scale: Slot?
    /// Which of the node's factor scratch buffers holds this factor's values (-1: a plain slot); an exponential
    /// factor also uses the next one, for its adjoint.
    var buffer = -1

    /// A factor reading `slot`, through `index` when given.
    public init(slot: Slot, index: [Int32]?) { self.slot = slot; self.index = index; scale = nil }

    /// The factor `exp(scale * x)` (`x` constant, one element per term of the likelihood; `scale` one element).
    public init(exponentOf x: Slot, scale: Slot) { slot = x; index = nil; self.scale = scale }

    /// Scratch buffers the factor needs: one for gathered values, two for an exponential's values and adjoint.
    var bufferCount: Int { scale != nil ? 2 : index != nil ? 1 : 0 }
    /// Whether the factor's values are computed into scratch (gathered or exponential) rather than read in place.
    var isComputed: Bool { bufferCount > 0 }
}

/// One term of an affine location: a factor, or the product of two (in the order the graph multiplied them),
/// added to or subtracted from the terms before it.
public struct AffineTerm {
    /// Whether the term is subtracted (never for the first term).
    public let subtract: Bool
    /// One or two factors.
    public let factors: [AffineFactor]

    /// A term of one or two factors.
    public init(subtract: Bool, factors: [AffineFactor]) { self.subtract = subtract; self.factors = factors }
}

/// `likelihood` with its location `terms[0] ± terms[1] ± ...` (left to right) computed inside the node, over
/// chunks of ``ExecutionPlan/tileSize`` elements held in scratch, replacing the gathers, products and sums the
/// graph recorded for it (``AffineLocationFusion``). The chunks start at multiples of the tile size, and the
/// location, the likelihood and every adjoint are computed with the same operations in the same order as the
/// replaced nodes run tile by tile: values and gradients are bit-identical to the unfused graph's. In fused
/// gradient steps the reverse sweep of each chunk follows its forward sweep while the chunk is in cache
/// (``forwardThenBackward(_:range:)``); otherwise the reverse sweep recomputes the location.
public struct AffineLocationOp: GraphOperation {
    /// The likelihood whose location this node computes.
    public let likelihood: any LocationLikelihood
    /// The location's terms, left to right.
    public let terms: [AffineTerm]
    /// Arena scratch owned by this node: the location, its adjoint, a negated adjoint and one buffer per gathered
    /// factor, one tile each (``scratchCount(_:)`` elements).
    public let scratch: Slot

    /// Creates the node; `scratch` must hold ``scratchCount(_:)`` elements that nothing else uses while it runs.
    public init(likelihood: any LocationLikelihood, terms: [AffineTerm], scratch: Slot) {
        var next = 0
        self.terms = terms.map { term in
            AffineTerm(subtract: term.subtract, factors: term.factors.map { f in
                var f = f
                if f.isComputed { f.buffer = next; next += f.bufferCount }
                return f
            })
        }
        self.likelihood = likelihood; self.scratch = scratch
        gaussianPlan = AffineGaussianPass.plan(terms, likelihood: likelihood)
        exponentialPass = AffineExponentialPass(terms, count: likelihood.elementCount)
        bufferLength = AffineLocationOp.bufferLength(likelihood.elementCount)
        precondition(scratch.count >= AffineLocationOp.scratchCount(terms, count: likelihood.elementCount), "scratch too short")
    }

    /// The terms' shapes for ``AffineGaussianPass`` when they fit it (nil otherwise).
    let gaussianPlan: [AffineGaussianTermPlan]?

    /// The one-pass kernel for a location `v .* exp(s * x)` when the terms fit it (nil otherwise).
    let exponentialPass: AffineExponentialPass?

    /// Whether fused gradient steps may run the one-pass kernel for a location `v .* exp(s * x)`
    /// (``AffineExponentialPass``): the terms fit it; the likelihood must also offer a
    /// ``LocationLikelihood/scaledGaussianForm(_:)`` when it runs.
    public var fitsExponentialPass: Bool { exponentialPass != nil }

    /// Whether fused gradient steps may run the one-pass Gaussian kernel (``AffineGaussianPass``): the terms fit it;
    /// the likelihood must also offer a ``LocationLikelihood/gaussianForm(_:)`` when it runs.
    public var fitsGaussianPass: Bool { gaussianPlan != nil }

    /// Elements of each scratch buffer: a tile, or the whole range when it is too short to be tiled (plans then run
    /// the likelihood over its whole range at once, and so does this node, to sum in the same order).
    public let bufferLength: Int

    /// ``bufferLength`` for a likelihood over `count` elements.
    static func bufferLength(_ count: Int) -> Int {
        count < ExecutionPlan.minimumTiledCount ? max(count, ExecutionPlan.tileSize) : ExecutionPlan.tileSize
    }

    /// Scratch elements a node with `terms` over `count` elements needs.
    public static func scratchCount(_ terms: [AffineTerm], count: Int) -> Int {
        (3 + terms.reduce(0) { $0 + $1.factors.reduce(0) { $0 + $1.bufferCount } }) * bufferLength(count)
    }

    public var output: Slot { likelihood.output }
    public var inputs: [Slot] {
        var slots = likelihood.inputs.filter { $0 != likelihood.location }
        for t in terms {
            for f in t.factors {
                for s in [f.slot] + (f.scale.map { [$0] } ?? []) where !slots.contains(s) { slots.append(s) }
            }
        }
        return slots
    }
    public var randomAccessInputs: [Slot] {
        var slots: [Slot] = []
        for t in terms { for f in t.factors where f.index != nil && !slots.contains(f.slot) { slots.append(f.slot) } }
        return slots
    }
    public var tiling: Tiling { likelihood.tiling }
    public var tileFusable: Bool { likelihood.tileFusable }
    public var usesSlotAccessors: Bool { likelihood.usesSlotAccessors }
    public var fusesOwnReverse: Bool { likelihood.mappedCount == 0 }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        if let plan = gaussianPlan, let form = try likelihood.gaussianForm(arena) {
            // One pass per chunk: the location, z and Σ z², as the gradient's pass computes them.
            let terms = AffineGaussianPass.terms(plan, arena)
            eachChunk(range) { chunk in
                likelihood.addGaussianLogDensity(arena, range: chunk,
                                                 quad: AffineGaussianPass.quad(terms, form, chunk: chunk))
            }
            return
        }
        try eachChunk(range) { chunk in
            let b = buffers(arena, chunk)
            computeLocation(arena, chunk, b)
            try likelihood.forward(arena, range: chunk, location: b.location)
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        try? eachChunk(range) { chunk in
            let b = buffers(arena, chunk)
            computeLocation(arena, chunk, b)
            reverse(arena, chunk, b)
        }
    }

    public func forwardThenBackward(_ arena: Arena, range: Range<Int>) throws {
        if let plan = gaussianPlan, let form = try likelihood.gaussianForm(arena) {
            let terms = AffineGaussianPass.terms(plan, arena)
            eachChunk(range) { chunk in
                let d = buffers(arena, chunk).adjoint
                var sums = (0.0, 0.0, 0.0)
                let quad = AffineGaussianPass.run(terms, form, chunk: chunk, adjoint: d, sums: &sums)
                likelihood.finishGaussian(arena, range: chunk, quad: quad)
                // The coefficients' adjoints after the likelihood's, last term first, as the unfused sweeps add them.
                for k in stride(from: terms.count - 1, through: 0, by: -1) {
                    guard let a = terms[k].coefficientAdjoint else { continue }
                    switch k { case 0: a[0] += sums.0; case 1: a[0] += sums.1; default: a[0] += sums.2 }
                }
            }
            return
        }
        if let pass = exponentialPass, let form = likelihood.scaledGaussianForm(arena) {
            eachChunk(range) { chunk in
                likelihood.finishGaussian(arena, range: chunk, quad: pass.run(arena, form, chunk: chunk))
            }
            return
        }
        try eachChunk(range) { chunk in
            let b = buffers(arena, chunk)
            computeLocation(arena, chunk, b)
            (b.adjoint + chunk.lowerBound).update(repeating: 0, count: chunk.count)
            try likelihood.forwardThenBackward(arena, range: chunk, location: b.location, locationAdjoint: b.adjoint)
            reverseTerms(arena, chunk, b)
        }
    }

    /// Runs `body` over `range` in one piece when it fits the buffers, else over the pieces of it that stay within
    /// one tile (tiles start at multiples of the tile size), as the plan would have run the likelihood.
    @inline(__always)
    private func eachChunk(_ range: Range<Int>, _ body: (Range<Int>) throws -> Void) rethrows {
        if range.count <= bufferLength { return try body(range) }
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min((start / ExecutionPlan.tileSize + 1) * ExecutionPlan.tileSize, range.upperBound)
            try body(start..<end)
            start = end
        }
    }

    /// The scratch buffers of one chunk, each shifted so that element i of the chunk is at index i.
    private struct Buffers {
        let location: UnsafeMutablePointer<Double>
        let adjoint: UnsafeMutablePointer<Double>
        let negated: UnsafeMutablePointer<Double>
        /// Per computed factor: the gathered or exponential values (and an exponential's adjoint).
        let gathered: UnsafeMutablePointer<Double>
    }

    @inline(__always)
    private func buffers(_ arena: Arena, _ chunk: Range<Int>) -> Buffers {
        let base = arena.value(scratch) - chunk.lowerBound, t = bufferLength
        return Buffers(location: base, adjoint: base + t, negated: base + 2 * t, gathered: base + 3 * t)
    }

    /// Pointer and stride of `factor` for `chunk`: a gathered factor is copied into `buffer` first, an
    /// exponential one computed there (as the replaced product and exp nodes did: e^(s x[i]) with s x[i] rounded).
    @inline(__always)
    private func values(_ arena: Arena, _ factor: AffineFactor, _ chunk: Range<Int>, _ b: Buffers,
                        gather: Bool) -> (UnsafePointer<Double>, Int) {
        let p = arena.value(factor.slot)
        if let scale = factor.scale {
            let buffer = b.gathered + factor.buffer * bufferLength
            if gather { VectorExp.apply(p, scale: arena.value(scale)[0], buffer, range: chunk) }
            return (UnsafePointer(buffer), 1)
        }
        guard let index = factor.index else { return (UnsafePointer(p), factor.slot.stride) }
        let buffer = b.gathered + factor.buffer * bufferLength
        if gather {
            index.withUnsafeBufferPointer { idx in
                for i in chunk { buffer[i] = p[Int(idx[i])] }
            }
        }
        return (UnsafePointer(buffer), 1)
    }

    /// Fills `b.location` for `chunk` (and the gathered factors' buffers), term by term as the graph's nodes did.
    private func computeLocation(_ arena: Arena, _ chunk: Range<Int>, _ b: Buffers) {
        typealias K = ElementwiseKernels
        let m = b.location, mc = UnsafePointer(m)
        for (t, term) in terms.enumerated() {
            if t > 0 && term.factors.count == 2 && term.factors[1].index != nil && term.factors[0].index == nil {
                // m ± p (v[index]): the gather, the product and the sum in one pass.
                let (p, sp) = values(arena, term.factors[0], chunk, b, gather: false)
                gatherAddProduct(arena, term.factors[1], chunk, b, m, p, sp, subtract: term.subtract)
                continue
            }
            if t > 0 && term.factors.count == 2 && term.factors[0].index != nil && term.factors[1].index == nil {
                let (q, sq) = values(arena, term.factors[1], chunk, b, gather: false)
                gatherAddProduct(arena, term.factors[0], chunk, b, m, q, sq, subtract: term.subtract)
                continue
            }
            let (p, sp) = values(arena, term.factors[0], chunk, b, gather: true)
            if term.factors.count == 2 {
                let (q, sq) = values(arena, term.factors[1], chunk, b, gather: true)
                if t == 0 {
                    K.binary(p, strideA: sp, q, strideB: sq, m, range: chunk, simd: { $0 * $1 }, scalar: { $0 * $1 })
                } else {
                    // m ± (p q): the product first, as the graph's product node did.
                    AffineLocationOp.addProduct(m, p, sp, q, sq, chunk, subtract: term.subtract)
                }
            } else if t == 0 {
                if sp == 0 { (m + chunk.lowerBound).update(repeating: p[0], count: chunk.count) }
                else { (m + chunk.lowerBound).update(from: p + chunk.lowerBound, count: chunk.count) }
            } else if term.subtract {
                K.binary(mc, strideA: 1, p, strideB: sp, m, range: chunk, simd: { $0 - $1 }, scalar: { $0 - $1 })
            } else {
                K.binary(mc, strideA: 1, p, strideB: sp, m, range: chunk, simd: { $0 + $1 }, scalar: { $0 + $1 })
            }
        }
    }

    /// m[i] = m[i] ± p[i sp] v[index[i]] over `chunk`, keeping the gathered values in the
    /// factor's buffer for the reverse sweep.
    @inline(__always)
    private func gatherAddProduct(_ arena: Arena, _ f: AffineFactor, _ chunk: Range<Int>, _ b: Buffers,
                                  _ m: UnsafeMutablePointer<Double>, _ p: UnsafePointer<Double>, _ sp: Int,
                                  subtract: Bool) {
        let v = arena.value(f.slot), buffer = b.gathered + f.buffer * bufferLength
        f.index!.withUnsafeBufferPointer { idx in
            // Multiplication commutes exactly: the operands' order does not change the product.
            if subtract {
                for i in chunk { let g = v[Int(idx[i])]; buffer[i] = g; m[i] = m[i] - p[i * sp] * g }
            } else if sp == 0 {
                let c = p[0]
                for i in chunk { let g = v[Int(idx[i])]; buffer[i] = g; m[i] = m[i] + c * g }
            } else {
                for i in chunk { let g = v[Int(idx[i])]; buffer[i] = g; m[i] = m[i] + p[i] * g }
            }
        }
    }

    /// m[i] = m[i] ± p[i sp] q[i sq] over `range`, in SIMD lanes.
    @inline(__always)
    private static func addProduct(_ m: UnsafeMutablePointer<Double>, _ p: UnsafePointer<Double>, _ sp: Int,
                                   _ q: UnsafePointer<Double>, _ sq: Int, _ range: Range<Int>, subtract: Bool) {
        typealias V = ElementwiseKernels.V
        func load(_ x: UnsafePointer<Double>, _ s: Int, _ i: Int) -> V {
            s == 0 ? V(repeating: x[0]) : UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
        }
        var i = range.lowerBound
        let w = ElementwiseKernels.width
        if subtract {
            while i + w <= range.upperBound {
                let v = UnsafeRawPointer(m + i).loadUnaligned(as: V.self) - load(p, sp, i) * load(q, sq, i)
                UnsafeMutableRawPointer(m + i).storeBytes(of: v, as: V.self)
                i += w
            }
            while i < range.upperBound { m[i] = m[i] - p[i * sp] * q[i * sq]; i += 1 }
        } else {
            while i + w <= range.upperBound {
                let v = UnsafeRawPointer(m + i).loadUnaligned(as: V.self) + load(p, sp, i) * load(q, sq, i)
                UnsafeMutableRawPointer(m + i).storeBytes(of: v, as: V.self)
                i += w
            }
            while i < range.upperBound { m[i] = m[i] + p[i * sp] * q[i * sq]; i += 1 }
        }
    }

    /// The reverse sweep of one chunk whose location (and gathered factors) `b` holds: the likelihood's adjoints,
    /// then each term's, last term first, as the replaced nodes' reverse sweeps ran.
    private func reverse(_ arena: Arena, _ chunk: Range<Int>, _ b: Buffers) {
        (b.adjoint + chunk.lowerBound).update(repeating: 0, count: chunk.count)
        likelihood.backward(arena, range: chunk, location: b.location, locationAdjoint: b.adjoint)
        reverseTerms(arena, chunk, b)
    }

    /// The terms' reverse sweeps, last term first, from the location's adjoints in `b.adjoint`.
    private func reverseTerms(_ arena: Arena, _ chunk: Range<Int>, _ b: Buffers) {
        let d = b.adjoint
        for term in terms.reversed() {
            // An exponential factor's adjoint starts at zero in scratch, as the replaced exp node's did.
            for f in term.factors where f.scale != nil {
                (exponentialAdjoint(f, b) + chunk.lowerBound).update(repeating: 0, count: chunk.count)
            }
            defer { for f in term.factors where f.scale != nil { reverseExponential(arena, f, chunk, b) } }
            // The adjoint reaching the term: the sum's output adjoint, negated for a subtracted term.
            var g = UnsafePointer(d)
            if term.subtract {
                for i in chunk { b.negated[i] = -d[i] }
                g = UnsafePointer(b.negated)
            }
            if term.factors.count == 1 {
                AffineLocationOp.addAdjoint(arena, term.factors[0], g, chunk, into: adjointTarget(arena, term.factors[0], b))
                continue
            }
            let (a, c) = (term.factors[0], term.factors[1])
            let (va, sa) = values(arena, a, chunk, b, gather: false)
            let (vc, sc) = values(arena, c, chunk, b, gather: false)
            // The product node's reverse sweep: first operand, then second; a gather's scatter comes after
            // (the second operand's gather was recorded later, so its reverse sweep ran first).
            AffineLocationOp.addProductAdjoint(arena, a, other: vc, sc, g, chunk, own: va, sa,
                                               scatterAfter: c.index != nil && !c.slot.isConstant,
                                               into: adjointTarget(arena, a, b))
            AffineLocationOp.addProductAdjoint(arena, c, other: va, sa, g, chunk, own: vc, sc, scatterAfter: false,
                                               into: adjointTarget(arena, c, b))
            if c.index != nil && !c.slot.isConstant, a.index != nil, !a.slot.isConstant {
                AffineLocationOp.scatterProduct(arena, a, other: vc, sc, g, chunk)
            }
        }
    }

    /// The scratch holding an exponential factor's adjoint (element i of the chunk at index i).
    @inline(__always)
    private func exponentialAdjoint(_ f: AffineFactor, _ b: Buffers) -> UnsafeMutablePointer<Double> {
        b.gathered + (f.buffer + 1) * bufferLength
    }

    /// Where a factor's adjoints go: its exponential's scratch, else the factor's own slot (nil: a constant, none).
    @inline(__always)
    private func adjointTarget(_ arena: Arena, _ f: AffineFactor, _ b: Buffers) -> UnsafeMutablePointer<Double>? {
        if f.scale != nil { return exponentialAdjoint(f, b) }
        return f.slot.isConstant ? nil : arena.adjoint(f.slot)
    }

    /// The replaced exp and product nodes' reverse sweeps for an exponential factor e = exp(s x) whose adjoint
    /// the scratch holds: the product's adjoint e·ḡ (added to zero, as into the exp node's input), then
    /// s̄ += Σ x[i] (e·ḡ)[i] over the chunk, in the product node's SIMD order.
    @inline(__always)
    private func reverseExponential(_ arena: Arena, _ f: AffineFactor, _ chunk: Range<Int>, _ b: Buffers) {
        let e = b.gathered + f.buffer * bufferLength, g = exponentialAdjoint(f, b)
        for i in chunk { g[i] = 0 + g[i] * e[i] }
        arena.adjoint(f.scale!)[0] += ElementwiseKernels.dot(UnsafePointer(g), UnsafePointer(arena.value(f.slot)), range: chunk)
    }

    /// Adds the adjoint `g` of a one-factor term to its factor (at `ga`): a broadcast scalar's sum, a vector's
    /// elements, or a gathered vector's elements through the index.
    @inline(__always)
    private static func addAdjoint(_ arena: Arena, _ f: AffineFactor, _ g: UnsafePointer<Double>, _ chunk: Range<Int>,
                                   into ga: UnsafeMutablePointer<Double>?) {
        guard let ga else { return }
        if let index = f.index {
            index.withUnsafeBufferPointer { idx in for i in chunk { ga[Int(idx[i])] += g[i] } }
        } else if f.slot.stride == 0 {
            ga[0] += ElementwiseKernels.sum(g, range: chunk)
        } else {
            for i in chunk { ga[i] += g[i] }
        }
    }

    /// Adds the product node's contribution to factor `f` (values `own`), the other factor's values being `other`:
    /// a scalar's dot product (or sum times a scalar), a vector's elements, or, for a gathered factor, the gather's
    /// scatter (unless `scatterAfter`: ``scatterProduct(_:_:other:_:_:_:)`` does it later).
    @inline(__always)
    private static func addProductAdjoint(_ arena: Arena, _ f: AffineFactor, other: UnsafePointer<Double>, _ so: Int,
                                          _ g: UnsafePointer<Double>, _ chunk: Range<Int>, own: UnsafePointer<Double>,
                                          _ sOwn: Int, scatterAfter: Bool, into ga: UnsafeMutablePointer<Double>?) {
        typealias K = ElementwiseKernels
        guard let ga else { return }
        if f.index != nil {
            if !scatterAfter { scatterProduct(arena, f, other: other, so, g, chunk) }
            return
        }
        if sOwn == 0 {
            ga[0] += so == 0 ? other[0] * K.sum(g, range: chunk) : K.dot(g, other, range: chunk)
        } else {
            for i in chunk { ga[i] += g[i] * other[i * so] }
        }
    }

    /// A gathered factor's adjoints: g[i] times the other factor's value, scattered through the index.
    @inline(__always)
    private static func scatterProduct(_ arena: Arena, _ f: AffineFactor, other: UnsafePointer<Double>, _ so: Int,
                                       _ g: UnsafePointer<Double>, _ chunk: Range<Int>) {
        let ga = arena.adjoint(f.slot)
        f.index!.withUnsafeBufferPointer { idx in
            for i in chunk { ga[Int(idx[i])] += g[i] * other[i * so] }
        }
    }
}
