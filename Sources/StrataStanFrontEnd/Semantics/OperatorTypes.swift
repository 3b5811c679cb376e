// Result types of Stan's infix, prefix and postfix operators (Stan Functions Reference, "Operators").

/// Type rules for operators; `nil` means the operator is not defined for those operand types.
enum OperatorTypes {
    private static func isContainer(_ b: BaseType) -> Bool { b == .vector || b == .rowVector || b == .matrix }

    /// Result of combining two scalars arithmetically: int if both int, complex if either is complex, else real.
    private static func scalarResult(_ l: BaseType, _ r: BaseType) -> StanType {
        if l == .int && r == .int { return .int }
        if l == .complex || r == .complex { return .complex }
        return .real
    }

    /// Result type of `lhs op rhs`. Complex operands follow the real rules on their shapes, and the result is
    /// complex when either operand is (real → complex promotion); complex values have no ordering.
    static func binary(_ op: BinaryOperator, _ lhs: StanType, _ rhs: StanType) -> StanType? {
        guard lhs.base.isComplex || rhs.base.isComplex else { return realBinary(op, lhs, rhs) }
        guard lhs.arrayDims == 0, rhs.arrayDims == 0 else { return nil }
        let l = lhs.base, r = rhs.base
        switch op {
        case .equal, .notEqual: return l.isScalar && r.isScalar ? .int : nil
        case .add, .subtract, .multiply, .divide, .elementMultiply, .elementDivide, .power, .elementPower:
            let realOp: BinaryOperator = op == .power && (!l.realShape.isScalar || !r.realShape.isScalar) ? .elementPower : op
            guard let shape = realBinary(realOp, StanType(l.realShape == .int ? .real : l.realShape),
                                         StanType(r.realShape == .int ? .real : r.realShape)) else { return nil }
            if op == .power && !(l.isScalar && r.isScalar) { return nil }
            return StanType(shape.base.complexShape)
        default: return nil
        }
    }

    /// Result type of `lhs op rhs` for int/real operands and containers.
    private static func realBinary(_ op: BinaryOperator, _ lhs: StanType, _ rhs: StanType) -> StanType? {
        if op == .power || op == .elementPower {
            // `^` and `.^` both mean Stan's `pow`, vectorised over containers (`matrix ^ 2` is elementwise).
            let args = [lhs, rhs]
            return BuiltinFunctions.signatures["pow"]?.first { $0.accepts(args) }?.returns?.resolve(args)
        }
        guard lhs.arrayDims == 0, rhs.arrayDims == 0 else { return nil }
        let l = lhs.base, r = rhs.base
        let bothScalar = l.isScalar && r.isScalar
        let realScalar: (BaseType) -> Bool = { $0 == .int || $0 == .real }
        switch op {
        case .or, .and:
            // Stan's logical_and / logical_or take ints only: compare reals explicitly (`x != 0`).
            return l == .int && r == .int ? .int : nil
        case .less, .lessEqual, .greater, .greaterEqual:
            return realScalar(l) && realScalar(r) ? .int : nil
        case .equal, .notEqual:
            return bothScalar ? .int : nil
        case .modulo, .intDivide:
            return l == .int && r == .int ? .int : nil
        case .add, .subtract:
            if bothScalar { return scalarResult(l, r) }
            if realScalar(l) && isContainer(r) { return StanType(r) }
            if isContainer(l) && realScalar(r) { return StanType(l) }
            return l == r && isContainer(l) ? StanType(l) : nil
        case .multiply:
            if bothScalar { return scalarResult(l, r) }
            if realScalar(l) && isContainer(r) { return StanType(r) }
            if isContainer(l) && realScalar(r) { return StanType(l) }
            switch (l, r) {
            case (.rowVector, .vector): return .real
            case (.vector, .rowVector): return .matrix
            case (.matrix, .vector): return .vector
            case (.rowVector, .matrix): return .rowVector
            case (.matrix, .matrix): return .matrix
            default: return nil
            }
        case .divide:
            if bothScalar { return scalarResult(l, r) }
            if isContainer(l) && realScalar(r) { return StanType(l) }
            if realScalar(l) && isContainer(r) { return StanType(r) }
            switch (l, r) {
            case (.rowVector, .matrix): return .rowVector
            case (.matrix, .matrix): return .matrix
            default: return nil
            }
        case .leftDivide:
            switch (l, r) {
            case (.matrix, .vector): return .vector
            case (.matrix, .matrix): return .matrix
            default: return nil
            }
        case .elementMultiply, .elementDivide:
            // Stan has int .* int and int ./ int (integer division) as int.
            if bothScalar { return scalarResult(l, r) == .int ? .int : .real }
            if realScalar(l) && isContainer(r) { return StanType(r) }
            if isContainer(l) && realScalar(r) { return StanType(l) }
            return l == r && isContainer(l) ? StanType(l) : nil
        case .power:
            if bothScalar { return .real }
            return nil
        case .elementPower:
            if bothScalar { return .real }
            if realScalar(l) && isContainer(r) { return StanType(r) }
            if isContainer(l) && realScalar(r) { return StanType(l) }
            return l == r && isContainer(l) ? StanType(l) : nil
        }
    }

    /// Result type of a prefix operator.
    static func prefix(_ op: PrefixOperator, _ operand: StanType) -> StanType? {
        switch op {
        case .not:
            return operand == .int ? .int : nil
        case .minus, .plus:
            return operand
        }
    }

    /// Result type of postfix transpose.
    static func transpose(_ operand: StanType) -> StanType? {
        guard operand.arrayDims == 0 else { return nil }
        switch operand.base {
        case .vector: return .rowVector
        case .rowVector: return .vector
        case .matrix: return .matrix
        case .complexVector: return .complexRowVector
        case .complexRowVector: return .complexVector
        case .complexMatrix: return .complexMatrix
        default: return nil
        }
    }

    /// Kind of one index for typing purposes.
    enum IndexKind { case single, multiple }

    /// Result type of indexing `base` with `indices` (array dimensions first, then vector/matrix dimensions).
    /// Returns `nil` when there are too many indices.
    static func indexed(_ base: StanType, _ indices: [IndexKind]) -> StanType? {
        var keptArrayDims = 0
        var remaining = indices[...]
        var arrayDims = base.arrayDims
        while arrayDims > 0, let first = remaining.first {
            if first == .multiple { keptArrayDims += 1 }
            arrayDims -= 1
            remaining = remaining.dropFirst()
        }
        keptArrayDims += arrayDims
        let rest = Array(remaining)
        if base.base.isComplex && !base.base.isScalar {
            // Complex containers index like their real shapes, with complex elements.
            let shape = indexed(StanType(base.base.realShape), rest)
            return shape.map { StanType($0.base.complexShape, arrayDims: keptArrayDims) }
        }
        let element: BaseType
        switch (base.base, rest.count) {
        case (_, 0): element = base.base
        case (.vector, 1), (.rowVector, 1): element = rest[0] == .single ? .real : base.base
        case (.matrix, 1): element = rest[0] == .single ? .rowVector : .matrix
        case (.matrix, 2):
            switch (rest[0], rest[1]) {
            case (.single, .single): element = .real
            case (.single, .multiple): element = .rowVector
            case (.multiple, .single): element = .vector
            case (.multiple, .multiple): element = .matrix
            }
        default: return nil
        }
        return StanType(element, arrayDims: keptArrayDims)
    }
}
