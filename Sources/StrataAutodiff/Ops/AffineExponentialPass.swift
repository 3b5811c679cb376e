// One pass per chunk for the location v .* exp(s * x) under a Gaussian with per-element data scales.
import CStrataKernels

/// What a likelihood hands to ``AffineExponentialPass`` when its density over a range is
/// Σ −½((yᵢ − mᵢ)·wᵢ)² plus terms free of the location m, the outcome y and the reciprocal scales w being data
/// vectors (``LocationLikelihood/scaledGaussianForm(_:)``).
public struct ScaledGaussianLocationForm {
    /// The outcome's values, element i at `outcome[i]`.
    public let outcome: UnsafePointer<Double>
    /// 1 / σᵢ at `inverseScales[i]`.
    public let inverseScales: UnsafePointer<Double>
    /// The output's adjoint: the location's adjoint is `outputAdjoint · (yᵢ − mᵢ) · wᵢ · wᵢ`.
    public let outputAdjoint: Double

    /// A form with these values.
    public init(outcome: UnsafePointer<Double>, inverseScales: UnsafePointer<Double>, outputAdjoint: Double) {
        self.outcome = outcome; self.inverseScales = inverseScales; self.outputAdjoint = outputAdjoint
    }
}

/// The fused forward-and-reverse pass of an ``AffineLocationOp`` whose location is one term `v .* exp(s * x)`
/// (v a vector, s a scalar, x a data vector; the factors in either order) and whose likelihood offers a
/// ``ScaledGaussianLocationForm`` (the widget model's `N_measured ~ normal(N_initial .* exp(-alpha * dt), sigma)`):
/// one C loop per chunk computes the exponential, the location, Σ z², v's adjoints and s's adjoint terms
/// (`strata_normal_exp_location_scaled`), where the general path makes ten passes over scratch. Each quantity is
/// computed with the operations and in the order of the general path (the exponential kernel, the product, the
/// normal's quadratic-form and reverse kernels, the product's and the exponential's reverse sweeps), so values and
/// gradients are bit-identical to it and to the unfused graph.
struct AffineExponentialPass {
    /// The vector factor v.
    let vector: Slot
    /// The data vector x in the exponent.
    let exponent: Slot
    /// The scalar s multiplying x.
    let scale: Slot

    /// The pass for `terms` when they are one term `v .* exp(s * x)` or `exp(s * x) .* v` with v a vector of the
    /// likelihood's length read in place; nil otherwise.
    init?(_ terms: [AffineTerm], count: Int) {
        guard terms.count == 1, !terms[0].subtract, terms[0].factors.count == 2 else { return nil }
        let factors = terms[0].factors
        guard let e = factors.firstIndex(where: { $0.scale != nil }) else { return nil }
        let exp = factors[e], v = factors[1 - e]
        guard v.scale == nil, v.index == nil, v.slot.count == count, v.slot.stride == 1,
              exp.slot.count == count, exp.slot.stride == 1, let s = exp.scale, s.count == 1 else { return nil }
        vector = v.slot; exponent = exp.slot; scale = s
    }

    /// Runs the pass over `chunk` (within one tile): adds v's adjoints and s's, and returns Σ z² over the chunk for
    /// the likelihood's ``LocationLikelihood/finishGaussian(_:range:quad:)``.
    @inline(__always)
    func run(_ arena: Arena, _ form: ScaledGaussianLocationForm, chunk: Range<Int>) -> Double {
        let lo = chunk.lowerBound, n = chunk.count
        var lanes = SIMD8<Double>(), tail = SIMD8<Double>()
        let quad = withUnsafeMutableBytes(of: &lanes) { l in
            withUnsafeMutableBytes(of: &tail) { t in
                strata_normal_exp_location_scaled(
                    form.outcome + lo, arena.value(vector) + lo, arena.value(exponent) + lo, arena.value(scale)[0],
                    form.inverseScales + lo, n, form.outputAdjoint, vector.isConstant ? nil : arena.adjoint(vector) + lo,
                    l.baseAddress!.assumingMemoryBound(to: Double.self), t.baseAddress!.assumingMemoryBound(to: Double.self))
            }
        }
        // s's adjoint as the exponential's reverse sweep adds it: a dot product's lanes summed, then the rest in order.
        if !scale.isConstant {
            var sum = lanes.sum()
            for j in 0..<(n % 8) { sum += tail[j] }
            arena.adjoint(scale)[0] += sum
        }
        return quad
    }
}
