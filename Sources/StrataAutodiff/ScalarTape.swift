// Runs of small arithmetic nodes (scalar recursions, HMM steps) replayed by a switch over compact instructions.
import StrataCore
import StrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// Consecutive plan steps that each run one small ``BinaryOp`` or ``UnaryOp`` (at most ``maximumCount``
/// elements), compiled to plain instructions: the evaluator runs a whole run with one `switch` per node, without
/// a protocol call, a layout lookup or a `memset` per node. Scalar code (a time-series recursion, an HMM
/// forward pass) lowers to long runs of such nodes.
///
/// Every instruction computes exactly what its operation's `forward`/`backward` computes for the same
/// element count, in the same order (sums over a broadcast argument start from 0 and add element by element,
/// as the operations' SIMD kernels do below their vector width), so values and gradients are bit-identical.
struct ScalarTape {
    /// What an instruction computes.
    enum Code: UInt8 {
        case add, subtract, multiply, divide, power
        case negate, square, exp, log, log1p, unary
    }

    /// One node: `out[i] = f(a[i * sa], b[i * sb])` for i < count (b unused by unary codes).
    struct Instruction {
        var code: Code
        var function: UnaryFunction
        var aConstant: Bool, bConstant: Bool
        var count: Int32, sa: Int32, sb: Int32
        var a: Int32, b: Int32, out: Int32
        /// The graph operation it came from (for ``ReplayProbe``).
        var operation: Int32
    }

    /// Largest element count compiled (below ``ElementwiseKernels/width``, where the operations' kernels
    /// switch to SIMD lanes and sum in another order).
    static let maximumCount = ElementwiseKernels.width - 1

    /// The instructions, in forward order.
    let instructions: [Instruction]

    /// The instruction for operation `index`, or nil when it is not a small binary or unary node.
    static func instruction(_ op: any GraphOperation, index: Int) -> Instruction? {
        let n = op.output.count
        guard n >= 1 && n <= maximumCount, op.output.offset + n <= Int(Int32.max) else { return nil }
        func fits(_ s: Slot) -> Bool { (s.count == 1 || s.count == n) && s.offset + s.count <= Int(Int32.max) }
        if let op = op as? BinaryOp {
            guard fits(op.a), fits(op.b) else { return nil }
            let code: Code
            switch op.function {
            case .add: code = .add
            case .subtract: code = .subtract
            case .multiply: code = .multiply
            case .divide: code = .divide
            case .power: code = .power
            }
            return Instruction(code: code, function: .negate, aConstant: op.a.isConstant, bConstant: op.b.isConstant,
                               count: Int32(n), sa: Int32(op.a.stride), sb: Int32(op.b.stride),
                               a: Int32(op.a.offset), b: Int32(op.b.offset), out: Int32(op.output.offset),
                               operation: Int32(index))
        }
        if let op = op as? UnaryOp {
            guard op.input.count == n, fits(op.input) else { return nil }
            let code: Code
            switch op.function {
            case .negate: code = .negate
            case .square: code = .square
            case .exp: code = .exp
            case .log: code = .log
            case .log1p: code = .log1p
            default: code = .unary
            }
            return Instruction(code: code, function: op.function, aConstant: op.input.isConstant, bConstant: true,
                               count: Int32(n), sa: 1, sb: 0, a: Int32(op.input.offset), b: 0,
                               out: Int32(op.output.offset), operation: Int32(index))
        }
        return nil
    }

    /// Forward sweep: values of every instruction's output, in order; each output's adjoints are zeroed.
    /// - Throws: ``LogDensityError/domain(variable:message:)`` as ``UnaryOp`` does.
    func forward<Probe: ReplayProbe>(_ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>,
                                     probe: inout Probe) throws {
        try instructions.withUnsafeBufferPointer { tape in
            for ins in tape {
                probe.willRun(Int(ins.operation))
                let n = Int(ins.count), sa = Int(ins.sa), sb = Int(ins.sb)
                let x = values + Int(ins.a), z = values + Int(ins.b), y = values + Int(ins.out)
                switch ins.code {
                case .add: for i in 0..<n { y[i] = x[i * sa] + z[i * sb] }
                case .subtract: for i in 0..<n { y[i] = x[i * sa] - z[i * sb] }
                case .multiply: for i in 0..<n { y[i] = x[i * sa] * z[i * sb] }
                case .divide: for i in 0..<n { y[i] = x[i * sa] / z[i * sb] }
                case .power: for i in 0..<n { y[i] = Glibc.pow(x[i * sa], z[i * sb]) }
                case .negate: for i in 0..<n { y[i] = -x[i] }
                case .square: for i in 0..<n { y[i] = x[i] * x[i] }
                case .exp: VectorExp.apply(x, y, range: 0..<n)
                case .log, .log1p:
                    try Self.checkDomain(ins.function, x, n)
                    if ins.code == .log { VectorLog.applyLog(x, y, range: 0..<n) } else { VectorLog.applyLog1p(x, y, range: 0..<n) }
                case .unary:
                    try Self.checkDomain(ins.function, x, n)
                    for i in 0..<n { y[i] = ins.function.value(x[i]) }
                }
                let g = adjoints + Int(ins.out)
                for i in 0..<n { g[i] = 0 }
            }
        }
    }

