// Lowers Stan's complex functions: parts, construction, elementary functions, sizes and the discrete Fourier transforms.
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

extension Lowerer {
    /// Functions that take or make complex values; nil when `name(args)` is not one of them.
    func complexCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        let k = ComplexAlgebra(lowerer: self, range: range)
        let anyComplex = args.contains { $0.type.base.isComplex }
        switch (name, args.count) {
        case ("to_complex", 0): return complexValue(ComplexParts(re: realValue(0), im: realValue(0)), type: type)
        case ("to_complex", 1): return try promotedToComplex(args[0])
        case ("to_complex", 2):
            let re = try complexParts(args[0]).re, im = try complexParts(args[1]).re
            guard re.count == im.count || re.count == 1 || im.count == 1 else {
                throw LoweringError.invalid("to_complex: the parts have \(re.count) and \(im.count) elements", range)
            }
            return complexValue(ComplexParts(re: re, im: im), type: type)
        case ("polar", 2):
            return complexValue(try k.polar(try complexParts(args[0]).re, try complexParts(args[1]).re), type: type)
        default: break
        }
        // Stan defines norm, arg, conj and proj on complex values only: a real argument is promoted.
        guard anyComplex || (args.count == 1 && ["norm", "arg", "conj", "proj"].contains(name)) else { return nil }
        if let leading = Self.partwise[name], args.count >= leading {
            return try partwise(name, args, leading: leading, type: type, range)
        }
        switch (name, args.count) {
        case ("get_real", 1): return try complexParts(args[0]).re
        case ("get_imag", 1): return try complexParts(args[0]).im
        case ("abs", 1): return try k.abs(try complexParts(args[0]))
        case ("norm", 1): return try k.norm(try complexParts(args[0]))
        case ("arg", 1): return try k.arg(try complexParts(args[0]))
        case ("pow", 2): return try complexBinary(.power, args[0], args[1], type: type, range)
        case ("rows", 1), ("cols", 1), ("num_elements", 1), ("size", 1):
            let dims = logicalDims(args[0])
            let arrayDepth = args[0].type.arrayDims
            switch name {
            case "num_elements": return intValue(dims.reduce(1, *))
            case "size": return intValue(dims.first ?? 1)
            case "rows": return intValue(args[0].type.base == .complexRowVector ? 1 : dims[arrayDepth])
            default: return intValue(args[0].type.base == .complexVector ? 1 : dims[dims.count - 1])
            }
        case ("fft", 1), ("inv_fft", 1):
            return complexValue(try discreteFourier(try complexParts(args[0]), inverse: name == "inv_fft", range), type: type)
        case ("fft2", 1), ("inv_fft2", 1):
            return complexValue(try discreteFourier2(try complexParts(args[0]), inverse: name == "inv_fft2", range), type: type)
        case (_, 1):
            guard let p = try k.function(name, try complexParts(args[0])) else { return nil }
            return complexValue(p, type: type)
        default: return nil
        }
    }

    /// Container functions lowered on the real and imaginary parts separately, with the number of leading
    /// (complex) value arguments; the other arguments are sizes and indices. Each is linear in its values jointly,
    /// except `diag_pre_multiply`/`diag_post_multiply` (bilinear: four real products) and `prod` (a chain of
    /// complex products).
    static let partwise: [String: Int] = [
        "head": 1, "tail": 1, "segment": 1, "reverse": 1, "cumulative_sum": 1, "sum": 1, "block": 1, "col": 1, "row": 1,
        "sub_col": 1, "sub_row": 1, "diagonal": 1, "diag_matrix": 1, "trace": 1, "symmetrize_from_lower_tri": 1,
        "rep_vector": 1, "rep_row_vector": 1, "rep_matrix": 1, "rep_array": 1, "to_vector": 1, "to_row_vector": 1,
        "to_array_1d": 1, "to_matrix": 1, "to_array_2d": 1, "transpose": 1, "add_diag": 2, "append_row": 2, "append_col": 2,
        "diag_pre_multiply": 2, "diag_post_multiply": 2, "prod": 1,
    ]

    private func partwise(_ name: String, _ args: [Value], leading: Int, type: StanType, _ range: SourceRange) throws -> Value {
        let parts = try args.prefix(leading).map(complexParts), rest = Array(args.dropFirst(leading))
        let realType = StanType(type.base.realShape, arrayDims: type.arrayDims)
        let k = ComplexAlgebra(lowerer: self, range: range)
        func f(_ values: [Value]) throws -> Value { try builtin(name, values + rest, type: realType, range) }
        switch name {
        case "prod":
            let x = parts[0], n = x.re.count
            func element(_ i: Int) -> ComplexParts {
                ComplexParts(re: Value(expr: x.re.expr[i..<(i + 1)], type: .real, dims: []),
                             im: Value(expr: x.im.expr[i..<(i + 1)], type: .real, dims: []))
            }
            var p = ComplexParts(re: realValue(1), im: realValue(0))
            for i in 0..<n { p = i == 0 ? element(0) : try k.multiply(p, element(i)) }
            return complexValue(p, type: type)
        case "diag_pre_multiply", "diag_post_multiply":
            let a = parts[0], b = parts[1]
            let re = try k.real(.subtract, try f([a.re, b.re]), try f([a.im, b.im]))
            let im = try k.real(.add, try f([a.re, b.im]), try f([a.im, b.re]))
            return complexValue(ComplexParts(re: re, im: im), type: type)
        default:
            return complexValue(ComplexParts(re: try f(parts.map(\.re)), im: try f(parts.map(\.im))), type: type)
        }
    }

    /// The `n`×`n` discrete Fourier matrix `W[j, k] = exp(∓2πi jk/n)` (scaled by 1/n when inverse) as
    /// constant parts.
    private func fourierMatrix(_ n: Int, inverse: Bool) -> ComplexParts {
        var re = [Double](repeating: 0, count: n * n), im = re
        let sign = inverse ? 1.0 : -1.0, scale = inverse ? 1 / Double(n) : 1
        for j in 0..<n {
            for k in 0..<n {
                let angle = sign * 2 * Double.pi * Double((j * k) % n) / Double(n)
                re[j * n + k] = scale * cos(angle); im[j * n + k] = scale * sin(angle)
            }
        }
        let t = StanType.matrix
        return ComplexParts(re: constantValue(re, type: t, dims: [n, n]), im: constantValue(im, type: t, dims: [n, n]))
    }

    /// `fft(v)` / `inv_fft(v)` as the product with the Fourier matrix: linear, so the gradient is the
    /// adjoint transform and exact (dense, O(n²) per transform).
    func discreteFourier(_ x: ComplexParts, inverse: Bool, _ range: SourceRange) throws -> ComplexParts {
        let n = x.re.count
        if n == 0 { return x }
        let k = ComplexAlgebra(lowerer: self, range: range)
        let column = ComplexParts(re: Value(expr: x.re.expr, type: .vector, dims: [n]), im: Value(expr: x.im.expr, type: .vector, dims: [n]))
        let y = try k.multiply(fourierMatrix(n, inverse: inverse), column, op: .multiply)
        return ComplexParts(re: Value(expr: y.re.expr, type: x.re.type, dims: x.re.dims),
                            im: Value(expr: y.im.expr, type: x.im.type, dims: x.im.dims))
    }

    /// `fft2(m)` / `inv_fft2(m)`: `W_rows · m · W_cols`.
    func discreteFourier2(_ x: ComplexParts, inverse: Bool, _ range: SourceRange) throws -> ComplexParts {
        guard x.re.dims.count == 2 else { throw LoweringError.invalid("fft2 needs a complex matrix", range) }
        let r = x.re.dims[0], c = x.re.dims[1]
        if r == 0 || c == 0 { return x }
        let k = ComplexAlgebra(lowerer: self, range: range)
        let left = try k.multiply(fourierMatrix(r, inverse: inverse), x, op: .multiply)
        return try k.multiply(left, fourierMatrix(c, inverse: inverse), op: .multiply)
    }
}
