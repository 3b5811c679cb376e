// Runs of small nodes (scalar recursions, HMM steps) replayed by a switch over compact instructions.
import StrataCore
import StrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// Consecutive plan steps that each run one small node (``BinaryOp`` or ``UnaryOp`` of at most ``maximumCount``
/// elements, a scalar normal density (``ScalarNormalDensityNode``), a sum of scalars (``AddScalarsOp``, a target), a ``LogSumExpOp``, ``ConcatOp`` or ``GatherOp``
/// of a few elements), compiled to plain instructions (``ScalarTapeCompiler``): the evaluator runs a whole run with one
/// `switch` per instruction, without a protocol call, a layout lookup or a `memset` per node. Scalar code (a
/// time-series recursion, an HMM forward pass) lowers to long runs of such nodes.
///
/// Every instruction computes exactly what its operation's `forward`/`backward` computes for the same
/// element count, in the same order (sums over a broadcast argument start from 0 and add element by element,
/// as the operations' SIMD kernels do below their vector width; densities and log-sum-exp call the functions
/// their nodes call), so values and gradients are bit-identical.
struct ScalarTape {
    /// What an instruction computes.
    enum Code: UInt8 {
        case add, subtract, multiply, divide, power
        case negate, square, exp, log, log1p, unary
        /// `out[i] = √a[i]` (``UnaryFunction/sqrt`` without the call through the function's `switch`).
        case sqrt
        /// `out = log N(a | b, c)` of scalars (`propto`: constant terms dropped as ``ScalarNormalArguments``).
        case normal
        /// `out = log Σ exp(a[i])`, i < count.
        case logSumExp
        /// `out[i] = a[i]`, i < count (one part of a concatenation).
        case copy
        /// add, subtract, multiply, divide, negate, square, sqrt of one element (no loop, no strides).
        case add1, subtract1, multiply1, divide1, negate1, square1, sqrt1
        /// Two one-element instructions in one (``ScalarTape/fusingPairs(_:)``), the first's output `mid` still
        /// written: `mid = a − b; out = mid²` (`square(x - mu)`).
        case squaredDifference1
        /// `mid = a · b; out = c + mid` (either order of the sum's operands).
        case multiplyAdd1
        /// `mid = a²; out = b · mid` (either order of the product's operands).
        case squareMultiply1
        /// `mid = a + b; out = √mid` (`sqrt(x + y)`).
        case addSqrt1
        /// `out = 0 + a (+ b (+ c))`, the first `count` (1 to 3) of a, b, c: the first terms of a sum of scalars
        /// (``AddScalarsOp``).
        case sumStart
        /// `out = out + a (+ b (+ c))`: the sum's next terms (after a ``sumStart`` writing the same `out`).
        case sumMore

        /// The one-element form of `code` for an instruction over `count` elements, if it has one.
        static func specialised(_ code: Code, count: Int) -> Code {
            guard count == 1 else { return code }
            switch code {
            case .add: return .add1
            case .subtract: return .subtract1
            case .multiply: return .multiply1
            case .divide: return .divide1
            case .negate: return .negate1
            case .square: return .square1
            case .sqrt: return .sqrt1
            default: return code
            }
        }
    }

    /// One node: `out[i] = f(a[i * sa], b[i * sb])` for i < count (b unused by unary codes; c only by `normal`
    /// and `multiplyAdd1`; `mid` only by the fused codes, the output of their first half).
    struct Instruction {
        var code: Code
        var function: UnaryFunction = .negate
        var aConstant: Bool, bConstant: Bool = true, cConstant: Bool = true
        var propto = false
        var count: Int32, sa: Int32 = 1, sb: Int32 = 0
        var a: Int32, b: Int32 = 0, c: Int32 = 0, out: Int32
        var mid: Int32 = 0
        /// The graph operation it came from (for ``ReplayProbe``; a fused pair's second operation).
        var operation: Int32
    }

    /// Largest element count compiled (below ``ElementwiseKernels/width``, where the operations' kernels
    /// switch to SIMD lanes and sum in another order).
    static let maximumCount = ElementwiseKernels.width - 1

    /// The instructions, in forward order.
    let instructions: [Instruction]

