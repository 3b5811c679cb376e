// Signature model for built-in functions: argument patterns (with Stan's vectorization classes) and return rules.

/// What an argument position accepts.
public enum ArgumentPattern: Hashable, Sendable {
    /// Exactly this type, allowing int → real → complex promotion at equal array depth.
    case type(StanType)
    /// `int` or `real`.
    case scalar
    /// Stan's vectorized `reals`: int, real, vector, row_vector, `array[] int`, `array[] real`.
    case reals
    /// Stan's vectorized `ints`: int or `array[] int`.
    case ints
    /// Stan's multivariate `vectors`: vector, row_vector or arrays of them.
    case vectors
    /// Any int/real/vector/row_vector/matrix, or any array of those (elementwise math functions).
    case anyNumeric
    /// A container whose elements can be reduced (any non-scalar numeric type).
    case anyContainer

    /// `true` if an argument of type `t` fits this pattern.
    public func accepts(_ t: StanType) -> Bool {
        switch self {
        case .type(let expected): return t.isAssignable(to: expected)
        case .scalar: return t.isNumericScalar
        case .reals:
            if t.arrayDims == 0 { return [.int, .real, .vector, .rowVector].contains(t.base) }
            return t.arrayDims == 1 && (t.base == .int || t.base == .real)
        case .ints: return t.base == .int && t.arrayDims <= 1
        case .vectors: return (t.base == .vector || t.base == .rowVector) && t.arrayDims <= 1
        case .anyNumeric: return !t.base.isComplex && !t.base.isTuple
        case .anyContainer: return !t.base.isComplex && !t.base.isTuple && !t.isNumericScalar
        }
    }
}

/// How a signature's return type is computed from its argument types.
public enum ReturnRule: Hashable, Sendable {
    /// Always this type.
    case fixed(StanType)
    /// The type of argument `n`, with int promoted to real (elementwise functions like `exp`).
    case promotedArgument(Int)
    /// The type of argument `n` unchanged (e.g. `abs` on ints, `rep_array` handled separately).
    case argument(Int)
    /// `int` if every argument is int-based, else `real` (e.g. `max(array[] int)` is int).
    case intIfAllInt
    /// `real` if every argument is a scalar, else `array[] real` (vectorized `_rng`).
    case realOrArray
    /// `int` if every argument is a scalar, else `array[] int` (vectorized discrete `_rng`).
    case intOrArray
    /// `array[n] T` where T is the type of argument 0 and n the number of remaining (int) arguments.
    case repArray
    /// `vector`, or `array[] vector` when argument `n` is an array (vectorised multivariate `_rng`).
    case vectorOrArray(Int)

    /// Applies the rule to concrete argument types.
    public func resolve(_ args: [StanType]) -> StanType {
        switch self {
        case .fixed(let t): return t
        case .promotedArgument(let n): return args[n].promotedToReal
        case .argument(let n): return args[n]
        case .intIfAllInt: return args.allSatisfy { $0.base == .int } ? .int : .real
        case .realOrArray: return args.allSatisfy { $0.arrayDims == 0 && $0.base.isScalar } ? .real : .array(.real)
        case .intOrArray: return args.allSatisfy { $0.arrayDims == 0 && $0.base.isScalar } ? .int : .array(.int)
        case .repArray: return StanType(args[0].base, arrayDims: args[0].arrayDims + args.count - 1)
        case .vectorOrArray(let n): return args[n].arrayDims > 0 ? .array(.vector) : .vector
        }
    }
}

/// One overload of a built-in function.
public struct FunctionSignature: Hashable, Sendable {
    /// Argument patterns in order.
    public var parameters: [ArgumentPattern]
    /// How the result type is derived; `nil` for a `void` function.
    public var returns: ReturnRule?

    /// Creates a signature.
    public init(_ parameters: [ArgumentPattern], _ returns: ReturnRule?) {
        self.parameters = parameters
        self.returns = returns
    }

    /// `true` if the argument types fit this overload.
    public func accepts(_ args: [StanType]) -> Bool {
        args.count == parameters.count && zip(parameters, args).allSatisfy { $0.accepts($1) }
    }
}

/// Outcome of resolving a call against a set of overloads.
public enum CallResolution: Hashable, Sendable {
    /// The call returns a value of this type.
    case value(StanType)
    /// The call matched a `void` function.
    case void
    /// No overload matched; a diagnostic was produced.
    case failed
}

/// Edit distance used to suggest a close name in "did you mean …?" hints.
enum NameSuggester {
    /// The candidate closest to `name` within a small edit distance, if any.
    static func suggest<S: Sequence>(_ name: String, from candidates: S) -> String? where S.Element == String {
        let limit = max(1, min(3, name.count / 3))
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            if abs(candidate.count - name.count) > limit { continue }
            let d = distance(Array(name.utf8), Array(candidate.utf8))
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Levenshtein distance counting an adjacent transposition as one edit.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = row
        }
        return previous[b.count]
    }
}
