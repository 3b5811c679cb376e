// Which graph nodes a scalar tape replays, as what instructions, and where the runs of such nodes are in a plan.

/// Compiles single graph nodes into ``ScalarTape`` instructions.
enum ScalarTapeCompiler {
    /// Largest concatenation, gather or log-sum-exp compiled (elements of its output or input).
    static let maximumGatherCount = 64

    /// The instructions replacing operation `index`, or nil when the tape does not replay it.
    static func instructions(_ op: any GraphOperation, index: Int) -> [ScalarTape.Instruction]? {
        let n = op.output.count
        guard n >= 1, op.output.offset + n <= Int(Int32.max) else { return nil }
        func fits(_ s: Slot) -> Bool { s.offset + s.count <= Int(Int32.max) }
        let k = Int32(index), out = Int32(op.output.offset)
        if let op = op as? BinaryOp {
            guard n <= ScalarTape.maximumCount else { return nil }
            guard op.a.count == 1 || op.a.count == n, op.b.count == 1 || op.b.count == n, fits(op.a), fits(op.b) else { return nil }
            let code: ScalarTape.Code
            switch op.function {
            case .add: code = .add
            case .subtract: code = .subtract
            case .multiply: code = .multiply
            case .divide: code = .divide
            case .power: code = .power
            }
            return [.init(code: .specialised(code, count: n), aConstant: op.a.isConstant, bConstant: op.b.isConstant, count: Int32(n),
                          sa: Int32(op.a.stride), sb: Int32(op.b.stride), a: Int32(op.a.offset), b: Int32(op.b.offset),
                          out: out, operation: k)]
        }
        if let op = op as? UnaryOp {
            guard n <= ScalarTape.maximumCount, op.input.count == n, fits(op.input) else { return nil }
            let code: ScalarTape.Code
            switch op.function {
            case .negate: code = .negate
            case .square: code = .square
            case .exp: code = .exp
            case .log: code = .log
            case .log1p: code = .log1p
            case .sqrt: code = .sqrt
            default: code = .unary
            }
            return [.init(code: .specialised(code, count: n), function: op.function, aConstant: op.input.isConstant, count: Int32(n),
                          a: Int32(op.input.offset), out: out, operation: k)]
        }
        if let op = op as? any ScalarNormalDensityNode {
            guard let s = op.scalarNormalArguments, n == 1, fits(s.y), fits(s.mu), fits(s.sigma) else { return nil }
            return [.init(code: .normal, aConstant: s.y.isConstant, bConstant: s.mu.isConstant, cConstant: s.sigma.isConstant,
                          propto: s.propto, count: 1, a: Int32(s.y.offset), b: Int32(s.mu.offset), c: Int32(s.sigma.offset),
                          out: out, operation: k)]
        }
        if let op = op as? AddScalarsOp {
            guard n == 1, !op.terms.isEmpty, op.terms.allSatisfy({ $0.count == 1 && fits($0) }) else { return nil }
            // Three terms per instruction, in order: the first starts the sum from 0, the others add to it.
            return stride(from: 0, to: op.terms.count, by: 3).map { start in
                let t = Array(op.terms[start..<min(start + 3, op.terms.count)])
                func term(_ j: Int) -> Slot { j < t.count ? t[j] : t[0] }
                return .init(code: start == 0 ? .sumStart : .sumMore, aConstant: term(0).isConstant,
                             bConstant: term(1).isConstant, cConstant: term(2).isConstant, count: Int32(t.count),
                             a: Int32(term(0).offset), b: Int32(term(1).offset), c: Int32(term(2).offset), out: out,
                             operation: k)
            }
        }
        if let op = op as? LogSumExpOp {
            let m = op.input.count
            guard n == 1, m >= 1, m <= maximumGatherCount, fits(op.input) else { return nil }
            return [.init(code: .logSumExp, aConstant: op.input.isConstant, count: Int32(m), a: Int32(op.input.offset),
                          out: out, operation: k)]
        }
        if let op = op as? GatherOp {
            guard n <= maximumGatherCount, fits(op.input) else { return nil }
            // One copy per element, the last first: the reverse sweep then adds the adjoints in the node's order
            // (which matters when an index repeats).
            return (0..<n).reversed().map { i in
                .init(code: .copy, aConstant: op.input.isConstant, count: 1, a: Int32(op.input.offset) + op.index[i],
                      out: out + Int32(i), operation: k)
            }
        }
        if let op = op as? ConcatOp {
            guard n <= maximumGatherCount, op.parts.allSatisfy(fits) else { return nil }
            // One copy per part, the last part first: the reverse sweep then adds the parts' adjoints in the
            // node's order (which matters when a slot appears twice).
            var position = n
            return op.parts.reversed().compactMap { p in
                position -= p.count
                if p.count == 0 { return nil }
                return .init(code: .copy, aConstant: p.isConstant, count: Int32(p.count), a: Int32(p.offset),
                             out: out + Int32(position), operation: k)
            }
        }
        return nil
    }
}

/// The scalar tapes of one ``ExecutionPlan``: which steps start and end a run of tape-compatible single steps.
struct ScalarRuns {
    /// The tapes, each with the plan steps it replaces.
    let tapes: [(tape: ScalarTape, steps: Int)]
    /// For each plan step, the tape that starts there, or -1.
    let startingAt: [Int32]
    /// For each plan step, the tape that ends there, or -1.
    let endingAt: [Int32]
    /// Instructions that copy an earlier instruction's result instead of repeating it.
    let sharedCount: Int
    /// Adjacent instruction pairs run as one fused instruction (``ScalarTape/fusingPairs(_:)``).
    let fusedCount: Int

    /// Finds the runs of `plan` (single steps whose operations compile to instructions); none when `operations`
    /// is empty.
    /// With `sharing`, instructions that repeat an earlier one of their tape become copies of its output
    /// (``ScalarTape/sharingRepeats(_:)``).
    init(plan: ExecutionPlan, operations: [any GraphOperation], sharing: Bool = true) {
        var tapes: [(tape: ScalarTape, steps: Int)] = []
        var startingAt = [Int32](repeating: -1, count: plan.steps.count)
        var endingAt = startingAt
        var run: [ScalarTape.Instruction] = []
        var runStart = 0
        var shared = 0, fused = 0
        func close(before end: Int) {
            if !run.isEmpty {
                startingAt[runStart] = Int32(tapes.count)
                endingAt[end - 1] = Int32(tapes.count)
                let (instructions, repeats) = sharing ? ScalarTape.sharingRepeats(run) : (run, 0)
                let (final, pairs) = ScalarTape.fusingPairs(instructions)
                tapes.append((ScalarTape(instructions: final), end - runStart))
                shared += repeats
                fused += pairs
            }
            run = []
        }
        for (s, step) in plan.steps.enumerated() {
            if case let .single(k) = step, !operations.isEmpty,
               let ins = ScalarTapeCompiler.instructions(operations[k], index: k) {
                if run.isEmpty { runStart = s }
                run += ins
            } else {
                close(before: s)
            }
        }
        close(before: plan.steps.count)
        self.tapes = tapes
        self.startingAt = startingAt
        self.endingAt = endingAt
        sharedCount = shared
        fusedCount = fused
    }
}