    /// Reverse sweep: adds every instruction's contribution to its non-constant inputs' adjoints, last first.
    func backward<Probe: ReplayProbe>(_ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>,
                                      probe: inout Probe) {
        instructions.withUnsafeBufferPointer { tape in
            for ins in tape.reversed() {
                probe.willRun(Int(ins.operation))
                let n = Int(ins.count), sa = Int(ins.sa), sb = Int(ins.sb)
                let va = values + Int(ins.a), vb = values + Int(ins.b), y = values + Int(ins.out)
                let gy = adjoints + Int(ins.out)
                switch ins.code {
                case .add, .subtract, .multiply, .divide, .power:
                    if !ins.aConstant { Self.binaryA(ins.code, adjoints + Int(ins.a), va, vb, gy, n, sa, sb) }
                    if !ins.bConstant { Self.binaryB(ins.code, adjoints + Int(ins.b), va, vb, y, gy, n, sa, sb) }
                default:
                    if ins.aConstant { continue }
                    let gx = adjoints + Int(ins.a)
                    switch ins.code {
                    case .exp: for i in 0..<n { gx[i] += gy[i] * y[i] }
                    case .negate: for i in 0..<n { gx[i] -= gy[i] }
                    case .square: for i in 0..<n { gx[i] += 2 * va[i] * gy[i] }
                    default: for i in 0..<n { gx[i] += gy[i] * ins.function.derivative(va[i], y[i]) }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func checkDomain(_ f: UnaryFunction, _ x: UnsafeMutablePointer<Double>, _ n: Int) throws {
        for i in 0..<n where !f.inDomain(x[i]) {
            throw LogDensityError.domain(variable: f.rawValue, message: "argument \(x[i]) is outside the domain")
        }
    }

    /// Σ p[i] for i < n, from 0 (as ``ElementwiseKernels/sum(_:range:)`` below its vector width).
    @inline(__always)
    private static func sum(_ p: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += p[i] }
        return s
    }

    /// Σ p[i] q[i] for i < n, from 0 (as ``ElementwiseKernels/dot(_:_:range:)`` below its vector width).
    @inline(__always)
    private static func dot(_ p: UnsafeMutablePointer<Double>, _ q: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += p[i] * q[i] }
        return s
    }

    /// Adds term(i) to g[i], or their sum (from 0) to g[0] for a broadcast argument (``BinaryOp/accumulate``).
    @inline(__always)
    private static func accumulate(_ g: UnsafeMutablePointer<Double>, _ stride: Int, _ n: Int, _ term: (Int) -> Double) {
        if stride == 0 {
            var s = 0.0
            for i in 0..<n { s += term(i) }
            g[0] += s
        } else {
            for i in 0..<n { g[i] += term(i) }
        }
    }

    /// The first argument's adjoint, as ``BinaryOp/backward(_:range:)``.
    @inline(__always)
    private static func binaryA(_ code: Code, _ ga: UnsafeMutablePointer<Double>, _ va: UnsafeMutablePointer<Double>,
                                _ vb: UnsafeMutablePointer<Double>, _ gy: UnsafeMutablePointer<Double>,
                                _ n: Int, _ sa: Int, _ sb: Int) {
        switch code {
        case .add, .subtract:
            if sa == 0 { ga[0] += sum(gy, n) } else { accumulate(ga, sa, n) { gy[$0] } }
        case .multiply:
            if sa == 0 { ga[0] += sb == 0 ? vb[0] * sum(gy, n) : dot(gy, vb, n) } else { accumulate(ga, sa, n) { gy[$0] * vb[$0 * sb] } }
        case .divide: accumulate(ga, sa, n) { gy[$0] / vb[$0 * sb] }
        default:
            accumulate(ga, sa, n) { i in
                let bi = vb[i * sb]
                return bi == 0 ? 0 : gy[i] * bi * Glibc.pow(va[i * sa], bi - 1)
            }
        }
    }

    /// The second argument's adjoint, as ``BinaryOp/backward(_:range:)``.
    @inline(__always)
    private static func binaryB(_ code: Code, _ gb: UnsafeMutablePointer<Double>, _ va: UnsafeMutablePointer<Double>,
                                _ vb: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                                _ gy: UnsafeMutablePointer<Double>, _ n: Int, _ sa: Int, _ sb: Int) {
        switch code {
        case .add: if sb == 0 { gb[0] += sum(gy, n) } else { accumulate(gb, sb, n) { gy[$0] } }
        case .subtract: if sb == 0 { gb[0] -= sum(gy, n) } else { accumulate(gb, sb, n) { -gy[$0] } }
        case .multiply:
            if sb == 0 { gb[0] += sa == 0 ? va[0] * sum(gy, n) : dot(gy, va, n) } else { accumulate(gb, sb, n) { gy[$0] * va[$0 * sa] } }
        case .divide: accumulate(gb, sb, n) { -gy[$0] * y[$0] / vb[$0 * sb] }
        default:
            accumulate(gb, sb, n) { i in
                let ai = va[i * sa]
                return ai == 0 ? 0 : gy[i] * y[i] * Glibc.log(ai)
            }
        }
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

    /// Finds the runs of `plan` (single steps whose operations compile to instructions); none when `operations`
    /// is empty.
    init(plan: ExecutionPlan, operations: [any GraphOperation]) {
        var tapes: [(tape: ScalarTape, steps: Int)] = []
        var startingAt = [Int32](repeating: -1, count: plan.steps.count)
        var endingAt = startingAt
        var run: [ScalarTape.Instruction] = []
        var runStart = 0
        func close(before end: Int) {
            if !run.isEmpty {
                startingAt[runStart] = Int32(tapes.count)
                endingAt[end - 1] = Int32(tapes.count)
                tapes.append((ScalarTape(instructions: run), end - runStart))
            }
            run = []
        }
        for (s, step) in plan.steps.enumerated() {
            if case let .single(k) = step, !operations.isEmpty, let ins = ScalarTape.instruction(operations[k], index: k) {
                if run.isEmpty { runStart = s }
                run.append(ins)
            } else {
                close(before: s)
            }
        }
        close(before: plan.steps.count)
        self.tapes = tapes
        self.startingAt = startingAt
        self.endingAt = endingAt
    }
}
