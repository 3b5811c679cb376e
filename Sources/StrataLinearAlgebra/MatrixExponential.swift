// The matrix exponential by scaling and squaring with the degree-13 Padé approximant (Higham 2005, SIAM J. Matrix
// Anal. Appl. 26(4), "The scaling and squaring method for the matrix exponential revisited").

/// The Padé(13) coefficients b_0 ... b_13.
private let padeCoefficients: [Double] = [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
]

/// The largest 1-norm for which Padé(13) without scaling is accurate to double precision (Higham 2005, Table 2.3).
private let theta13 = 5.371920351148152

public extension Matrix {
    /// exp(A) for a square matrix; nil when A has a non-finite entry or the Padé denominator is singular.
    func exponential() -> Matrix? {
        precondition(rows == columns, "exponential of a non-square matrix")
        let n = rows
        if n == 0 { return self }
        guard elements.allSatisfy(\.isFinite) else { return nil }
        var norm = 0.0
        for j in 0..<n {
            var s = 0.0
            for i in 0..<n { s += Swift.abs(self[i, j]) }
            norm = Swift.max(norm, s)
        }
        let squarings = norm > theta13 ? Int((norm / theta13).exponent) + 1 : 0
        var a = self
        if squarings > 0 {
            let scale = 1 / Double(sign: .plus, exponent: squarings, significand: 1)
            for k in a.elements.indices { a.elements[k] *= scale }
        }
        let b = padeCoefficients, identity = Matrix.identity(n)
        let a2 = BLAS.multiply(a, a), a4 = BLAS.multiply(a2, a2), a6 = BLAS.multiply(a4, a2)
        func combination(_ terms: [(Double, Matrix)]) -> Matrix {
            var out = Matrix(rows: n, columns: n)
            for (c, m) in terms { for k in out.elements.indices { out.elements[k] += c * m.elements[k] } }
            return out
        }
        let uInner = BLAS.multiply(a6, combination([(b[13], a6), (b[11], a4), (b[9], a2)]))
        let u = BLAS.multiply(a, combination([(1, uInner), (b[7], a6), (b[5], a4), (b[3], a2), (b[1], identity)]))
        let vInner = BLAS.multiply(a6, combination([(b[12], a6), (b[10], a4), (b[8], a2)]))
        let v = combination([(1, vInner), (b[6], a6), (b[4], a4), (b[2], a2), (b[0], identity)])
        var denominator = combination([(1, v), (-1, u)])
        let inverted = denominator.elements.withUnsafeMutableBufferPointer { luInvertInPlace($0.baseAddress!, n: n) }
        guard inverted.invertible else { return nil }
        var r = BLAS.multiply(denominator, combination([(1, v), (1, u)]))
        for _ in 0..<squarings { r = BLAS.multiply(r, r) }
        return r
    }
}
