// Rewrites likelihoods whose location is a sum of scalar × vector (or gathered vector) terms into one node each.

/// Finds each ``LocationLikelihood`` whose location vector the graph built as a left-to-right chain of sums and
/// differences of terms — a factor or a product of two, each factor a broadcast scalar, a vector or a gathered
/// vector `v[index]` — as in `y ~ normal(mu_a + sigma_a * alpha_raw[group] + beta * x, sigma_y)`, and replaces it
/// with an ``AffineLocationOp`` that computes the location, the likelihood and all their adjoints chunk by chunk
/// in scratch. The replaced gathers, products and sums are marked output-only, so gradients and log densities
/// skip them unless something else they run reads them; sweeps over every operation (reported outputs) still run
/// them. A factor may also be `exp(s * x)` with s a scalar parameter and x a data vector (the decay model's
/// `N_initial .* exp(-alpha * dt)`), computed chunk by chunk in the node. Intermediate vectors read by anything else, right-nested sums and other operations stay as they are and
/// enter the chain as plain vectors; a chain whose leaves are written again before the likelihood runs is left alone.
/// An ``AffineInputConsumer``'s input is matched the same way and handed to it as terms (no scratch).
struct AffineLocationFusion {
    /// The operations, fused likelihoods in place of the originals (same indices).
    let operations: [any GraphOperation]
    /// Output-only marks, the absorbed operations' set.
    let outputOnly: [Bool]
    /// Scratch elements the fused nodes need past the graph's arena (shared: they never run at the same time).
    let scratchCount: Int
    /// Number of likelihoods fused.
    let fusedCount: Int
    /// Number of ``AffineInputConsumer``s computing their input themselves.
    let fusedInputCount: Int

    /// Fuses the chains of `operations` (marked `outputOnly`) whose location has at least `minimumCount` elements;
    /// scratch starts at `arenaSize`.
    init(operations: [any GraphOperation], outputOnly: [Bool], arenaSize: Int, minimumCount: Int) {
        var ops = operations, marks = outputOnly
        let needed = Graph.neededForDensity(operations, outputOnly: outputOnly, arenaSize: arenaSize)
        // Which needed operation writes each slot (exact match), and how many times needed operations read it.
        var producer: [Slot: Int] = [:], reads: [Slot: Int] = [:], rewritten: Set<Slot> = []
        for (k, op) in operations.enumerated() where needed[k] {
            if producer[op.output] != nil { rewritten.insert(op.output) }
            producer[op.output] = k
            for input in op.inputs { reads[input, default: 0] += 1 }
        }
        for slot in rewritten { producer[slot] = nil }
        var scratch = 0, fused = 0, inputs = 0
        for (k, op) in operations.enumerated() where needed[k] {
            if let consumer = op as? any AffineInputConsumer {
                let n = consumer.affineInput.count
                guard n >= max(minimumCount, 1), !consumer.affineInput.isConstant else { continue }
                var chain = Chain(producer: producer, reads: reads, operations: operations, count: n)
                let terms = chain.terms(of: consumer.affineInput)
                guard !chain.absorbed.isEmpty, chain.leavesUnchanged(before: k),
                      let replacement = consumer.computingAffineInput(terms) else { continue }
                ops[k] = replacement
                for a in chain.absorbed { marks[a] = true }
                inputs += 1
                continue
            }
            guard let likelihood = op as? any LocationLikelihood else { continue }
            let n = likelihood.location.count
            guard n >= max(minimumCount, 1), n == op.elementCount, !likelihood.location.isConstant else { continue }
            var chain = Chain(producer: producer, reads: reads, operations: operations, count: n)
            let terms = chain.terms(of: likelihood.location)
            guard !chain.absorbed.isEmpty, chain.leavesUnchanged(before: k) else { continue }
            let need = AffineLocationOp.scratchCount(terms, count: n)
            ops[k] = AffineLocationOp(likelihood: likelihood, terms: terms,
                                      scratch: Slot(offset: arenaSize, count: need, isConstant: false))
            for a in chain.absorbed { marks[a] = true }
            scratch = max(scratch, need)
            fused += 1
        }
        self.operations = ops
        self.outputOnly = marks
        scratchCount = scratch
        fusedCount = fused
        fusedInputCount = inputs
    }

    /// The walk down one location's chain of sums, recording the operations it absorbs.
    private struct Chain {
        let producer: [Slot: Int], reads: [Slot: Int]
        let operations: [any GraphOperation]
        let count: Int
        private(set) var absorbed: [Int] = []
        private var leaves: [Slot] = []

        init(producer: [Slot: Int], reads: [Slot: Int], operations: [any GraphOperation], count: Int) {
            self.producer = producer; self.reads = reads; self.operations = operations; self.count = count
        }

        /// The operation writing `slot` when it may be absorbed: a vector of the chain's length read once, by
        /// the chain.
        private func absorbable(_ slot: Slot) -> (any GraphOperation)? {
            guard slot.count == count, !slot.isConstant, reads[slot] == 1, let k = producer[slot] else { return nil }
            return operations[k]
        }

        private mutating func absorb(_ slot: Slot) { absorbed.append(producer[slot]!) }

        /// The terms whose left-to-right sum is `slot`.
        mutating func terms(of slot: Slot) -> [AffineTerm] {
            if let op = absorbable(slot) as? BinaryOp, op.function == .add || op.function == .subtract {
                absorb(slot)
                var left = terms(of: op.a)
                left.append(term(op.b, subtract: op.function == .subtract))
                return left
            }
            return [term(slot, subtract: false)]
        }

        private mutating func term(_ slot: Slot, subtract: Bool) -> AffineTerm {
            if let op = absorbable(slot) as? BinaryOp, op.function == .multiply {
                absorb(slot)
                return AffineTerm(subtract: subtract, factors: [factor(op.a), factor(op.b)])
            }
            return AffineTerm(subtract: subtract, factors: [factor(slot)])
        }

        private mutating func factor(_ slot: Slot) -> AffineFactor {
            if let exp = absorbable(slot) as? UnaryOp, exp.function == .exp,
               let product = absorbable(exp.input) as? BinaryOp, product.function == .multiply {
                // exp(s * x), s a broadcast scalar parameter, x a data vector: one factor computed in the node.
                for (s, x) in [(product.a, product.b), (product.b, product.a)]
                where s.count == 1 && !s.isConstant && x.count == count && x.isConstant {
                    absorb(slot)
                    absorb(exp.input)
                    leaves.append(s)
                    leaves.append(x)
                    return AffineFactor(exponentOf: x, scale: s)
                }
            }
            if let op = absorbable(slot) as? GatherOp {
                absorb(slot)
                leaves.append(op.input)
                return AffineFactor(slot: op.input, index: op.index)
            }
            leaves.append(slot)
            return AffineFactor(slot: slot, index: nil)
        }

        /// Whether no operation from the first absorbed one up to `k` writes a leaf (the fused node reads them later).
        func leavesUnchanged(before k: Int) -> Bool {
            guard let first = absorbed.min() else { return true }
            func overlaps(_ a: Slot, _ b: Slot) -> Bool { a.offset < b.offset + b.count && b.offset < a.offset + a.count }
            return !operations[first..<k].contains { op in leaves.contains { overlaps($0, op.output) } }
        }
    }
}
