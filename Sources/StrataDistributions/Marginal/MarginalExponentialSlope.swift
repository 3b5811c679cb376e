// The slope of a flat-prior marginal likelihood as exp(s · x), computed in the marginal node.
import StrataAutodiff
import StrataKernels

/// A slope vector a = exp(s · x), s a broadcast scalar of the graph and x a data vector with one element per term,
/// that ``MarginalNormalFlatLpdfOp`` computes itself from the chain the graph built it with
/// (``AffineInputConsumer``): the widget model's `N_initial .* exp(-alpha * dt)`, whose product and exponential
/// nodes gradients and log densities then skip.
///
/// The node writes a into the slope's own slot (the replaced exponential's output, which only it reads in gradients
/// and log densities), where its reverse sweep and the conditional draw (``MarginalNormalFlatConditional``, after a
/// sweep of every operation, which runs the replaced nodes too) read it. Values and s's adjoint come out with the
/// operations and in the order of the replaced sweeps (`strata_vexp` of the product; 0 + ā·a, then the product's
/// dot product with x in SIMD lanes, tile by tile): bit-identical to the unfused graph.
struct MarginalExponentialSlope {
    /// The data vector x.
    let exponent: Slot
    /// The scalar s multiplying x.
    let scale: Slot

    /// The slope for `terms` when they are one factor `exp(s * x)` with x a vector of `count` elements; nil otherwise.
    init?(terms: [AffineTerm], count: Int) {
        guard terms.count == 1, !terms[0].subtract, terms[0].factors.count == 1,
              let s = terms[0].factors[0].scale, s.count == 1 else { return nil }
        let x = terms[0].factors[0].slot
        guard x.count == count, x.stride == 1 else { return nil }
        exponent = x; scale = s
    }

    /// The slots the slope reads.
    var inputs: [Slot] { [exponent, scale] }

    /// Writes a[i] = exp(s x[i]) for i in `range` into `slope`.
    @inline(__always)
    func fill(_ arena: Arena, slope: Slot, range: Range<Int>) {
        VectorExp.apply(arena.value(exponent), scale: arena.value(scale)[0], arena.value(slope), range: range)
    }

    /// Adds Σ_{i in range} ā[i] a[i] x[i] to s's adjoint, with ā[i] = `outputAdjoint` · `partial`[i] the slope's
    /// adjoint, as the exponential's and the product's reverse sweeps add it (each sum and product rounded on its own).
    @inline(__always)
    func addScaleAdjoint(_ arena: Arena, slope: Slot, partial: Slot, outputAdjoint g: Double, range: Range<Int>) {
        guard !scale.isConstant else { return }
        typealias V = SIMD8<Double>
        func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> V { UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
        let p = arena.value(partial), a = arena.value(slope), x = arena.value(exponent)
        let zero = V(repeating: 0), gv = V(repeating: g)
        var acc = zero, i = range.lowerBound
        while i + 8 <= range.upperBound {
            let slopeAdjoint = zero + gv * load(p, i)
            let productAdjoint = zero + slopeAdjoint * load(a, i)
            acc += productAdjoint * load(x, i)
            i += 8
        }
        var sum = acc.sum()
        while i < range.upperBound {
            let slopeAdjoint = 0 + g * p[i]
            let productAdjoint = 0 + slopeAdjoint * a[i]
            sum += productAdjoint * x[i]
            i += 1
        }
        arena.adjoint(scale)[0] += sum
    }
}
