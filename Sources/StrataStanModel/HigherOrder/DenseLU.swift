// LU factorisation with partial pivoting of a small dense square matrix, for the solvers' Newton steps and sensitivities.

/// P A = L U of an n×n row-major matrix; solves A x = b and Aᵀ x = b.
struct DenseLU {
    let n: Int
    private var lu: [Double]
    private var pivot: [Int]

    /// Factorises `a` (row-major, n×n); nil when a pivot is zero or not finite (singular matrix).
    init?(_ a: [Double], n: Int) {
        self.n = n
        lu = a
        pivot = Array(0..<n)
        for k in 0..<n {
            var p = k, best = abs(lu[k * n + k])
            for r in (k + 1)..<max(n, k + 1) where abs(lu[r * n + k]) > best { best = abs(lu[r * n + k]); p = r }
            guard best > 0, best.isFinite else { return nil }
            if p != k {
                for c in 0..<n { lu.swapAt(k * n + c, p * n + c) }
                pivot.swapAt(k, p)
            }
            let d = lu[k * n + k]
            for r in (k + 1)..<max(n, k + 1) {
                let f = lu[r * n + k] / d
                lu[r * n + k] = f
                if f != 0 { for c in (k + 1)..<n { lu[r * n + c] -= f * lu[k * n + c] } }
            }
        }
    }

    /// U's k-th diagonal entry.
    func diagonal(_ k: Int) -> Double { lu[k * n + k] }

    /// The sign of the row permutation (±1).
    var permutationSign: Double {
        var seen = [Bool](repeating: false, count: n), sign = 1.0
        for start in 0..<n where !seen[start] {
            var j = start, length = 0
            while !seen[j] { seen[j] = true; j = pivot[j]; length += 1 }
            if length % 2 == 0 { sign = -sign }
        }
        return sign
    }

    /// x with A x = b.
    func solve(_ b: [Double]) -> [Double] {
        var x = pivot.map { b[$0] }
        for r in 0..<n { for c in 0..<r { x[r] -= lu[r * n + c] * x[c] } }
        for r in stride(from: n - 1, through: 0, by: -1) {
            for c in (r + 1)..<max(n, r + 1) { x[r] -= lu[r * n + c] * x[c] }
            x[r] /= lu[r * n + r]
        }
        return x
    }

    /// x with Aᵀ x = b.
    func solveTransposed(_ b: [Double]) -> [Double] {
        // Aᵀ = Uᵀ Lᵀ P: solve Uᵀ z = b, then Lᵀ w = z, then x = Pᵀ w.
        var z = b
        for r in 0..<n {
            for c in 0..<r { z[r] -= lu[c * n + r] * z[c] }
            z[r] /= lu[r * n + r]
        }
        for r in stride(from: n - 1, through: 0, by: -1) { for c in (r + 1)..<max(n, r + 1) { z[r] -= lu[c * n + r] * z[c] } }
        var x = [Double](repeating: 0, count: n)
        for (i, p) in pivot.enumerated() { x[p] = z[i] }
        return x
    }
}
