// Repeated computations within one instruction tape (an HMM's log(theta) at every time step) become copies.

extension ScalarTape {
    /// `instructions` with every instruction that repeats an earlier one of the same list replaced by a copy of
    /// that one's output: same code, function, flags, count and strides, reading the same values (value numbering
    /// over arena offsets: a copy passes its inputs' numbers on, any other instruction gives its outputs new
    /// numbers; an offset no instruction has written yet holds its value from before the tape), while the earlier
    /// output still holds them. The copy's forward value is bit-identical to the recomputation; its reverse sweep
    /// adds the repeat's adjoint to the earlier output's adjoint, whose backward then runs once on the sum, so the
    /// gradient is the same up to the rounding of that sum's order.
    ///
    /// Sound because every instruction is a pure function of the values it reads (its domain checks see the same
    /// values as the earlier instruction's, which threw first) and the tape runs its instructions in order with
    /// nothing else in between.
    /// Returns the new list and the number of instructions that became copies.
    static func sharingRepeats(_ instructions: [Instruction]) -> (instructions: [Instruction], shared: Int) {
        var number: [Int32: Int] = [:]
        var fresh = Int(UInt32.max) + 1
        func value(_ offset: Int32) -> Int { number[offset] ?? Int(offset) }
        struct Key: Hashable {
            var code: Code, function: UnaryFunction, flags: UInt8, count: Int32, sa: Int32, sb: Int32
            var inputs: [Int]
        }
        var computed: [Key: (out: Int32, outputs: [Int], constant: Bool)] = [:]
        var result: [Instruction] = []
        var shared = 0
        result.reserveCapacity(instructions.count)
        for ins in instructions {
            let n = Int32(ins.count)
            if ins.code == .copy {
                let inputs = (0..<n).map { value(ins.a + $0) }
                for i in 0..<n { number[ins.out + i] = inputs[Int(i)] }
                result.append(ins)
                continue
            }
            if ins.code == .sumStart || ins.code == .sumMore {
                // A partial sum is written over by the next instruction of its node: never shared.
                number[ins.out] = fresh
                fresh += 1
                result.append(ins)
                continue
            }
            let reads = ins.reads
            let key = Key(code: ins.code, function: ins.function,
                          flags: (ins.aConstant ? 1 : 0) | (ins.bConstant ? 2 : 0) | (ins.cConstant ? 4 : 0) | (ins.propto ? 8 : 0),
                          count: ins.count, sa: ins.sa, sb: ins.sb, inputs: reads.map(value))
            let outputCount = Int32(ins.outputCount)
            if let earlier = computed[key], (0..<outputCount).allSatisfy({ value(earlier.out + $0) == earlier.outputs[Int($0)] }) {
                result.append(Instruction(code: .copy, aConstant: earlier.constant, count: outputCount, a: earlier.out,
                                          out: ins.out, operation: ins.operation))
                for i in 0..<outputCount { number[ins.out + i] = earlier.outputs[Int(i)] }
                shared += 1
                continue
            }
            let outputs = (0..<Int(outputCount)).map { fresh + $0 }
            fresh += Int(outputCount)
            for i in 0..<outputCount { number[ins.out + i] = outputs[Int(i)] }
            computed[key] = (ins.out, outputs, ins.hasConstantOutput)
            result.append(ins)
        }
        return (result, shared)
    }
}

extension ScalarTape.Instruction {
    /// The arena offsets the instruction reads, in a fixed order.
    var reads: [Int32] {
        let n = count
        switch code {
        case .add, .subtract, .multiply, .divide, .power, .add1, .subtract1, .multiply1, .divide1:
            return (0..<n).map { a + $0 * sa } + (0..<n).map { b + $0 * sb }
        case .normal: return [a, b, c]
        case .sumStart: return Array([a, b, c].prefix(Int(n)))
        case .sumMore: return [out] + [a, b, c].prefix(Int(n))
        default: return (0..<n).map { a + $0 }
        }
    }

    /// Elements the instruction writes from `out` on.
    var outputCount: Int { code == .normal || code == .logSumExp || code == .sumStart || code == .sumMore ? 1 : Int(count) }

    /// Whether every input is constant (the output then has no adjoint to pass on).
    var hasConstantOutput: Bool {
        switch code {
        case .add, .subtract, .multiply, .divide, .power, .add1, .subtract1, .multiply1, .divide1:
            return aConstant && bConstant
        case .normal: return aConstant && bConstant && cConstant
        case .sumStart, .sumMore: return false
        default: return aConstant
        }
    }
}
