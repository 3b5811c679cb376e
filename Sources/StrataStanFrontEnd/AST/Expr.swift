// Expression nodes of the Stan AST: literals, variables, operators, calls, indexing and container literals.

/// Binary (infix) operators, with Stan's precedence (higher binds tighter) and associativity.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    /// Logical or `||`.
    case or = "||"
    /// Logical and `&&`.
    case and = "&&"
    /// Equality `==`.
    case equal = "=="
    /// Inequality `!=`.
    case notEqual = "!="
    /// `<`.
    case less = "<"
    /// `<=`.
    case lessEqual = "<="
    /// `>`.
    case greater = ">"
    /// `>=`.
    case greaterEqual = ">="
    /// Addition `+`.
    case add = "+"
    /// Subtraction `-`.
    case subtract = "-"
    /// Multiplication `*` (matrix product for vectors/matrices).
    case multiply = "*"
    /// Division `/` (integer division when both operands are int).
    case divide = "/"
    /// Integer modulus `%`.
    case modulo = "%"
    /// Integer division `%/%`.
    case intDivide = "%/%"
    /// Left division `A \\ b` (solves `A x = b`).
    case leftDivide = "\\"
    /// Elementwise product `.*`.
    case elementMultiply = ".*"
    /// Elementwise division `./`.
    case elementDivide = "./"
    /// Power `^` (right-associative).
    case power = "^"
    /// Elementwise power `.^` (right-associative).
    case elementPower = ".^"

    /// Binding power following the Stan reference manual's operator table (stanc3's parser precedences):
    /// `||` < `&&` < `== !=` < comparisons < `+ -` < `* / % %/%` < `\` < `.* ./` < unary prefix < `^ .^`.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessEqual, .greater, .greaterEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .modulo, .intDivide: return 6
        case .leftDivide: return 7
        case .elementMultiply, .elementDivide: return 8
        case .power, .elementPower: return 10
        }
    }

    /// `true` for `^` and `.^`, the right-associative operators.
    public var isRightAssociative: Bool { self == .power || self == .elementPower }

    /// Precedence of unary prefix operators (between `.* ./` and `^`).
    public static let prefixPrecedence = 9
}

/// Unary prefix operators.
public enum PrefixOperator: String, Hashable, Sendable {
    /// Logical negation `!`.
    case not = "!"
    /// Negation `-`.
    case minus = "-"
    /// Unary plus `+`.
    case plus = "+"
}

/// One index inside `[...]`.
public enum Index: Hashable, Sendable {
    /// `:` (all elements).
    case all
    /// A single expression: an `int` (single index) or an `array[] int` (multi-index).
    case single(Expr)
    /// `lower:upper`, `lower:` or `:upper`.
    case range(lower: Expr?, upper: Expr?)
}

/// The shape of an expression.
public indirect enum ExprKind: Hashable, Sendable {
    /// Integer literal (source text kept verbatim).
    case intLiteral(String)
    /// Real literal (source text kept verbatim).
    case realLiteral(String)
    /// Imaginary literal `2i` (text without the `i`).
    case imaginaryLiteral(String)
    /// String literal (only valid as a `print`/`reject`/`fatal_error` argument).
    case stringLiteral(String)
    /// A variable reference.
    case variable(String)
    /// `lhs op rhs`.
    case binary(BinaryOperator, Expr, Expr)
    /// `op operand`.
    case prefix(PrefixOperator, Expr)
    /// Postfix transpose `operand'`.
    case transpose(Expr)
    /// `condition ? then : else`.
    case conditional(Expr, Expr, Expr)
    /// Function call `name(args)`.
    case call(name: String, arguments: [Expr])
    /// Conditional-bar call `name(first | rest…)` for `_lpdf`/`_lpmf`/`_lupdf`/`_lupmf`/`_cdf`/… functions.
    case conditionalCall(name: String, variate: Expr, arguments: [Expr])
    /// `base[indices]`.
    case indexed(Expr, [Index])
    /// Array expression `{a, b, …}`.
    case array([Expr])
    /// Row-vector expression `[a, b, …]` (a matrix if the elements are row vectors).
    case rowVector([Expr])
    /// Tuple expression `(a, b, …)` (one component: `(a,)`).
    case tuple([Expr])
    /// Tuple component `base.k` (one-based `k`).
    case tupleComponent(Expr, Int)
}

/// An expression: its kind plus metadata (source range, and the type once checked) that is ignored by `==`.
public struct Expr: Hashable, Sendable {
    /// What the expression is.
    public var kind: ExprKind
    /// Where it is in the source.
    @IgnoredInEquality public var range: SourceRange
    /// Its type, filled in by `TypeChecker` (nil in a freshly parsed tree or where checking failed).
    @IgnoredInEquality public var type: StanType?

    /// Creates an expression node.
    public init(_ kind: ExprKind, range: SourceRange, type: StanType? = nil) {
        self.kind = kind
        self.range = range
        self.type = type
    }
}
