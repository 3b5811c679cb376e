// Small dense matrix helpers for the Laplace approximation (row-major n×n arrays).
import Foundation

enum LaplaceAlgebra {
    /// A B for n×n row-major matrices.
    static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n where a[i * n + k] != 0 {
                let x = a[i * n + k]
                for j in 0..<n { out[i * n + j] += x * b[k * n + j] }
            }
        }
        return out
    }

    /// A x.
    static func apply(_ a: [Double], _ x: [Double]) -> [Double] {
        let n = x.count
        return (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i * n + $1] * x[$1] } }
    }

    static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The lower Cholesky factor of a symmetric positive-definite n×n matrix, nil otherwise.
    static func cholesky(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let s = d.squareRoot()
            l[j * n + j] = s
            for i in (j + 1)..<max(n, j + 1) {
                var v = a[i * n + j]
                for k in 0..<j { v -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = v / s
            }
        }
        return l
    }

    /// X with A X = B for the factorised n×n A (column by column).
    static func solve(_ lu: DenseLU, _ b: [Double], _ n: Int, transposed: Bool = false) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            let column = (0..<n).map { b[$0 * n + j] }
            let x = transposed ? lu.solveTransposed(column) : lu.solve(column)
            for i in 0..<n { out[i * n + j] = x[i] }
        }
        return out
    }
}

extension DenseLU {
    /// log |det A| and the sign of det A.
    var logAbsDeterminant: (value: Double, sign: Double) {
        var total = 0.0, sign = 1.0
        for k in 0..<n {
            let d = diagonal(k)
            total += Foundation.log(Swift.abs(d))
            if d < 0 { sign = -sign }
        }
        return (total, sign * permutationSign)
    }
}
