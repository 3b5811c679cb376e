// nutpie's low-rank Fisher estimate: diagonal rescaling, projection on the draws' and gradients'
// span, SPD geometric mean of the projected scatter matrices, eigenvalue cutoff.
import StrataLinearAlgebra
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The factors of a diagonal-plus-low-rank inverse metric
/// `M⁻¹ = diag(s) (I + U (diag(λ) - I) Uᵀ) diag(s)`, with `U` (d x k) orthonormal.
public struct LowRankFactors: Equatable, Sendable, Codable {
    /// Per-coordinate scales s (s² is the Fisher diagonal).
    public var scale: [Double]
    /// Eigenvalues λ of the correction (each > cutoff or < 1/cutoff).
    public var values: [Double]
    /// Orthonormal directions U, `dimension x rank`, row-major.
    public var vectors: Matrix

    /// Creates factors; `vectors` must be `scale.count x values.count`.
    public init(scale: [Double], values: [Double], vectors: Matrix) {
        precondition(vectors.rows == scale.count && vectors.columns == values.count, "low-rank factor shapes")
        self.scale = scale; self.values = values; self.vectors = vectors
    }

    /// Number of coordinates.
    public var dimension: Int { scale.count }
    /// Rank k of the correction.
    public var rank: Int { values.count }

    /// The diagonal of the full inverse metric: `s_i² (1 + Σ_j (λ_j - 1) U_ij²)`.
    public var inverseMetricDiagonal: [Double] {
        (0..<dimension).map { i in
            var c = 1.0
            for j in 0..<rank { c += (values[j] - 1) * vectors[i, j] * vectors[i, j] }
            return scale[i] * scale[i] * c
        }
    }
}

/// Estimates ``LowRankFactors`` from a window of draws and gradients (Seyboldt, Carlson &
/// Carpenter's low-rank Fisher metric, as nutpie/nuts-rs compute it).
///
/// 1. Per coordinate, `s_i = (var x_i / var g_i)^¼`; draws are centred and divided by s, gradients
///    centred and multiplied by s.
/// 2. An orthonormal basis Q of the span of the scaled draws and gradients (the whole space when
///    d ≤ 2n); both are projected on it.
/// 3. `Σ = A # B⁻¹`, the SPD geometric mean of the projected draw scatter `A` and the inverse of
///    the projected gradient scatter `B` (each plus a small ridge): for a Gaussian target with
///    covariance C, `A ∝ C` and `B ∝ C⁻¹`, so `Σ ∝ C` in the scaled space.
/// 4. The eigen-directions of Σ with eigenvalue above `cutoff` or below `1/cutoff` (at most
///    `maxRank`, the most extreme first) are mapped back with Q.
public enum LowRankEstimator {
    /// The estimate, or nil when the window has fewer than 3 draws or a coordinate has no spread.
    /// - Throws: ``SamplerError/metricAdaptationFailed(_:)`` when LAPACK fails.
    public static func estimate(_ window: DrawGradientWindow, settings: LowRankSettings) throws -> LowRankFactors? {
        let n = window.count, d = window.dimension
        guard n >= 3, d > 0 else { return nil }
        guard let (scale, x, g) = scaledCentred(window) else { return nil }
        do {
            let fullSpace = d <= 2 * n
            let basis: Matrix? = fullSpace ? nil : try ThinQR.orthonormalBasis(stacked(x, g))
            // Projected n x m matrices (m = d in the full space, 2n otherwise).
            let px = basis.map { BLAS.multiply(x, $0) } ?? x
            let pg = basis.map { BLAS.multiply(g, $0) } ?? g
            let a = ridged(BLAS.multiply(px, transposed: true, px, transposed: false), settings.ridge)
            let b = ridged(BLAS.multiply(pg, transposed: true, pg, transposed: false), settings.ridge)
            let mean = try SymmetricEigen(Matrix.geometricMean(a, inverseOf: b))
            let kept = mean.values.indices
                .filter { mean.values[$0] > settings.eigenvalueCutoff || mean.values[$0] < 1 / settings.eigenvalueCutoff }
                .filter { mean.values[$0].isFinite && mean.values[$0] > 0 }
                .sorted { abs(log(mean.values[$0])) > abs(log(mean.values[$1])) }
                .prefix(settings.maxRank)
            let m = mean.vectors.rows
            var selected = Matrix(rows: m, columns: kept.count)
            for (c, j) in kept.enumerated() { for i in 0..<m { selected[i, c] = mean.vectors[i, j] } }
            let vectors = basis.map { BLAS.multiply($0, selected) } ?? selected
            guard vectors.elements.allSatisfy({ $0.isFinite }) else { return nil }
            return LowRankFactors(scale: scale, values: kept.map { mean.values[$0] }, vectors: vectors)
        } catch {
            throw SamplerError.metricAdaptationFailed("low-rank metric estimate: \(error)")
        }
    }

    /// The scales s and the scaled, centred `n x d` draw and gradient matrices; nil if a
    /// coordinate's draws or gradients have zero or non-finite variance.
    static func scaledCentred(_ window: DrawGradientWindow) -> ([Double], Matrix, Matrix)? {
        let n = window.count, d = window.dimension
        var x = Matrix(rows: n, columns: d, elements: window.positions)
        var g = Matrix(rows: n, columns: d, elements: window.gradients)
        var scale = [Double](repeating: 1, count: d)
        for i in 0..<d {
            var mx = 0.0, mg = 0.0
            for t in 0..<n { mx += x[t, i]; mg += g[t, i] }
            mx /= Double(n); mg /= Double(n)
            var vx = 0.0, vg = 0.0
            for t in 0..<n {
                x[t, i] -= mx; g[t, i] -= mg
                vx += x[t, i] * x[t, i]; vg += g[t, i] * g[t, i]
            }
            let s2 = (vx / vg).squareRoot()
            guard s2.isFinite && s2 > 0 else { return nil }
            let s = min(max(s2, 1e-20), 1e20).squareRoot()
            scale[i] = s
            for t in 0..<n { x[t, i] /= s; g[t, i] *= s }
        }
        return (scale, x, g)
    }

    /// `[xᵀ gᵀ]`: the d x 2n matrix whose columns are the scaled draws and gradients.
    static func stacked(_ x: Matrix, _ g: Matrix) -> Matrix {
        let n = x.rows, d = x.columns
        var c = Matrix(rows: d, columns: 2 * n)
        for t in 0..<n { for i in 0..<d { c[i, t] = x[t, i]; c[i, n + t] = g[t, i] } }
        return c
    }

    /// `a + ridge I`.
    static func ridged(_ a: Matrix, _ ridge: Double) -> Matrix {
        var r = a
        for i in 0..<a.rows { r[i, i] += ridge }
        return r
    }
}
