// Contiguous chains-by-iterations storage for one scalar quantity, with chain splitting.

/// Draws of one scalar quantity stored contiguously, chain after chain.
///
/// Element `(c, i)` is `values[c * iterations + i]`. Built (and validated) from the public
/// `draws[chain][iteration]` layout.
struct ChainMatrix {
    /// All draws, chain-major.
    var values: [Double]
    /// Number of chains.
    let chains: Int
    /// Draws per chain.
    let iterations: Int

    init(values: [Double], chains: Int, iterations: Int) {
        self.values = values
        self.chains = chains
        self.iterations = iterations
    }

    /// Validates `draws[chain][iteration]` (non-empty, equal chain lengths) and flattens it.
    init(_ draws: [[Double]], variable: String) throws {
        guard let first = draws.first else { throw DiagnosticsError.noChains(variable: variable) }
        let n = first.count
        for (c, chain) in draws.enumerated() {
            if chain.isEmpty { throw DiagnosticsError.emptyChain(variable: variable, chain: c) }
            if chain.count != n {
                throw DiagnosticsError.unequalChainLengths(variable: variable, chain: c, expected: n,
                                                          found: chain.count)
            }
        }
        var flat = [Double]()
        flat.reserveCapacity(n * draws.count)
        for chain in draws { flat.append(contentsOf: chain) }
        self.init(values: flat, chains: draws.count, iterations: n)
    }

    /// True when every draw is finite.
    var allFinite: Bool { values.allSatisfy { $0.isFinite } }

    /// True when the range of the draws is below machine epsilon (posterior's `is_constant`).
    var isConstant: Bool {
        values.withUnsafeBufferPointer { v in
            guard var lo = v.first else { return true }
            var hi = lo
            for x in v { lo = x < lo ? x : lo; hi = x > hi ? x : hi }   // selects, not branches
            return abs(hi - lo) < Double.ulpOfOne
        }
    }

    /// The draws with every value replaced by `transform(value)`, same shape.
    func mapped(_ transform: (Double) -> Double) -> ChainMatrix {
        ChainMatrix(values: values.map(transform), chains: chains, iterations: iterations)
    }

    /// Each chain cut into a first and a second half (twice the chains, half the iterations).
    ///
    /// Matches posterior's `.split_chains`: with an odd length the middle draw is dropped; a chain
    /// of length one is returned unchanged.
    func split() -> ChainMatrix {
        if iterations == 1 { return self }
        let half = iterations / 2
        let secondStart = iterations - half
        var out = [Double]()
        out.reserveCapacity(2 * chains * half)
        for c in 0..<chains {
            let base = c * iterations
            out.append(contentsOf: values[base..<(base + half)])
        }
        for c in 0..<chains {
            let base = c * iterations
            out.append(contentsOf: values[(base + secondStart)..<(base + iterations)])
        }
        // posterior's cbind places all first halves, then all second halves.
        return ChainMatrix(values: out, chains: 2 * chains, iterations: half)
    }

    /// Mean of chain `c`.
    func chainMean(_ c: Int) -> Double {
        let base = c * iterations
        var s = 0.0
        for i in 0..<iterations { s += values[base + i] }
        return s / Double(iterations)
    }

    /// Sample variance (denominator n - 1) of chain `c` about `mean`.
    func chainVariance(_ c: Int, mean: Double) -> Double {
        let base = c * iterations
        var s = 0.0
        for i in 0..<iterations {
            let d = values[base + i] - mean
            s += d * d
        }
        return s / Double(iterations - 1)
    }
}
