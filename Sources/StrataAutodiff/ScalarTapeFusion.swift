// Adjacent pairs of one-element tape instructions (square(x - mu), a * b + c, b * square(a), sqrt(a + b)) run as one instruction.

extension ScalarTape {
    /// `instructions` with every adjacent pair that has a fused code (``Code/squaredDifference1``,
    /// ``Code/multiplyAdd1``, ``Code/squareMultiply1``, ``Code/addSqrt1``) replaced by one instruction: one dispatch instead of two,
    /// and the second half takes the first's result from a register instead of reloading it (scalar recursions
    /// are chains of such pairs). The first half's output is still written, and its adjoint zeroed in the forward
    /// sweep and left as the two reverse steps leave it, so other readers of it (later instructions, other
    /// operations, outputs) see the same arena.
    ///
    /// Bit-identical: each half computes what its instruction computes, in the same order. The pair is adjacent,
    /// so no instruction runs between the halves in either sweep: in the reverse sweep every other reader of the
    /// first output has added its contribution before the pair runs, as it had before the first half's step.
    /// Returns the new list and the number of pairs fused.
    static func fusingPairs(_ instructions: [Instruction]) -> (instructions: [Instruction], fused: Int) {
        var result: [Instruction] = []
        result.reserveCapacity(instructions.count)
        var fused = 0
        var i = 0
        while i < instructions.count {
            if i + 1 < instructions.count, let pair = Self.fuse(instructions[i], instructions[i + 1]) {
                result.append(pair)
                fused += 1
                i += 2
            } else {
                result.append(instructions[i])
                i += 1
            }
        }
        return (result, fused)
    }

    /// The fused instruction doing `first` then `second`, when `second` reads `first`'s (non-constant, one-element)
    /// output as the operand the fused code keeps in a register, and reads it nowhere else.
    private static func fuse(_ first: Instruction, _ second: Instruction) -> Instruction? {
        let t = first.out
        guard first.count == 1, second.count == 1, !first.hasConstantOutput, first.code != .copy else { return nil }
        switch (first.code, second.code) {
        case (.subtract1, .square1) where second.a == t && !second.aConstant:
            return Instruction(code: .squaredDifference1, aConstant: first.aConstant, bConstant: first.bConstant, count: 1,
                               a: first.a, b: first.b, out: second.out, mid: t, operation: second.operation)
        case (.multiply1, .add1):
            // The sum's other operand (either side) is the addend c; a sum of the product with itself is not fused.
            guard let other = otherOperand(second, besides: t) else { return nil }
            return Instruction(code: .multiplyAdd1, aConstant: first.aConstant, bConstant: first.bConstant,
                               cConstant: other.constant, count: 1, a: first.a, b: first.b, c: other.offset, out: second.out,
                               mid: t, operation: second.operation)
        case (.square1, .multiply1):
            guard let factor = otherOperand(second, besides: t) else { return nil }
            return Instruction(code: .squareMultiply1, aConstant: first.aConstant, bConstant: factor.constant, count: 1,
                               a: first.a, b: factor.offset, out: second.out, mid: t, operation: second.operation)
        case (.add1, .sqrt1) where second.a == t && !second.aConstant:
            return Instruction(code: .addSqrt1, aConstant: first.aConstant, bConstant: first.bConstant, count: 1,
                               a: first.a, b: first.b, out: second.out, mid: t, operation: second.operation)
        default:
            return nil
        }
    }

    /// The operand of the two-operand `second` other than `t`, when `t` is exactly one of them (non-constant).
    private static func otherOperand(_ second: Instruction, besides t: Int32) -> (offset: Int32, constant: Bool)? {
        if second.a == t && !second.aConstant && second.b != t { return (second.b, second.bConstant) }
        if second.b == t && !second.bConstant && second.a != t { return (second.a, second.aConstant) }
        return nil
    }
}

extension ScalarTape.Instruction {
    /// The two instructions a fused one runs (the sum's and product's operands in one order of the two each may
    /// have had, which gives the same numbers), or nil for an instruction that is not fused.
    var halves: (first: Self, second: Self)? {
        switch code {
        case .squaredDifference1:
            return (Self(code: .subtract1, aConstant: aConstant, bConstant: bConstant, count: 1, a: a, b: b, out: mid,
                         operation: operation),
                    Self(code: .square1, aConstant: false, count: 1, a: mid, out: out, operation: operation))
        case .multiplyAdd1:
            return (Self(code: .multiply1, aConstant: aConstant, bConstant: bConstant, count: 1, a: a, b: b, out: mid,
                         operation: operation),
                    Self(code: .add1, aConstant: cConstant, bConstant: false, count: 1, a: c, b: mid, out: out,
                         operation: operation))
        case .squareMultiply1:
            return (Self(code: .square1, aConstant: aConstant, count: 1, a: a, out: mid, operation: operation),
                    Self(code: .multiply1, aConstant: bConstant, bConstant: false, count: 1, a: b, b: mid, out: out,
                         operation: operation))
        case .addSqrt1:
            return (Self(code: .add1, aConstant: aConstant, bConstant: bConstant, count: 1, a: a, b: b, out: mid,
                         operation: operation),
                    Self(code: .sqrt1, aConstant: false, count: 1, a: mid, out: out, operation: operation))
        default:
            return nil
        }
    }

    /// Graph operations the instruction replays (2 for a fused pair).
    var operationCount: Int { halves == nil ? 1 : 2 }
}
