// Stan's function names for its operators (`add(a, b)` is `a + b`, `logical_negation(c)` is `!c`, ...).

extension TypeChecker {
    /// Binary operators by their library function name.
    private static let binaryOperatorFunctions: [String: BinaryOperator] = [
        "add": .add, "subtract": .subtract, "multiply": .multiply, "divide": .divide, "modulus": .modulo,
        "elt_multiply": .elementMultiply, "elt_divide": .elementDivide,
        "logical_or": .or, "logical_and": .and, "logical_eq": .equal, "logical_neq": .notEqual,
        "logical_lt": .less, "logical_lte": .lessEqual, "logical_gt": .greater, "logical_gte": .greaterEqual,
    ]

    /// Prefix operators by their library function name.
    private static let prefixOperatorFunctions: [String: PrefixOperator] = [
        "minus": .minus, "logical_negation": .not,
    ]

    /// `call` rewritten as the operator expression it names (same source range), or `nil` if `name` is not an
    /// operator's function name or has the wrong number of arguments.
    static func operatorCall(_ name: String, _ args: [Expr], _ call: Expr) -> Expr? {
        var out = call
        if args.count == 2, let op = binaryOperatorFunctions[name] {
            out.kind = .binary(op, args[0], args[1])
        } else if args.count == 1, let op = prefixOperatorFunctions[name] {
            out.kind = .prefix(op, args[0])
        } else {
            return nil
        }
        return out
    }
}
