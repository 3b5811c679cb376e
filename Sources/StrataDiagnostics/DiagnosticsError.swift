// Errors thrown when draws handed to the diagnostics have the wrong shape.

/// A structural problem with the draws passed to a diagnostic.
///
/// Numerical problems (non-finite or constant draws) are not errors: following the R `posterior`
/// package, the affected diagnostic is `Double.nan` instead.
public enum DiagnosticsError: Error, Equatable, CustomStringConvertible {
    /// The variable has no chains at all.
    case noChains(variable: String)
    /// A chain of the variable holds no draws.
    case emptyChain(variable: String, chain: Int)
    /// Chains of the variable have different lengths (chain 0 has `expected`).
    case unequalChainLengths(variable: String, chain: Int, expected: Int, found: Int)
    /// A probability argument lies outside [0, 1].
    case invalidProbability(Double)
    /// The names list and the draws list of a multi-variable call differ in length.
    case nameCountMismatch(names: Int, variables: Int)
    /// A sampler-health input has the wrong length or an invalid value.
    case invalidSamplerInput(String)

    /// A readable explanation naming the offending variable.
    public var description: String {
        switch self {
        case .noChains(let v):
            return "variable '\(v)': no chains were given"
        case .emptyChain(let v, let c):
            return "variable '\(v)': chain \(c) has no draws"
        case .unequalChainLengths(let v, let c, let e, let f):
            return "variable '\(v)': chain \(c) has \(f) draws but chain 0 has \(e); all chains must be equally long"
        case .invalidProbability(let p):
            return "probability \(p) is outside [0, 1]"
        case .nameCountMismatch(let n, let k):
            return "\(n) variable names were given for \(k) variables"
        case .invalidSamplerInput(let message):
            return message
        }
    }
}
