// lkj_corr_rng and lkj_corr_cholesky_rng: LKJ correlation matrices from canonical partial correlations (the C-vine).
import StrataCore

public extension RandomDraws {
    /// `lkj_corr_cholesky_rng(K, eta)`: the Cholesky factor of an LKJ(eta) correlation matrix (row-major K × K).
    ///
    /// The canonical partial correlations of column i (rows j > i) are 2 Beta(α_i, α_i) − 1 with
    /// α_i = eta + (K − 2 − i)/2 (Lewandowski, Kurowicka and Joe 2009, the C-vine); the factor's entry L[j][i] is that
    /// partial correlation times the length left in row j, √(1 − Σ_{m<i} L[j][m]²), and L[j][j] the rest of it.
    static func lkjCorrCholesky(_ k: Double, _ eta: Double, rng: inout ChainRNG,
                                function: String = "lkj_corr_cholesky_rng") throws -> [Double] {
        guard k >= 0, k == k.rounded(), k <= 10_000 else {
            throw RandomArgumentError("\(function): K (argument 1) is \(format(k)), but must be a non-negative integer")
        }
        guard eta > 0, eta.isFinite else {
            throw RandomArgumentError("\(function): eta (argument 2) is \(format(eta)), but must be positive and finite")
        }
        let n = Int(k)
        var l = [Double](repeating: 0, count: n * n)
        var remaining = [Double](repeating: 1, count: n)     // 1 − Σ_{m<i} L[j][m]², row by row
        for i in 0..<n {
            l[i * n + i] = remaining[i].squareRoot()
            let alpha = eta + Double(n - 2 - i) / 2
            for j in (i + 1)..<n {
                let partial = 2 * rng.beta(alpha, alpha) - 1
                l[j * n + i] = partial * remaining[j].squareRoot()
                remaining[j] = Swift.max(remaining[j] - l[j * n + i] * l[j * n + i], 0)
            }
        }
        return l
    }

    /// `lkj_corr_rng(K, eta)`: L Lᵀ for the factor ``lkjCorrCholesky(_:_:rng:function:)`` draws, with an exact unit diagonal.
    static func lkjCorr(_ k: Double, _ eta: Double, rng: inout ChainRNG) throws -> [Double] {
        let l = try lkjCorrCholesky(k, eta, rng: &rng, function: "lkj_corr_rng")
        let n = Int(k)
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var t = 0.0
                for m in 0...j { t += l[i * n + m] * l[j * n + m] }
                out[i * n + j] = i == j ? 1 : t
                out[j * n + i] = out[i * n + j]
            }
        }
        return out
    }
}
