// The closed set of front-end errors (lexical, syntactic, semantic); each carries the SourceRange it is about.

/// A front-end error. Every case carries the `SourceRange` it refers to; `message` and `hint` give the text that
/// `DiagnosticRenderer` prints (in the style of stanc3/clang: `file:line:col: error: message`).
public enum StanDiagnostic: Error, Hashable, Sendable {
    // MARK: Lexical
    /// A character that cannot start any token.
    case unexpectedCharacter(String, SourceRange)
    /// `/*` without a matching `*/`.
    case unterminatedComment(SourceRange)
    /// A string literal without its closing quote on the same line.
    case unterminatedString(SourceRange)
    /// A numeric literal that is malformed or out of range (`1e`, `12abc`, an int too large).
    case malformedNumber(String, SourceRange)
    /// `#include` directives (not supported by this front end).
    case includeNotSupported(SourceRange)

    // MARK: Syntax
    /// Generic syntax error: `expected` (e.g. "')'") but found `found`.
    case expected(String, found: String, SourceRange)
    /// A statement or declaration is not terminated by `;` (range: just after the previous token).
    case missingSemicolon(SourceRange)
    /// A program block appears twice or in the wrong order.
    case blockOutOfOrder(String, SourceRange)
    /// A constraint that is malformed or not allowed on this type (`simplex<lower=0>`, `<lower=1, lower=2>`).
    case invalidConstraint(String, SourceRange)
    /// A declaration that is malformed (reserved word as a name, removed old array syntax, …).
    case invalidDeclaration(String, SourceRange)
    /// Expressions or statements nested too deeply to process safely.
    case nestingTooDeep(SourceRange)

    // MARK: Semantic
    /// Use of a name that is not in scope; `suggestion` is a close in-scope name.
    case undeclaredIdentifier(String, suggestion: String?, SourceRange)
    /// A name declared twice in the same scope (or shadowing a global/function name).
    case redeclaration(String, previous: SourceRange, SourceRange)
    /// A value of type `found` where `expected` was required; `context` says where ("assignment to 'x'").
    case typeMismatch(expected: String, found: String, context: String, SourceRange)
    /// An operator applied to operand types it is not defined for.
    case invalidOperands(op: String, operands: [StanType], SourceRange)
    /// Assignment to a variable that may not be assigned here (data, parameters, loop variables, …).
    case cannotAssign(String, reason: String, SourceRange)
    /// A call with the wrong number of arguments for every signature of `function`.
    case wrongArgumentCount(function: String, expected: [Int], found: Int, SourceRange)
    /// A call whose argument types match no signature of `function`.
    case noMatchingSignature(function: String, arguments: [StanType], SourceRange)
    /// A call that several overloads of a user-defined function accept equally well.
    case ambiguousCall(function: String, arguments: [StanType], candidates: [[StanType]], SourceRange)
    /// Call of a function that does not exist.
    case unknownFunction(String, suggestion: String?, SourceRange)
    /// `~` (or `_lpdf`) on a distribution that does not exist.
    case unknownDistribution(String, suggestion: String?, SourceRange)
    /// A call of a function Stan has removed from the language; `replacement` says what to write instead.
    case removedFunction(String, replacement: String, SourceRange)
    /// A valid Stan feature this engine does not support (ODE solvers, `map_rect`, …).
    case unsupportedFeature(String, SourceRange)
    /// Too many indices, or an index of the wrong type.
    case invalidIndex(String, SourceRange)
    /// A statement or call not allowed where it appears (`target +=` outside model, `break` outside a loop, …).
    case misplacedStatement(String, SourceRange)
    /// A non-void function whose body can finish without `return`.
    case missingReturn(String, SourceRange)
    /// A value that may depend on parameters passed for a `data`-qualified function argument.
    case requiresData(function: String, parameter: String, SourceRange)

    /// The source range the diagnostic points at.
    public var range: SourceRange {
        switch self {
        case .unexpectedCharacter(_, let r), .unterminatedComment(let r), .unterminatedString(let r),
             .malformedNumber(_, let r), .includeNotSupported(let r), .expected(_, _, let r),
             .missingSemicolon(let r), .blockOutOfOrder(_, let r), .invalidConstraint(_, let r),
             .invalidDeclaration(_, let r), .nestingTooDeep(let r), .undeclaredIdentifier(_, _, let r),
             .redeclaration(_, _, let r), .typeMismatch(_, _, _, let r), .invalidOperands(_, _, let r),
             .cannotAssign(_, _, let r), .wrongArgumentCount(_, _, _, let r), .noMatchingSignature(_, _, let r), .ambiguousCall(_, _, _, let r),
             .unknownFunction(_, _, let r), .unknownDistribution(_, _, let r), .unsupportedFeature(_, let r),
             .removedFunction(_, _, let r),
             .invalidIndex(_, let r), .misplacedStatement(_, let r), .missingReturn(_, let r),
             .requiresData(_, _, let r):
            return r
        }
    }

