// Graph node for the complex Schur decomposition A = U T Uᴴ of a parameter-dependent general matrix.
import StrataCore
import StrataLinearAlgebra

/// U and T of A = U T Uᴴ for an n×n complex matrix A (interleaved real and imaginary parts, row-major). Output: U (2n²),
/// T (2n²), then the row of each column of U that its phase is fixed by (n; see ``ComplexSchur``).
///
/// Backward pass: the derivative is linear in dA, so it is pushed forward once per real input direction (2n² of them)
/// and contracted with the adjoints of U and T (O(n⁵), meant for the small matrices Schur forms are used on). With
/// K = Uᴴ dU (skew-Hermitian) and C = Uᴴ dA U: dT = C + T K − K T, whose strictly lower part must vanish; that fixes the
/// strictly lower part of K column by column, (T_ii − T_jj) K_ij = −C_ij − Σ_{l>i} T_il K_lj + Σ_{l<j} K_il T_lj, its
/// upper part is −K_ijᴴ, and K's imaginary diagonal keeps each column's phase-fixing element real. dU = U K. Repeated
/// eigenvalues make the adjoint infinite or NaN and the sampler rejects the proposal.
public struct ComplexSchurOp: GraphOperation {
    public let input: Slot
    /// 4n² + n elements: U, T, the phase rows.
    public let output: Slot
    public let n: Int
    public let name: String
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let a = arena.value(input), out = arena.value(output)
        try requireFiniteMatrix(a, count: 2 * n * n, name)
        guard let pivots = ComplexSchur.decompose(a, n: n, u: out, t: out + 2 * n * n) else {
            throw LogDensityError.domain(variable: name, message: "the Schur decomposition failed (LAPACK did not converge)")
        }
        for j in 0..<n { out[4 * n * n + j] = Double(pivots[j]) }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant || n == 0 { return }
        let n = self.n, out = arena.value(output), adj = arena.adjoint(output), ga = arena.adjoint(input)
        func load(_ p: UnsafeMutablePointer<Double>) -> [Complex] { (0..<(n * n)).map { Complex(p[2 * $0], p[2 * $0 + 1]) } }
        let u = load(out), t = load(out + 2 * n * n), uBar = load(adj), tBar = load(adj + 2 * n * n)
        let pivots = (0..<n).map { Int(out[4 * n * n + $0]) }
        var k = [Complex](repeating: .zero, count: n * n)
        for a in 0..<n {
            for b in 0..<n {
                for (part, s) in [Complex(1, 0), Complex(0, 1)].enumerated() {
                    // C_ij = conj(U_ai) s U_bj for dA = s e_a e_bᵀ.
                    func c(_ i: Int, _ j: Int) -> Complex { u[a * n + i].conjugate * s * u[b * n + j] }
                    for j in 0..<n {
                        for i in stride(from: n - 1, to: j, by: -1) {
                            var r = Complex.zero - c(i, j)
                            for l in (i + 1)..<n { r = r - t[i * n + l] * k[l * n + j] }
                            for l in 0..<j { r = r + k[i * n + l] * t[l * n + j] }
                            let v = r / (t[i * n + i] - t[j * n + j])
                            k[i * n + j] = v
                            k[j * n + i] = Complex.zero - v.conjugate
                        }
                    }
                    for j in 0..<n {
                        let row = pivots[j]
                        var off = Complex.zero
                        for l in 0..<n where l != j { off = off + u[row * n + l] * k[l * n + j] }
                        k[j * n + j] = Complex(0, -off.im / u[row * n + j].re)
                    }
                    var total = 0.0
                    for i in 0..<n {
                        for j in 0..<n {
                            var du = Complex.zero
                            for l in 0..<n { du = du + u[i * n + l] * k[l * n + j] }
                            total += uBar[i * n + j].re * du.re + uBar[i * n + j].im * du.im
                            if j < i { continue }
                            var dt = c(i, j)
                            for l in i..<n { dt = dt + t[i * n + l] * k[l * n + j] }
                            for l in 0...j { dt = dt - k[i * n + l] * t[l * n + j] }
                            total += tBar[i * n + j].re * dt.re + tBar[i * n + j].im * dt.im
                        }
                    }
                    ga[2 * (a * n + b) + part] += total
                }
            }
        }
    }
}

/// A complex number for the Schur derivative (interleaved storage is read into these).
private struct Complex {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double) { self.re = re; self.im = im }
    static let zero = Complex(0, 0)
    var conjugate: Complex { Complex(re, -im) }
    static func + (x: Complex, y: Complex) -> Complex { Complex(x.re + y.re, x.im + y.im) }
    static func - (x: Complex, y: Complex) -> Complex { Complex(x.re - y.re, x.im - y.im) }
    static func * (x: Complex, y: Complex) -> Complex { Complex(x.re * y.re - x.im * y.im, x.re * y.im + x.im * y.re) }
    static func / (x: Complex, y: Complex) -> Complex {
        let d = y.re * y.re + y.im * y.im
        return Complex((x.re * y.re + x.im * y.im) / d, (x.im * y.re - x.re * y.im) / d)
    }
}

public extension Graph {
    /// U and T (each n×n complex, row-major interleaved) of the complex Schur decomposition of the n×n complex matrix
    /// `a` (interleaved); `name` labels domain errors.
    func complexSchur(_ a: Expr, n: Int, name: String) -> (u: Expr, t: Expr) {
        let size = 2 * n * n
        if a.count != size { fail("\(name): expected \(size) elements, got \(a.count)") }
        let out = allocate(count: 2 * size + n, isConstant: a.isConstant)
        if a.count != size { return (Expr(self, out.view(start: 0, count: size)), Expr(self, out.view(start: size, count: size))) }
        let full = record(ComplexSchurOp(input: a.slot, output: out, n: n, name: name))
        return (full[0..<size], full[size..<(2 * size)])
    }
}
