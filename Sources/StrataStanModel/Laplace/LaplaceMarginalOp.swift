// The embedded Laplace approximation's log marginal as one graph node, with its gradient in the covariance and likelihood arguments.
import StrataAutodiff
import StrataCore

/// How a ``LaplaceMarginalOp`` builds its likelihood from the values of its η input.
enum LaplaceLikelihoodSource {
    /// A recorded user function f(θ, η...).
    case recorded(RecordedFunction)
    /// A built-in family: η = [φ, m] as ``BuiltinLaplaceLikelihood`` reads it, with the observations and groups.
    case builtin(BuiltinLaplaceLikelihood.Family, y: [Double], index: [Int], phiCount: Int)

    func make(_ eta: [Double], latent n: Int, name: String) throws -> LaplaceLikelihood {
        switch self {
        case .recorded(let f): return RecordedLikelihood(f, eta: eta, name: name)
        case let .builtin(family, y, index, phiCount):
            return try BuiltinLaplaceLikelihood(family: family, y: y, index: index, phi: Array(eta.prefix(phiCount)),
                                                mean: Array(eta.dropFirst(phiCount)))
        }
    }
}

/// log p(y | φ, η) ≈ the Laplace approximation, for K = `covariance`(φ) and the likelihood at η. The output slot holds
/// [value, ∂/∂φ (P), ∂/∂η (Q)]: ∂/∂φ is one reverse sweep of the covariance function weighted by ∂/∂K.
struct LaplaceMarginalOp: GraphOperation {
    let phi: Slot, eta: Slot
    /// A parameter-dependent initial guess for Newton's method (no gradient: the mode does not depend on it).
    let guess: Slot?
    let output: Slot
    let covariance: RecordedFunction
    let likelihood: LaplaceLikelihoodSource
    let latent: Int
    let options: LaplaceOptions
    let name: String
    var inputs: [Slot] { [phi, eta] + (guess.map { [$0] } ?? []) }
    var tiling: Tiling { .whole }

    private var phiCount: Int { phi.isConstant ? 0 : phi.count }
    private var etaCount: Int { eta.isConstant ? 0 : eta.count }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let phiValues = Array(UnsafeBufferPointer(start: arena.value(phi), count: phi.count))
        let etaValues = Array(UnsafeBufferPointer(start: arena.value(eta), count: eta.count))
        let kEvaluation = RecordedFunction.Evaluation(covariance)
        let k = try kEvaluation.value(phiValues)
        guard k.allSatisfy(\.isFinite) else { throw LogDensityError.nonFinite("\(name): the covariance matrix is not finite") }
        let f = try likelihood.make(etaValues, latent: latent, name: name)
        var options = self.options
        if let guess { options.initial = Array(UnsafeBufferPointer(start: arena.value(guess), count: guess.count)) }
        let laplace = try LaplaceApproximation(likelihood: f, k: k, options: options, name: name)
        let out = arena.value(output)
        out[0] = laplace.logMarginal
        guard phiCount + etaCount > 0 else { return }
        let (gk, ge) = try laplace.gradient(f, blockSize: options.blockSize)
        if phiCount > 0 {
            let gphi = try kEvaluation.pullback(phiValues, weights: gk)
            for j in 0..<phiCount { out[1 + j] = gphi[j] }
        }
        if etaCount > 0 { for j in 0..<etaCount { out[1 + phiCount + j] = ge[j] } }
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let out = arena.value(output), g = arena.adjoint(output)[0]
        guard g != 0 else { return }
        if phiCount > 0 { let a = arena.adjoint(phi); for j in 0..<phiCount { a[j] += g * out[1 + j] } }
        if etaCount > 0 { let a = arena.adjoint(eta); for j in 0..<etaCount { a[j] += g * out[1 + phiCount + j] } }
    }
}

extension Graph {
    /// The Laplace approximation's log marginal for covariance arguments `phi` and likelihood arguments `eta`.
    func laplaceMarginal(covariance: RecordedFunction, phi: Expr, likelihood: LaplaceLikelihoodSource, eta: Expr, latent: Int,
                         options: LaplaceOptions, guess: Expr?, name: String) -> Expr {
        let p = (phi.isConstant ? 0 : phi.count) + (eta.isConstant ? 0 : eta.count)
        let out = allocate(count: 1 + p, isConstant: phi.isConstant && eta.isConstant && guess == nil)
        let full = record(LaplaceMarginalOp(phi: phi.slot, eta: eta.slot, guess: guess?.slot, output: out, covariance: covariance, likelihood: likelihood,
                                            latent: latent, options: options, name: name))
        return full[0..<1]
    }
}
