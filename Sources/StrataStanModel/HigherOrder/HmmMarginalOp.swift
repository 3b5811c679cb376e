// hmm_marginal as one graph node: the forward algorithm, with the forward-backward gradients.
import StrataAutodiff
import StrataCore

/// log p(y) of a hidden Markov model (``HiddenMarkovModel``) from log_omega (K×N), Γ (K×K) and ρ (K). The output
/// slot holds the value, then the gradients with respect to log_omega, Γ and ρ (computed in the forward sweep).
struct HmmMarginalOp: GraphOperation {
    let logOmega: Slot, gamma: Slot, rho: Slot
    let output: Slot
    let states: Int
    var inputs: [Slot] { [logOmega, gamma, rho] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        func read(_ s: Slot) -> [Double] { Array(UnsafeBufferPointer(start: arena.value(s), count: s.count)) }
        let model = try HiddenMarkovModel(logOmega: read(logOmega), gamma: read(gamma), rho: read(rho), states: states,
                                          name: "hmm_marginal")
        let out = arena.value(output)
        out[0] = model.logMarginal
        guard output.count > 1 else { return }
        let (gOmega, gGamma, gRho) = model.gradients()
        var offset = 1
        for g in [gOmega, gGamma, gRho] { for v in g { out[offset] = v; offset += 1 } }
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let out = arena.value(output), g = arena.adjoint(output)[0]
        if g == 0 { return }
        var offset = 1
        for s in [logOmega, gamma, rho] {
            if !s.isConstant { let a = arena.adjoint(s); for i in 0..<s.count { a[i] += g * out[offset + i] } }
            offset += s.count
        }
    }
}

extension Graph {
    /// hmm_marginal(log_omega, Γ, ρ) for `states` hidden states.
    func hmmMarginal(logOmega: Expr, gamma: Expr, rho: Expr, states: Int) -> Expr {
        let constant = logOmega.isConstant && gamma.isConstant && rho.isConstant
        let out = allocate(count: constant ? 1 : 1 + logOmega.count + gamma.count + rho.count, isConstant: constant)
        return record(HmmMarginalOp(logOmega: logOmega.slot, gamma: gamma.slot, rho: rho.slot, output: out, states: states))[0..<1]
    }
}
