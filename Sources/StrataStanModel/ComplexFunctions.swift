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
        guard anyComplex else { return nil }
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
