// Statement nodes of the Stan AST, variable declarations and assignable lvalues.

/// A variable declaration `type name [= initializer];`.
public struct VarDecl: Hashable, Sendable {
    /// The declared type (sizes, constraint).
    public var type: DeclType
    /// The variable name.
    public var name: String
    /// The initial value, if declared-and-defined.
    public var initializer: Expr?
    /// Range of the whole declaration.
    @IgnoredInEquality public var range: SourceRange
    /// Range of the name alone (for diagnostics).
    @IgnoredInEquality public var nameRange: SourceRange

    /// Creates a declaration.
    public init(type: DeclType, name: String, initializer: Expr?, range: SourceRange, nameRange: SourceRange) {
        self.type = type
        self.name = name
        self.initializer = initializer
        self.range = range
        self.nameRange = nameRange
    }
}

/// Assignment operators.
public enum AssignmentOperator: String, Hashable, Sendable {
    /// `=`.
    case assign = "="
    /// `+=`.
    case add = "+="
    /// `-=`.
    case subtract = "-="
    /// `*=`.
    case multiply = "*="
    /// `/=`.
    case divide = "/="
    /// `.*=`.
    case elementMultiply = ".*="
    /// `./=`.
    case elementDivide = "./="

    /// The binary operator a compound assignment applies (`nil` for plain `=`).
    public var binaryOperator: BinaryOperator? {
        switch self {
        case .assign: return nil
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .elementMultiply: return .elementMultiply
        case .elementDivide: return .elementDivide
        }
    }
}

/// A tuple component taken in an lvalue (`x[i].2`): component `component` (one-based) after the first
/// `afterGroups` index groups.
public struct TupleAccess: Hashable, Sendable {
    /// Number of index groups applied before this component is taken.
    public var afterGroups: Int
    /// The component, one-based.
    public var component: Int

    /// Creates an access.
    public init(afterGroups: Int, component: Int) {
        self.afterGroups = afterGroups
        self.component = component
    }
}

/// The left side of an assignment: a variable with zero or more bracket groups, e.g. `x[i][j, k]`, and tuple
/// components (`x[i].2[j]`).
public struct LValue: Hashable, Sendable {
    /// The assigned variable.
    public var name: String
    /// Index groups in order; `x[i][j, k]` has `[[i], [j, k]]`.
    public var indices: [[Index]]
    /// Tuple components taken between the index groups, in order (empty for non-tuple targets).
    public var components: [TupleAccess] = []
    /// Range of the whole lvalue.
    @IgnoredInEquality public var range: SourceRange
    /// Type of the indexed lvalue, filled in by the checker.
    @IgnoredInEquality public var type: StanType?

    /// Creates an lvalue.
    public init(name: String, indices: [[Index]], range: SourceRange, type: StanType? = nil) {
        self.name = name
        self.indices = indices
        self.range = range
        self.type = type
    }
}

/// Truncation bounds `T[lower, upper]` of a `~` statement (either may be omitted).
public struct Truncation: Hashable, Sendable {
    /// Lower truncation point.
    public var lower: Expr?
    /// Upper truncation point.
    public var upper: Expr?

    /// Creates a truncation.
    public init(lower: Expr?, upper: Expr?) {
        self.lower = lower
        self.upper = upper
    }
}

/// A sampling statement `lhs ~ distribution(arguments) T[lower, upper];` (adds the log density to `target`).
public struct TildeStatement: Hashable, Sendable {
    /// The variate.
    public var lhs: Expr
    /// The distribution family name, e.g. `normal` (the density is `normal_lpdf`/`_lpmf`).
    public var distribution: String
    /// The distribution's parameters.
    public var arguments: [Expr]
    /// Optional truncation bounds.
    public var truncation: Truncation?
    /// Range of the distribution name (for diagnostics).
    @IgnoredInEquality public var distributionRange: SourceRange

    /// Creates a sampling statement.
    public init(lhs: Expr, distribution: String, arguments: [Expr], truncation: Truncation?,
                distributionRange: SourceRange) {
        self.lhs = lhs
        self.distribution = distribution
        self.arguments = arguments
        self.truncation = truncation
        self.distributionRange = distributionRange
    }
}

/// The shape of a statement.
public indirect enum StmtKind: Hashable, Sendable {
    /// A local or block-level variable declaration.
    case declaration(VarDecl)
    /// `lhs op rhs;`.
    case assignment(LValue, AssignmentOperator, Expr)
    /// `lhs ~ distribution(arguments) T[…];`.
    case tilde(TildeStatement)
    /// `target += expr;`.
    case targetIncrement(Expr)
    /// `jacobian += expr;` (transformed parameters and `_jacobian` functions; counted only when the Jacobian is).
    case jacobianIncrement(Expr)
    /// `for (variable in lower:upper) body`.
    case forRange(variable: String, lower: Expr, upper: Expr, body: Stmt)
    /// `for (variable in collection) body` (foreach over an array, vector or matrix).
    case forEach(variable: String, collection: Expr, body: Stmt)
    /// `while (condition) body`.
    case whileLoop(condition: Expr, body: Stmt)
    /// `if (condition) then else otherwise`.
    case ifElse(condition: Expr, then: Stmt, otherwise: Stmt?)
    /// `{ statements }`.
    case block([Stmt])
    /// `break;`.
    case breakStatement
    /// `continue;`.
    case continueStatement
    /// `return;` or `return expr;`.
    case returnStatement(Expr?)
    /// `print(args);` (arguments are expressions or string literals).
    case print([Expr])
    /// `reject(args);`.
    case reject([Expr])
    /// `fatal_error(args);`.
    case fatalError([Expr])
    /// A function call used as a statement (void functions).
    case call(name: String, arguments: [Expr])
    /// A lone `;`.
    case empty
    /// Tuple unpacking `(a, b[i], (c, d)) = value;` (Stan 2.36).
    case unpack(UnpackTarget, Expr)
    /// `profile("name") { statements }`: a block whose cost is reported under `name`.
    case profile(name: String, body: [Stmt])
}

/// The left side of an unpacking assignment: an lvalue or a parenthesised list of targets.
public indirect enum UnpackTarget: Hashable, Sendable {
    /// One assignable place.
    case single(LValue)
    /// `(t1, t2, ...)`.
    case tuple([UnpackTarget], range: SourceRange)

    /// Every lvalue, depth first.
    public var lvalues: [LValue] {
        switch self {
        case .single(let lv): return [lv]
        case .tuple(let items, _): return items.flatMap(\.lvalues)
        }
    }
}

/// A statement: its kind plus its source range (ignored by `==`).
public struct Stmt: Hashable, Sendable {
    /// What the statement is.
    public var kind: StmtKind
    /// Where it is in the source.
    @IgnoredInEquality public var range: SourceRange

    /// Creates a statement node.
    public init(_ kind: StmtKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
