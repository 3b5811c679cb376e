// Lowers Stan's full QR (qr_Q, qr_R), the SVD of real and complex matrices (svd_U, svd_V, complex singular_values), the
// Hermitian eigendecomposition and the general one (eigenvalues, eigenvectors), so that parameter arguments get exact
// gradients.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// qr_Q, qr_R, svd_U, svd_V, eigenvalues, eigenvectors, and the complex singular_values, eigenvalues_sym and
    /// eigenvectors_sym; nil otherwise.
    func spectralCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        guard args.count == 1 else { return nil }
        let complex = args[0].type.base.isComplex
        switch name {
        case "qr_Q", "qr_R":
            let (m, n) = shape2(args[0])
            guard m > 0, n > 0 else { throw LoweringError.invalid("\(name) needs a non-empty matrix, got \(m)x\(n)", range) }
            let (q, r) = householderQR(args[0].expr, m: m, n: n)
            return name == "qr_Q" ? Value(expr: q, type: type, dims: [m, m]) : Value(expr: r, type: type, dims: [m, n])
        case "svd_U", "svd_V", "singular_values" where complex || name != "singular_values":
            let dims = logicalDims(args[0])
            guard dims.count == 2 else { throw LoweringError.invalid("\(name) needs a matrix", range) }
            let svd = try singularValueDecomposition(try complexParts(args[0]), m: dims[0], n: dims[1], complex: complex, range)
            switch name {
            case "singular_values": return Value(expr: svd.values, type: type, dims: [svd.values.count])
            case "svd_U": return complex ? complexValue(svd.u, type: type) : svd.u.re.retyped(type)
            default: return complex ? complexValue(svd.v, type: type) : svd.v.re.retyped(type)
            }
        case "eigenvalues_sym" where complex, "eigenvectors_sym" where complex:
            let dims = try squareDims(args[0], name, range)
            let eigen = hermitianEigen(try complexParts(args[0]), n: dims[0])
            if name == "eigenvectors_sym" { return complexValue(eigen.vectors, type: type) }
            let zero = constantValue([Double](repeating: 0, count: dims[0]), type: .vector, dims: [dims[0]])
            return complexValue(ComplexParts(re: Value(expr: eigen.values, type: .vector, dims: [dims[0]]), im: zero), type: type)
        case "eigenvalues", "eigenvectors":
            // The general eigendecomposition (complex results): eigenvalues sorted by real part, then imaginary part;
            // eigenvectors of unit norm with the phase fixed as for the Hermitian ones.
            let dims = try squareDims(args[0], name, range)
            let n = dims[0]
            let eigen = try checkedNode(range) { graph.complexEigen(try promotedToComplex(args[0]).expr, n: n, name: name) }
            if name == "eigenvalues" { return Value(expr: eigen.values, type: type, dims: [n, 2]) }
            if n == 0 { return Value(expr: eigen.vectors, type: type, dims: [0, 0, 2]) }
            let re = graph.gather(eigen.vectors, index: (0..<(n * n)).map { 2 * $0 }), im = graph.gather(eigen.vectors, index: (0..<(n * n)).map { 2 * $0 + 1 })
            return complexValue(phaseFixedColumns(re: re, im: im, n: n, normalize: true), type: type)
        case "complex_schur_decompose_u", "complex_schur_decompose_t":
            // A = U T Uᴴ through LAPACK's zgees, U's column phases fixed (see ComplexSchur); gradients by ComplexSchurOp.
            let dims = try squareDims(args[0], name, range)
            let n = dims[0]
            let schur = try checkedNode(range) { graph.complexSchur(try promotedToComplex(args[0]).expr, n: n, name: name) }
            return Value(expr: name.hasSuffix("_u") ? schur.u : schur.t, type: type, dims: [n, n, 2])
        default:
            return nil
        }
    }

    /// The logical dimensions of a square matrix argument of `name` (complex matrices without their re/im axis).
    private func squareDims(_ x: Value, _ name: String, _ range: SourceRange) throws -> [Int] {
        let dims = logicalDims(x)
        guard dims.count == 2, dims[0] == dims[1] else { throw LoweringError.invalid("\(name) needs a square matrix", range) }
        return dims
    }

    /// Stan's fat QR of the m×n matrix `a` (row-major): Q m×m orthogonal, R m×n upper trapezoidal, both with the signs
    /// Stan gives them (Householder reflections as LAPACK's dgeqrf and Eigen's HouseholderQR choose them, β = −sign(α)‖x‖,
    /// then each row of R with a negative diagonal element and the matching column of Q negated).
    func householderQR(_ a: GExpr, m: Int, n: Int) -> (q: GExpr, r: GExpr) {
        let g = graph, p = min(m, n)
        var w = a  // the trailing (m−k)×(n−k) block still to reduce
        var rRows: [GExpr] = [], signs: [GExpr] = [], reflectors: [(u: GExpr, scale: GExpr)] = []
        let one = scalarConstant(1), minusOne = scalarConstant(-1), zero = scalarConstant(0)
        for k in 0..<p {
            let rows = m - k, cols = n - k
            let alpha = w[0..<1]
            let positive = g.compare(.greaterEqual, alpha, zero)
            if rows == 1 {  // nothing below the diagonal: no reflection (LAPACK's τ = 0)
                rRows.append(w)
                signs.append(g.select(positive, one, minusOne))
                break
            }
            let x = g.viewOrGather(w, (0..<rows).map { $0 * cols })
            let norm = g.apply(.sqrt, g.dot(x, x))
            let beta = g.select(positive, -norm, norm)
            let u = g.concat([alpha - beta, x[1..<rows]])
            let scale = 2.0 / g.dot(u, u)
            let reflected = w - outer(u, scale * rowTimesMatrix(u, w, rows: rows, cols: cols), rows: rows, cols: cols)
            rRows.append(cols == 1 ? beta : g.concat([beta, reflected[1..<cols]]))
            signs.append(g.select(positive, minusOne, one))  // R_kk = β < 0 exactly when α ≥ 0
            reflectors.append((u, scale))
            if k + 1 < p {
                w = g.viewOrGather(reflected, (1..<rows).flatMap { i in (1..<cols).map { i * cols + $0 } })
            }
        }
        // R, each row k times its sign, zeros below the diagonal and in rows p..<m.
        var rParts: [GExpr] = []
        for i in 0..<m {
            if i < rRows.count {
                if i > 0 { rParts.append(g.constant([Double](repeating: 0, count: i))) }
                rParts.append(signs[i] * rRows[i])
            } else {
                rParts.append(g.constant([Double](repeating: 0, count: n)))
            }
        }
        // Q = H_0 H_1 ⋯, accumulated from the last reflector: T_k = H_k · diag(1, T_{k+1}) on rows and columns k..<m.
        var t = g.constant(identity(m - reflectors.count))
        for k in stride(from: reflectors.count - 1, through: 0, by: -1) {
            let size = m - k, inner = size - 1
            let padded = g.concat([t, one, zero])
            let onePosition = inner * inner, zeroPosition = onePosition + 1
            let d = g.gather(padded, index: (0..<(size * size)).map { e in
                let i = e / size, j = e % size
                if i == 0 || j == 0 { return i == j ? onePosition : zeroPosition }
                return (i - 1) * inner + j - 1
            })
            let (u, scale) = reflectors[k]
            t = d - outer(u, scale * rowTimesMatrix(u, d, rows: size, cols: size), rows: size, cols: size)
        }
        let signVector = g.concat(signs + [one])
        let q = t * g.gather(signVector, index: (0..<(m * m)).map { min($0 % m, signs.count) })
        return (q, g.concat(rParts))
    }

    /// The row-major n×n identity.
    private func identity(_ n: Int) -> [Double] { (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 } }

    /// uᵀ W for a vector u of `rows` elements and a row-major rows×cols matrix W.
    private func rowTimesMatrix(_ u: GExpr, _ w: GExpr, rows: Int, cols: Int) -> GExpr {
        let dots = (0..<cols).map { j in graph.dot(u, graph.viewOrGather(w, (0..<rows).map { $0 * cols + j })) }
        return dots.count == 1 ? dots[0] : graph.concat(dots)
    }

    /// The row-major outer product u vᵀ (`rows` × `cols`).
    private func outer(_ u: GExpr, _ v: GExpr, rows: Int, cols: Int) -> GExpr {
        graph.gather(u, index: (0..<(rows * cols)).map { $0 / cols }) * graph.gather(v, index: (0..<(rows * cols)).map { $0 % cols })
    }

    /// Thin SVD A = U diag(σ) Vᴴ of an m×n real or complex matrix, σ descending (k = min(m, n)), from the Hermitian
    /// eigendecomposition of the smaller Gram matrix (AᴴA when m ≥ n, else AAᴴ): its eigenvectors are V (or U) and the
    /// other factor is A V / σ (or Aᴴ U / σ). Exact gradients while the singular values are distinct and non-zero.
    /// Real matrices get real factors; complex ones have the phase of each column of V (or U) fixed so that its first
    /// element is real and non-negative.
    func singularValueDecomposition(_ a: ComplexParts, m: Int, n: Int, complex: Bool, _ range: SourceRange) throws
        -> (u: ComplexParts, values: GExpr, v: ComplexParts) {
        let k = min(m, n)
        let alg = ComplexAlgebra(lowerer: self, range: range)
        let aH = conjugateTranspose(a)
        let gram = m >= n ? try alg.multiply(aH, a, op: .multiply) : try alg.multiply(a, aH, op: .multiply)
        let eigen: (values: GExpr, vectors: ComplexParts)
        if complex {
            eigen = hermitianEigen(gram, n: k)
        } else {
            let e = graph.symmetricEigen(gram.re.expr, n: k)
            eigen = (e.values, ComplexParts(re: Value(expr: e.vectors, type: .matrix, dims: [k, k]), im: a.im))
        }
        let descending = (0..<k).reversed().map { $0 }
        let sigma = graph.apply(.sqrt, graph.viewOrGather(eigen.values, descending))
        let columnsReversed = (0..<(k * k)).map { ($0 / k) * k + k - 1 - $0 % k }
        func reversedColumns(_ x: Value) -> Value { Value(expr: graph.gather(x.expr, index: columnsReversed), type: .matrix, dims: [k, k]) }
        let small = ComplexParts(re: reversedColumns(eigen.vectors.re),
                                 im: complex ? reversedColumns(eigen.vectors.im) : constantValue([Double](repeating: 0, count: k * k), type: .matrix, dims: [k, k]))
        // The other factor: (A V or Aᴴ U) with column j divided by σ_j.
        let product = m >= n ? try alg.multiply(a, small, op: .multiply) : try alg.multiply(aH, small, op: .multiply)
        let rows = m >= n ? m : n
        let inverseSigma = graph.gather(1.0 / sigma, index: (0..<(rows * k)).map { $0 % k })
        let big = ComplexParts(re: Value(expr: product.re.expr * inverseSigma, type: .matrix, dims: [rows, k]),
                               im: Value(expr: product.im.expr * inverseSigma, type: .matrix, dims: [rows, k]))
        return m >= n ? (big, sigma, small) : (small, sigma, big)
    }

    /// Aᴴ of a complex matrix's parts.
    func conjugateTranspose(_ a: ComplexParts) -> ComplexParts {
        let im = transposeMatrix(a.im, type: .matrix)
        return ComplexParts(re: transposeMatrix(a.re, type: .matrix), im: Value(expr: -im.expr, type: .matrix, dims: im.dims))
    }

    /// Eigenvalues (ascending) and unit eigenvectors (columns) of the Hermitian n×n matrix whose lower triangle is `h`
    /// (as Stan reads it: the upper triangle is taken as the conjugate of the lower, the diagonal as real). Computed
    /// from the real symmetric 2n×2n matrix [[Re h, −Im h], [Im h, Re h]], whose eigenvalues are h's, each twice, with
    /// eigenvectors [x; y] and [−y; x] for h's eigenvector x + iy; each eigenvector's phase is fixed so that its first
    /// element is real and non-negative, which makes the result independent of the pair's rotation (see
    /// ``SymmetricEigenOp``'s `pairedDegenerate`), so gradients are exact while h's eigenvalues are distinct.
    func hermitianEigen(_ h: ComplexParts, n: Int) -> (values: GExpr, vectors: ComplexParts) {
        let g = graph, n2 = n * n, m = 2 * n
        if n == 0 { return (h.re.expr, h) }
        // Pool: Re h, Im h, −Im h, 0.
        let pool = g.concat([h.re.expr, h.im.expr, -h.im.expr, scalarConstant(0)])
        func lower(_ i: Int, _ j: Int) -> Int { i >= j ? i * n + j : j * n + i }
        func imaginary(_ i: Int, _ j: Int, negated: Bool) -> Int {
            if i == j { return 3 * n2 }
            return (i > j) != negated ? n2 + lower(i, j) : 2 * n2 + lower(i, j)
        }
        let embedding = g.gather(pool, index: (0..<(m * m)).map { e -> Int in
            let i = e / m, j = e % m, bi = i % n, bj = j % n
            switch (i >= n, j >= n) {
            case (false, false), (true, true): return lower(bi, bj)
            case (true, false): return imaginary(bi, bj, negated: false)
            case (false, true): return imaginary(bi, bj, negated: true)
            }
        })
        let eigen = g.symmetricEigen(embedding, n: m, pairedDegenerate: true)
        let values = 0.5 * (g.gather(eigen.values, index: (0..<n).map { 2 * $0 }) + g.gather(eigen.values, index: (0..<n).map { 2 * $0 + 1 }))
        let re = g.gather(eigen.vectors, index: (0..<n2).map { ($0 / n) * m + 2 * ($0 % n) })
        let im = g.gather(eigen.vectors, index: (0..<n2).map { (n + $0 / n) * m + 2 * ($0 % n) })
        return (values, phaseFixedColumns(re: re, im: im, n: n, normalize: false))
    }

    /// The columns of the n×n complex matrix with parts `re`, `im` (row-major), each multiplied by conj(z_0k) / |z_0k|
    /// (1 when z_0k = 0) so that its first element is real and non-negative, and divided by its norm when `normalize`:
    /// the result is the same for any non-zero complex multiple of a column.
    func phaseFixedColumns(re: GExpr, im: GExpr, n: Int, normalize: Bool) -> ComplexParts {
        let g = graph, n2 = n * n
        let re0 = re[0..<n], im0 = im[0..<n]
        let modulus = g.apply(.sqrt, re0 * re0 + im0 * im0)
        let nonzero = g.compare(.greater, modulus, scalarConstant(0))
        var divisor = g.select(nonzero, modulus, scalarConstant(1))
        if normalize {
            let squares = re * re + im * im
            let norms = (0..<n).map { k in g.sum(g.viewOrGather(squares, (0..<n).map { $0 * n + k })) }
            divisor = divisor * g.apply(.sqrt, norms.count == 1 ? norms[0] : g.concat(norms))
        }
        let cRe = g.select(nonzero, re0, scalarConstant(1)) / divisor, cIm = g.select(nonzero, -im0, scalarConstant(0)) / divisor
        let byColumn = (0..<n2).map { $0 % n }
        let pr = g.gather(cRe, index: byColumn), pi = g.gather(cIm, index: byColumn)
        return ComplexParts(re: Value(expr: re * pr - im * pi, type: .matrix, dims: [n, n]),
                            im: Value(expr: re * pi + im * pr, type: .matrix, dims: [n, n]))
    }
}

extension Value {
    /// The same elements and sizes under another type.
    func retyped(_ type: StanType) -> Value { Value(expr: expr, type: type, dims: dims) }
}
