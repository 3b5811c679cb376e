// Thin Swift wrappers over the CBLAS level-1/2/3 routines the engine uses.
import COpenBLAS

/// Vector and matrix products computed by OpenBLAS.
public enum BLAS {
    /// Limits OpenBLAS's own thread pool. Chains already use every core, so the engine calls this
    /// with 1 before starting concurrent chains to avoid oversubscription.
    public static func setThreadCount(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

    /// The current OpenBLAS thread count.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// x · y.
    public static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count n: Int) -> Double {
        cblas_ddot(Int32(n), x, 1, y, 1)
    }

    /// y = alpha * A x + beta * y (A row-major rows x cols), or with A transposed if `transpose`.
    public static func gemv(
        transpose: Bool = false, rows: Int, columns: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, x: UnsafePointer<Double>, beta: Double = 0, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
                    alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    /// C = alpha op(A) op(B) + beta C on raw row-major buffers: op(A) is m×k, op(B) k×n, C m×n (op = transpose when asked).
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, b: UnsafePointer<Double>, beta: Double = 0, c: UnsafeMutablePointer<Double>
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    beta, c, Int32(n))
    }

    /// y = A x for a `Matrix`.
    public static func multiply(_ a: Matrix, _ x: [Double]) -> [Double] {
        precondition(x.count == a.columns, "gemv: size mismatch")
        var y = [Double](repeating: 0, count: a.rows)
        a.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    gemv(rows: a.rows, columns: a.columns, a: pa.baseAddress!, x: px.baseAddress!, y: py.baseAddress!)
                }
            }
        }
        return y
    }

    /// C = A B.
    public static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "gemm: size mismatch")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 || a.columns == 0 { return c }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.columns), Int32(a.columns),
                    1, a.elements, Int32(a.columns), b.elements, Int32(b.columns), 0, &c.elements, Int32(b.columns))
        return c
    }

    /// C = op(A) op(B), with op the transpose when asked.
    public static func multiply(_ a: Matrix, transposed ta: Bool, _ b: Matrix, transposed tb: Bool) -> Matrix {
        let m = ta ? a.columns : a.rows, k = ta ? a.rows : a.columns
        let kb = tb ? b.columns : b.rows, n = tb ? b.rows : b.columns
        precondition(k == kb, "gemm: size mismatch")
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 || k == 0 { return c }
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a.elements, Int32(a.columns), b.elements, Int32(b.columns),
                    0, &c.elements, Int32(n))
        return c
    }
}