    /// Forward sweep: values of every instruction's output, in order; each output's adjoints are zeroed.
    /// - Throws: ``LogDensityError/domain(variable:message:)`` as ``UnaryOp`` does.
    func forward<Probe: ReplayProbe>(_ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>,
                                     probe: inout Probe) throws {
        try instructions.withUnsafeBufferPointer { tape in try Self.forward(tape, values, adjoints, probe: &probe) }
    }

    /// Copies of every tape's instructions in `runs`, allocated for the caller to free with ``deallocate(_:count:)``
    /// (the evaluator's replay loop reads them without retaining the runs' arrays).
    static func instructionTable(_ runs: ScalarRuns) -> UnsafeMutablePointer<UnsafeBufferPointer<Instruction>> {
        let table = UnsafeMutablePointer<UnsafeBufferPointer<Instruction>>.allocate(capacity: max(runs.tapes.count, 1))
        for (t, run) in runs.tapes.enumerated() {
            let code = UnsafeMutablePointer<Instruction>.allocate(capacity: max(run.tape.instructions.count, 1))
            code.initialize(from: run.tape.instructions, count: run.tape.instructions.count)
            (table + t).initialize(to: UnsafeBufferPointer(start: code, count: run.tape.instructions.count))
        }
        return table
    }

    /// Frees a table made by ``instructionTable(_:)`` of `count` tapes.
    static func deallocate(_ table: UnsafeMutablePointer<UnsafeBufferPointer<Instruction>>, count: Int) {
        for t in 0..<count { UnsafeMutablePointer(mutating: table[t].baseAddress!).deallocate() }
        table.deallocate()
    }

    /// ``forward(_:_:probe:)`` of the instructions `tape`.
    static func forward<Probe: ReplayProbe>(_ tape: UnsafeBufferPointer<Instruction>, _ values: UnsafeMutablePointer<Double>,
                                            _ adjoints: UnsafeMutablePointer<Double>, probe: inout Probe) throws {
        do {
            for ins in tape {
                probe.willRun(Int(ins.operation))
                let n = Int(ins.count), sa = Int(ins.sa), sb = Int(ins.sb)
                let x = values + Int(ins.a), z = values + Int(ins.b), y = values + Int(ins.out)
                switch ins.code {
                case .add1: y[0] = x[0] + z[0]; adjoints[Int(ins.out)] = 0; continue
                case .subtract1: y[0] = x[0] - z[0]; adjoints[Int(ins.out)] = 0; continue
                case .multiply1: y[0] = x[0] * z[0]; adjoints[Int(ins.out)] = 0; continue
                case .divide1: y[0] = x[0] / z[0]; adjoints[Int(ins.out)] = 0; continue
                case .negate1: y[0] = -x[0]; adjoints[Int(ins.out)] = 0; continue
                case .square1: y[0] = x[0] * x[0]; adjoints[Int(ins.out)] = 0; continue
                case .sqrt1:
                    let v = x[0]
                    if !(v >= 0) {
                        throw LogDensityError.domain(variable: UnaryFunction.sqrt.rawValue, message: "argument \(v) is outside the domain")
                    }
                    y[0] = v.squareRoot(); adjoints[Int(ins.out)] = 0; continue
                // A fused pair writes its first half's output and zeroes its adjoint, as the two instructions do.
                case .squaredDifference1:
                    let d = x[0] - z[0]
                    values[Int(ins.mid)] = d; adjoints[Int(ins.mid)] = 0
                    y[0] = d * d; adjoints[Int(ins.out)] = 0; continue
                case .multiplyAdd1:
                    let m = x[0] * z[0]
                    values[Int(ins.mid)] = m; adjoints[Int(ins.mid)] = 0
                    y[0] = values[Int(ins.c)] + m; adjoints[Int(ins.out)] = 0; continue
                case .squareMultiply1:
                    let q = x[0] * x[0]
                    values[Int(ins.mid)] = q; adjoints[Int(ins.mid)] = 0
                    y[0] = z[0] * q; adjoints[Int(ins.out)] = 0; continue
                case .addSqrt1:
                    let v = x[0] + z[0]
                    values[Int(ins.mid)] = v; adjoints[Int(ins.mid)] = 0
                    if !(v >= 0) {
                        throw LogDensityError.domain(variable: UnaryFunction.sqrt.rawValue, message: "argument \(v) is outside the domain")
                    }
                    y[0] = v.squareRoot(); adjoints[Int(ins.out)] = 0; continue
                case .sumStart, .sumMore:
                    // The terms in order from 0, as ``AddScalarsOp/forward(_:range:)`` adds them.
                    var t = ins.code == .sumStart ? 0.0 : y[0]
                    t += x[0]
                    if n > 1 { t += z[0] }
                    if n > 2 { t += values[Int(ins.c)] }
                    y[0] = t; adjoints[Int(ins.out)] = 0; continue
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
                case .sqrt:
                    for i in 0..<n where !(x[i] >= 0) {
                        throw LogDensityError.domain(variable: UnaryFunction.sqrt.rawValue,
                                                     message: "argument \(x[i]) is outside the domain")
                    }
                    for i in 0..<n { y[i] = x[i].squareRoot() }
                case .normal:
                    let sigma = values[Int(ins.c)]
                    y[0] = try 0.0 + ScalarNormal.logDensity(y: x[0], mu: z[0], sigma: sigma, checkScale: !ins.cConstant,
                                                             keepLogSigma: !ins.propto || !ins.cConstant,
                                                             keepConstant: !ins.propto)
                    adjoints[Int(ins.out)] = 0
                    continue
                case .logSumExp:
                    y[0] = LogSumExpOp.value(x, count: n)
                    adjoints[Int(ins.out)] = 0
                    continue
                case .copy:
                    // Short copies without the call to memmove (or memset below) that a loop would become.
                    switch n {
                    case 1: y[0] = x[0]
                    case 2: y[0] = x[0]; y[1] = x[1]
                    default: y.update(from: x, count: n)
                    }
                }
                let g = adjoints + Int(ins.out)
                switch n {
                case 1: g[0] = 0
                case 2: g[0] = 0; g[1] = 0
                default: g.update(repeating: 0, count: n)
                }
            }
        }
    }

