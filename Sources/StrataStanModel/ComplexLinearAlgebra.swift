// Lowers the complex vector products (dot_product, dot_self, columns_/rows_dot_*) and complex right division.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Complex overloads of the vector products and of `mdivide_right`; nil when `name(args)` is not one of them.
    func complexLinearAlgebraCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        guard args.contains(where: { $0.type.base.isComplex }) else { return nil }
        let k = ComplexAlgebra(lowerer: self, range: range)
        switch (name, args.count) {
        case ("dot_product", 2):
            // Eigen's dot, which Stan calls: conjugate-linear in the first argument, Σ conj(x_i) y_i.
            let x = try complexParts(args[0]), y = try complexParts(args[1])
            guard x.re.count == y.re.count else {
                throw LoweringError.invalid("dot_product: sizes differ (\(x.re.count) and \(y.re.count))", range)
            }
            let g = graph
            let re = g.dot(x.re.expr, y.re.expr) + g.dot(x.im.expr, y.im.expr)
            let im = g.dot(x.re.expr, y.im.expr) - g.dot(x.im.expr, y.re.expr)
            return complexValue(ComplexParts(re: Value(expr: re, type: .real, dims: []), im: Value(expr: im, type: .real, dims: [])), type: type)
        case ("dot_self", 1):
            // Eigen's squaredNorm: Σ |x_i|², real.
            let x = try complexParts(args[0])
            let re = graph.dot(x.re.expr, x.re.expr) + graph.dot(x.im.expr, x.im.expr)
            return complexValue(ComplexParts(re: Value(expr: re, type: .real, dims: []), im: realValue(0)), type: type)
        case ("columns_dot_product", 2), ("rows_dot_product", 2):
            // Σ x_ij y_ij along columns or rows, without conjugation (Stan's cwiseProduct then sum): bilinear.
            let x = try complexParts(args[0]), y = try complexParts(args[1])
            let realType = StanType(type.base.realShape)
            func f(_ a: Value, _ b: Value) throws -> Value {
                guard let v = try linearAlgebraCall(name, [a, b], type: realType, range) else {
                    throw LoweringError.unsupported("function '\(name)'", range)
                }
                return v
            }
            let re = try k.real(.subtract, try f(x.re, y.re), try f(x.im, y.im))
            let im = try k.real(.add, try f(x.re, y.im), try f(x.im, y.re))
            return complexValue(ComplexParts(re: re, im: im), type: type)
        case ("columns_dot_self", 1), ("rows_dot_self", 1):
            // Eigen's squaredNorm along columns or rows: Σ |x_ij|², real.
            let x = try complexParts(args[0])
            let realType = StanType(type.base.realShape)
            guard let re = try linearAlgebraCall(name, [x.re], type: realType, range),
                  let reIm = try linearAlgebraCall(name, [x.im], type: realType, range) else { return nil }
            let sum = try k.real(.add, re, reIm)
            let zero = constantValue([Double](repeating: 0, count: sum.count), type: realType, dims: sum.dims)
            return complexValue(ComplexParts(re: sum, im: zero), type: type)
        case ("mdivide_right", 2):
            return try complexDivideRight(args[0], args[1], type: type, range)
        default:
            return nil
        }
    }

    /// `b / a` for a complex (or real) row vector or matrix `b` and square matrix `a`, either complex: `b a⁻¹` with
    /// the complex inverse read from the inverse of the real 2n×2n matrix [[Re a, −Im a], [Im a, Re a]] (whose
    /// inverse is [[Re a⁻¹, −Im a⁻¹], [Im a⁻¹, Re a⁻¹]]), so gradients are those of the real inverse.
    func complexDivideRight(_ b: Value, _ a: Value, type: StanType, _ range: SourceRange) throws -> Value {
        let n = logicalDims(a).first ?? 0
        guard logicalDims(a) == [n, n] else {
            throw LoweringError.invalid("mdivide_right needs a square divisor, got \(logicalDims(a))", range)
        }
        let inverse = try complexInverse(try complexParts(a), n: n, range)
        let x = try complexParts(b)
        let left = x.re.dims.count == 2 ? x : ComplexParts(re: Value(expr: x.re.expr, type: .rowVector, dims: [x.re.count]),
                                                           im: Value(expr: x.im.expr, type: .rowVector, dims: [x.im.count]))
        let productType = StanType(type.base.realShape)
        let k = ComplexAlgebra(lowerer: self, range: range)
        let re = try k.real(.subtract, try matrixProduct(left.re, inverse.re, type: productType, range),
                            try matrixProduct(left.im, inverse.im, type: productType, range))
        let im = try k.real(.add, try matrixProduct(left.re, inverse.im, type: productType, range),
                            try matrixProduct(left.im, inverse.re, type: productType, range))
        return complexValue(ComplexParts(re: re, im: im), type: type)
    }

    /// The inverse of the n×n complex matrix with parts `a`, through its real 2n×2n embedding.
    func complexInverse(_ a: ComplexParts, n: Int, _ range: SourceRange) throws -> ComplexParts {
        let n2 = n * n, m = 2 * n
        // Pool: Re a, Im a, −Im a; the embedding gathers from it.
        let pool = graph.concat([a.re.expr, a.im.expr, -a.im.expr])
        let index = (0..<(m * m)).map { e -> Int in
            let i = e / m, j = e % m, block = (i >= n ? 2 : 0) + (j >= n ? 1 : 0), offset = (i % n) * n + j % n
            return [offset, 2 * n2 + offset, n2 + offset, offset][block]
        }
        let inverse = try checkedNode(range) { graph.inverse(graph.gather(pool, index: index), n: m, name: "mdivide_right") }
        let re = graph.gather(inverse, index: (0..<n2).map { ($0 / n) * m + $0 % n })
        let im = graph.gather(inverse, index: (0..<n2).map { (n + $0 / n) * m + $0 % n })
        return ComplexParts(re: Value(expr: re, type: .matrix, dims: [n, n]), im: Value(expr: im, type: .matrix, dims: [n, n]))
    }
}
