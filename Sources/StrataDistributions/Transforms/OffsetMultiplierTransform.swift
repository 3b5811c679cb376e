// Affinely transformed values: y = offset + multiplier * u, log J = Σ log multiplier.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// `<offset=μ, multiplier=σ>`: y = μ + σ·u, log J = Σᵢ log σᵢ (Stan reference manual,
/// "Affinely transformed real"). A scalar σ counts once per element, so log J = n·log σ.
///
/// Offset and multiplier may each be a scalar or one value per element, and may depend on
/// parameters (non-centred parameterisations): their adjoints receive u·ḡ and ḡ plus 1/σ from
/// the log-Jacobian. A multiplier that is not positive and finite at evaluation time raises
/// ``StrataCore/LogDensityError/domain(variable:message:)``, which the sampler treats as a rejection.
public struct OffsetMultiplierTransform: ParameterTransform {
    /// The offset μ (scalar or one per element).
    public let offset: Expr
    /// The multiplier σ > 0 (scalar or one per element).
    public let multiplier: Expr

    /// Creates the transform.
    /// - Parameters:
    ///   - offset: μ, a scalar or one value per element (use `graph.constant(0)` for none).
    ///   - multiplier: σ, a scalar or one value per element (use `graph.constant(1)` for none).
    public init(offset: Expr, multiplier: Expr) { self.offset = offset; self.multiplier = multiplier }

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        for (name, b) in [("offset", offset), ("multiplier", multiplier)] where b.count != 1 && b.count != u.count {
            graph.fail("\(name) has \(b.count) elements, the variable has \(u.count)")
        }
        if multiplier.isConstant {
            for (i, m) in graph.initialValues[multiplier.slot.range].enumerated() where !(m > 0 && m.isFinite) {
                graph.fail("multiplier\(multiplier.count > 1 ? "[\(i + 1)]" : "") = \(m) must be positive and finite")
            }
        }
        let constant = u.isConstant && offset.isConstant && multiplier.isConstant
        let out = graph.allocate(count: u.count + 1, isConstant: constant)
        graph.record(OffsetMultiplierOp(u: u.slot, offset: offset.slot, multiplier: multiplier.slot, output: out))
        return (Expr(graph, out.view(start: 0, count: u.count)), Expr(graph, out.view(start: u.count, count: 1)))
    }

    /// u = (y − μ) / σ.
    /// - Throws: ``TransformError`` naming `variable[i]` when σᵢ is not positive or yᵢ is not finite.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let mu = try constantValues(of: offset, variable: variable)
        let sigma = try constantValues(of: multiplier, variable: variable)
        return try y.enumerated().map { i, v in
            let m = element(mu, i), s = element(sigma, i)
            guard s > 0 && s.isFinite else {
                throw TransformError(variable: "\(variable)[\(i + 1)]", message: "multiplier \(s) is not positive and finite")
            }
            guard v.isFinite else { throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is not finite") }
            return (v - m) / s
        }
    }
}

/// Fused op: output[i] = μᵢ + σᵢ uᵢ for i < n; output[n] accumulates Σ log σᵢ.
struct OffsetMultiplierOp: GraphOperation {
    let u: Slot, offset: Slot, multiplier: Slot
    let output: Slot
    var inputs: [Slot] { [u, offset, multiplier] }
    var tiling: Tiling { .elementwise(count: u.count) }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(u), mu = arena.value(offset), sg = arena.value(multiplier), y = arena.value(output)
        let so = offset.stride, sm = multiplier.stride
        var logJ = 0.0
        for i in range {
            let s = sg[i * sm]
            guard s > 0 && s.isFinite else {
                throw LogDensityError.domain(variable: "multiplier", message: "multiplier \(s) is not positive and finite")
            }
            y[i] = mu[i * so] + s * x[i]
            logJ += Glibc.log(s)
        }
        y[u.count] += logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let x = arena.value(u), sg = arena.value(multiplier), gy = arena.adjoint(output)
        let gJ = gy[u.count], so = offset.stride, sm = multiplier.stride
        if !u.isConstant {
            let gx = arena.adjoint(u)
            for i in range { gx[i] += gy[i] * sg[i * sm] }
        }
        if !offset.isConstant {
            let go = arena.adjoint(offset)
            for i in range { go[i * so] += gy[i] }
        }
        if !multiplier.isConstant {
            let gm = arena.adjoint(multiplier)
            for i in range { gm[i * sm] += gy[i] * x[i] + gJ / sg[i * sm] }
        }
    }
}