    /// Reverse sweep: adds every instruction's contribution to its non-constant inputs' adjoints, last first.
    func backward<Probe: ReplayProbe>(_ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>,
                                      probe: inout Probe) {
        instructions.withUnsafeBufferPointer { tape in Self.backward(tape, values, adjoints, probe: &probe) }
    }

    /// ``backward(_:_:probe:)`` of the instructions `tape`.
    static func backward<Probe: ReplayProbe>(_ tape: UnsafeBufferPointer<Instruction>, _ values: UnsafeMutablePointer<Double>,
                                             _ adjoints: UnsafeMutablePointer<Double>, probe: inout Probe) {
        do {
            for ins in tape.reversed() {
                probe.willRun(Int(ins.operation))
                let n = Int(ins.count), sa = Int(ins.sa), sb = Int(ins.sb)
                let va = values + Int(ins.a), vb = values + Int(ins.b), y = values + Int(ins.out)
                let gy = adjoints + Int(ins.out)
                // One element: both arguments are scalars (stride 0), whose adjoints take a sum started from 0,
                // as ``BinaryOp/accumulate`` and the sum kernels do.
                switch ins.code {
                case .add1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += 0.0 + gy[0] }
                    if !ins.bConstant { adjoints[Int(ins.b)] += 0.0 + gy[0] }
                    continue
                case .subtract1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += 0.0 + gy[0] }
                    if !ins.bConstant { adjoints[Int(ins.b)] -= 0.0 + gy[0] }
                    continue
                case .multiply1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += vb[0] * (0.0 + gy[0]) }
                    if !ins.bConstant { adjoints[Int(ins.b)] += va[0] * (0.0 + gy[0]) }
                    continue
                case .divide1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += 0.0 + gy[0] / vb[0] }
                    if !ins.bConstant { adjoints[Int(ins.b)] += 0.0 + -gy[0] * y[0] / vb[0] }
                    continue
                case .negate1:
                    if !ins.aConstant { adjoints[Int(ins.a)] -= gy[0] }
                    continue
                case .square1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += 2 * va[0] * gy[0] }
                    continue
                case .sqrt1:
                    if !ins.aConstant { adjoints[Int(ins.a)] += gy[0] * (0.5 / y[0]) }
                    continue
                // Fused pairs: the second half's reverse step, then the first's on mid's adjoint (kept in a register,
                // and stored as the two steps leave it), each adding exactly what its instruction adds, in its order.
                case .squaredDifference1:
                    let gd = adjoints[Int(ins.mid)] + 2 * values[Int(ins.mid)] * gy[0]
                    adjoints[Int(ins.mid)] = gd
                    if !ins.aConstant { adjoints[Int(ins.a)] += 0.0 + gd }
                    if !ins.bConstant { adjoints[Int(ins.b)] -= 0.0 + gd }
                    continue
                case .multiplyAdd1:
                    let g = gy[0]
                    if !ins.cConstant { adjoints[Int(ins.c)] += 0.0 + g }
                    let gm = adjoints[Int(ins.mid)] + (0.0 + g)
                    adjoints[Int(ins.mid)] = gm
                    if !ins.aConstant { adjoints[Int(ins.a)] += vb[0] * (0.0 + gm) }
                    if !ins.bConstant { adjoints[Int(ins.b)] += va[0] * (0.0 + gm) }
                    continue
                case .squareMultiply1:
                    let g = gy[0]
                    if !ins.bConstant { adjoints[Int(ins.b)] += values[Int(ins.mid)] * (0.0 + g) }
                    let gq = adjoints[Int(ins.mid)] + vb[0] * (0.0 + g)
                    adjoints[Int(ins.mid)] = gq
                    if !ins.aConstant { adjoints[Int(ins.a)] += 2 * va[0] * gq }
                    continue
                case .addSqrt1:
                    let gs = adjoints[Int(ins.mid)] + gy[0] * (0.5 / y[0])
                    adjoints[Int(ins.mid)] = gs
                    if !ins.aConstant { adjoints[Int(ins.a)] += 0.0 + gs }
                    if !ins.bConstant { adjoints[Int(ins.b)] += 0.0 + gs }
                    continue
                case .sumStart, .sumMore:
                    // Each term's adjoint takes the sum's (unchanged by the other terms' steps).
                    let g = gy[0]
                    if !ins.aConstant { adjoints[Int(ins.a)] += g }
                    if n > 1 && !ins.bConstant { adjoints[Int(ins.b)] += g }
                    if n > 2 && !ins.cConstant { adjoints[Int(ins.c)] += g }
                    continue
                case .add, .subtract, .multiply, .divide, .power:
                    if !ins.aConstant { Self.binaryA(ins.code, adjoints + Int(ins.a), va, vb, gy, n, sa, sb) }
                    if !ins.bConstant { Self.binaryB(ins.code, adjoints + Int(ins.b), va, vb, y, gy, n, sa, sb) }
                case .normal:
                    func adjoint(_ offset: Int32, _ constant: Bool) -> UnsafeMutablePointer<Double>? {
                        constant ? nil : adjoints + Int(offset)
                    }
                    ScalarNormal.addGradient(y: va[0], mu: vb[0], sigma: values[Int(ins.c)], g: gy[0],
                                             gy: adjoint(ins.a, ins.aConstant), gmu: adjoint(ins.b, ins.bConstant),
                                             gsigma: adjoint(ins.c, ins.cConstant))
                case .logSumExp:
                    if !ins.aConstant { LogSumExpOp.addGradient(gy[0], y: y[0], va, adjoints + Int(ins.a), count: n) }
                default:
                    if ins.aConstant { continue }
                    let gx = adjoints + Int(ins.a)
                    switch ins.code {
                    case .exp: for i in 0..<n { gx[i] += gy[i] * y[i] }
                    case .negate: for i in 0..<n { gx[i] -= gy[i] }
                    case .square: for i in 0..<n { gx[i] += 2 * va[i] * gy[i] }
                    case .copy: for i in 0..<n { gx[i] += gy[i] }
                    case .sqrt: for i in 0..<n { gx[i] += gy[i] * (0.5 / y[i]) }
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

