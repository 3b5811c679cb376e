// Graph node for Stan's hypergeometric_pFq(a, b, z) (and hypergeometric_3F2) with partials in every a, b and z.
import StrataCore

/// y = pFq(a; b; z) for a vector a, a vector b and a scalar z; a domain error when the series diverges or does not
/// converge within ``SpecialFunctions/hypergeometricMaximumTerms`` terms.
public struct HypergeometricOp: GraphOperation {
    public let a: Slot, b: Slot, z: Slot
    public let output: Slot
    /// The Stan function name, for error messages.
    public let name: String

    public var inputs: [Slot] { [a, b, z] }
    public var tiling: Tiling { .whole }

    func arguments(_ arena: Arena) -> (a: [Double], b: [Double], z: Double) {
        let av = arena.value(a), bv = arena.value(b)
        return ((0..<a.count).map { av[$0 * a.stride] }, (0..<b.count).map { bv[$0 * b.stride] }, arena.value(z)[0])
    }

    func sum(_ arena: Arena) throws -> HypergeometricSum {
        let x = arguments(arena)
        if let message = SpecialFunctions.hypergeometricDomainError(a: x.a, b: x.b, z: x.z) {
            throw LogDensityError.domain(variable: name, message: "\(message); a = \(x.a), b = \(x.b), z = \(x.z)")
        }
        guard let s = SpecialFunctions.hypergeometricPFQ(a: x.a, b: x.b, z: x.z) else {
            throw LogDensityError.domain(variable: name, message: "the series did not converge within "
                + "\(SpecialFunctions.hypergeometricMaximumTerms) terms; a = \(x.a), b = \(x.b), z = \(x.z)")
        }
        return s
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        arena.value(output)[0] = try sum(arena).value
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        guard g != 0, let s = try? sum(arena) else { return }
        if !a.isConstant { for i in 0..<a.count { arena.adjoint(a)[i * a.stride] += g * s.da[i] } }
        if !b.isConstant { for j in 0..<b.count { arena.adjoint(b)[j * b.stride] += g * s.db[j] } }
        if !z.isConstant { arena.adjoint(z)[0] += g * s.dz }
    }
}

public extension Graph {
    /// pFq(a; b; z) for vectors a and b and a scalar z (`name` labels its errors).
    func hypergeometricPFQ(_ a: Expr, _ b: Expr, _ z: Expr, name: String = "hypergeometric_pFq") -> Expr {
        let out = allocate(count: 1, isConstant: a.isConstant && b.isConstant && z.isConstant)
        return record(HypergeometricOp(a: a.slot, b: b.slot, z: z.slot, output: out, name: name))
    }
}
