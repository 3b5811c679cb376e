// Lowers hmm_marginal (on the graph), hmm_hidden_state_prob and hmm_latent_rng (on plain numbers).
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    static let hmmFunctions: Set<String> = ["hmm_marginal", "hmm_hidden_state_prob", "hmm_latent_rng"]

    /// `hmm_marginal(log_omega, Gamma, rho)` (real), `hmm_hidden_state_prob(...)` (matrix[K, N]) and
    /// `hmm_latent_rng(...)` (array[N] int). The last two need plain numbers: in generated quantities they run per
    /// draw; the random one draws from the generated quantities' stream like every `_rng`.
    func hmmCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count == 3 else { throw LoweringError.invalid("\(name) takes log_omega, Gamma and rho", range) }
        let args = try argExprs.map(lower)
        let (logOmega, gamma, rho) = (args[0], args[1], args[2])
        guard logOmega.dims.count == 2, gamma.dims.count == 2, gamma.dims[0] == gamma.dims[1], rho.dims == [gamma.dims[0]],
              logOmega.dims[0] == rho.count else {
            throw LoweringError.invalid("\(name): log_omega must be K×N, Gamma K×K and rho of size K (found \(logOmega.dims), "
                                        + "\(gamma.dims), \(rho.dims))", range)
        }
        let k = rho.count, n = logOmega.dims[1]
        if name == "hmm_marginal" {
            return Value(expr: graph.hmmMarginal(logOmega: logOmega.expr, gamma: gamma.expr, rho: rho.expr, states: k), type: .real, dims: [])
        }
        guard let lo = logOmega.constantValues, let g = gamma.constantValues, let r = rho.constantValues else {
            throw LoweringError.needsPlainNumbers("\(name) of parameter-dependent values", range)
        }
        let model: HiddenMarkovModel
        do { model = try HiddenMarkovModel(logOmega: lo, gamma: g, rho: r, states: k, name: name) } catch {
            throw LoweringError.invalid("\(error)", range)
        }
        if name == "hmm_hidden_state_prob" { return constantValue(model.hiddenStateProbabilities(), type: .matrix, dims: [k, n]) }
        guard var rng = randomStream else {
            if block == .generatedQuantities { throw LoweringError.needsPlainNumbers("random number generator '\(name)'", range) }
            throw LoweringError.invalid("\(name) is only allowed in transformed data and generated quantities", range)
        }
        defer { randomStream = rng }
        return constantValue(model.samplePath(&rng), type: .array(.int), dims: [n])
    }
}
