// The root of the Stan AST: the seven program blocks and user-defined functions.

/// A function parameter `[data] type name`.
public struct FunctionParameter: Hashable, Sendable {
    /// `true` if declared with the `data` qualifier (argument must not depend on parameters).
    public var isDataOnly: Bool
    /// The unsized parameter type.
    public var type: StanType
    /// The parameter name.
    public var name: String
    /// Source range of the parameter.
    @IgnoredInEquality public var range: SourceRange

    /// Creates a parameter.
    public init(isDataOnly: Bool, type: StanType, name: String, range: SourceRange) {
        self.isDataOnly = isDataOnly
        self.type = type
        self.name = name
        self.range = range
    }
}

/// A user-defined function in the `functions` block (definition or forward declaration).
public struct FunctionDef: Hashable, Sendable {
    /// Return type; `nil` means `void`.
    public var returnType: StanType?
    /// Function name (suffix `_lpdf`, `_lpmf`, `_lp`, `_rng` controls where it may be called).
    public var name: String
    /// Parameters in order.
    public var parameters: [FunctionParameter]
    /// The body; `nil` for a forward declaration `…);`.
    public var body: Stmt?
    /// Source range of the signature.
    @IgnoredInEquality public var range: SourceRange

    /// Creates a function definition.
    public init(returnType: StanType?, name: String, parameters: [FunctionParameter], body: Stmt?,
                range: SourceRange) {
        self.returnType = returnType
        self.name = name
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

/// Identifies one of Stan's program blocks, in the order they must appear.
public enum BlockKind: Int, Hashable, Sendable, CaseIterable, Comparable {
    /// `functions`.
    case functions
    /// `data`.
    case data
    /// `transformed data`.
    case transformedData
    /// `parameters`.
    case parameters
    /// `transformed parameters`.
    case transformedParameters
    /// `model`.
    case model
    /// `generated quantities`.
    case generatedQuantities

    /// The block's header as written in Stan (`transformed parameters`).
    public var title: String {
        switch self {
        case .functions: return "functions"
        case .data: return "data"
        case .transformedData: return "transformed data"
        case .parameters: return "parameters"
        case .transformedParameters: return "transformed parameters"
        case .model: return "model"
        case .generatedQuantities: return "generated quantities"
        }
    }

    /// Orders blocks by their required position in a program.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A whole Stan program. Each block is `nil` when absent.
///
/// `data` and `parameters` hold only declarations; the other statement blocks hold statements whose top-level
/// `.declaration`s declare the block's variables (model-block declarations are locals).
public struct Program: Hashable, Sendable {
    /// `functions { … }`.
    public var functions: [FunctionDef]?
    /// `data { … }`.
    public var data: [VarDecl]?
    /// `transformed data { … }`.
    public var transformedData: [Stmt]?
    /// `parameters { … }`.
    public var parameters: [VarDecl]?
    /// `transformed parameters { … }`.
    public var transformedParameters: [Stmt]?
    /// `model { … }`.
    public var model: [Stmt]?
    /// `generated quantities { … }`.
    public var generatedQuantities: [Stmt]?

    /// Creates a program from its blocks.
    public init(functions: [FunctionDef]? = nil, data: [VarDecl]? = nil, transformedData: [Stmt]? = nil,
                parameters: [VarDecl]? = nil, transformedParameters: [Stmt]? = nil, model: [Stmt]? = nil,
                generatedQuantities: [Stmt]? = nil) {
        self.functions = functions
        self.data = data
        self.transformedData = transformedData
        self.parameters = parameters
        self.transformedParameters = transformedParameters
        self.model = model
        self.generatedQuantities = generatedQuantities
    }
}