    /// One-line description of the problem.
    public var message: String {
        switch self {
        case .unexpectedCharacter(let c, _): return "unexpected character '\(c)'"
        case .unterminatedComment: return "unterminated '/*' comment"
        case .unterminatedString: return "unterminated string literal"
        case .malformedNumber(let t, _): return "malformed number '\(t)'"
        case .includeNotSupported: return "'#include' is not supported"
        case .expected(let what, let found, _): return "expected \(what), found \(found)"
        case .missingSemicolon: return "expected ';'"
        case .blockOutOfOrder(let m, _): return m
        case .invalidConstraint(let m, _): return "invalid constraint: \(m)"
        case .invalidDeclaration(let m, _): return m
        case .nestingTooDeep: return "program is nested too deeply"
        case .undeclaredIdentifier(let n, _, _): return "undeclared identifier '\(n)'"
        case .redeclaration(let n, _, _): return "redeclaration of '\(n)'"
        case .typeMismatch(let e, let f, let c, _): return "type mismatch in \(c): expected \(e), found \(f)"
        case .invalidOperands(let op, let types, _):
            let list = types.map { $0.description }.joined(separator: ", ")
            return "operator '\(op)' cannot be applied to operands of type (\(list))"
        case .cannotAssign(let n, let reason, _): return "cannot assign to '\(n)': \(reason)"
        case .wrongArgumentCount(let f, let e, let n, _):
            let counts = e.map(String.init).joined(separator: " or ")
            return "wrong number of arguments to '\(f)': expected \(counts), found \(n)"
        case .noMatchingSignature(let f, let args, _):
            return "no signature of '\(f)' accepts arguments (\(args.map { $0.description }.joined(separator: ", ")))"
        case .ambiguousCall(let f, let args, let candidates, _):
            func list(_ types: [StanType]) -> String { "(" + types.map(\.description).joined(separator: ", ") + ")" }
            return "ambiguous call of '\(f)' with arguments \(list(args)): overloads "
                + candidates.map(list).joined(separator: " and ") + " match equally well"
        case .unknownFunction(let n, _, _): return "unknown function '\(n)'"
        case .unknownDistribution(let n, _, _): return "unknown distribution '\(n)'"
        case .unsupportedFeature(let m, _): return "unsupported feature: \(m)"
        case .removedFunction(let n, _, _): return "'\(n)' was removed from the Stan language"
        case .invalidIndex(let m, _): return "invalid indexing: \(m)"
        case .misplacedStatement(let m, _): return m
        case .missingReturn(let f, _): return "function '\(f)' may finish without returning a value"
        case .requiresData(let f, let p, _):
            return "argument '\(p)' of '\(f)' is declared 'data' but this value may depend on parameters"
        }
    }

    /// Optional advice printed under the source excerpt.
    public var hint: String? {
        switch self {
        case .undeclaredIdentifier(_, let s?, _), .unknownFunction(_, let s?, _), .unknownDistribution(_, let s?, _):
            return "did you mean '\(s)'?"
        case .removedFunction(_, let replacement, _): return "use \(replacement) instead"
        case .invalidOperands(let op, _, _) where op == "&&" || op == "||" || op == "!":
            return "Stan's logical operators take int operands; compare a real explicitly (x != 0)"
        case .unexpectedCharacter("#", _): return "'#' comments were removed from Stan; use '//'"
        case .includeNotSupported: return "paste the included file's contents into the program"
        case .unterminatedComment: return "add '*/' to close the comment"
        case .redeclaration(_, let prev, _) where prev != .unknown:
            return "previous declaration is at line \(prev.start.line)"
        case .redeclaration: return "'\(nameOfRedeclaration)' is already a built-in or function name"
        case .missingSemicolon: return "statements and declarations end with ';'"
        case .cannotAssign: return "declare a local variable in this block instead"
        case .unsupportedFeature: return "this Stan feature is valid but not implemented by Strata"
        case .noMatchingSignature(let f, let args, _) where (f == "min" || f == "max") && args.count == 2:
            return "Stan's two-argument \(f) takes ints; use f\(f)(x, y) for reals"
        default: return nil
        }
    }

    private var nameOfRedeclaration: String {
        if case .redeclaration(let n, _, _) = self { return n }
        return ""
    }
}
