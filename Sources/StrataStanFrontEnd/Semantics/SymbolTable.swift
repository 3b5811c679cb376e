// Block-scoped symbol table recording each variable's type, origin block and declaration site.

/// Where a variable was declared; decides where it may be read and assigned.
public enum VariableOrigin: Hashable, Sendable {
    /// `data` block: read-only everywhere.
    case data
    /// `transformed data` block: assignable only in that block.
    case transformedData
    /// `parameters` block: never assignable.
    case parameter
    /// `transformed parameters` block: assignable only in that block.
    case transformedParameter
    /// `generated quantities` block: assignable only in that block.
    case generatedQuantity
    /// A local variable (model block, nested blocks, function bodies).
    case local
    /// A `for` loop variable: read-only.
    case loopVariable
    /// A function argument: read-only; `isDataOnly` if declared `data`.
    case functionArgument(isDataOnly: Bool)

    /// The reason assignment is forbidden from `block`, or `nil` if it is allowed.
    func assignmentRestriction(in block: BlockKind?) -> String? {
        switch self {
        case .data: return "data variables are read-only"
        case .parameter: return "parameters cannot be assigned"
        case .transformedData where block != .transformedData:
            return "transformed data can only be assigned in the 'transformed data' block"
        case .transformedParameter where block != .transformedParameters:
            return "transformed parameters can only be assigned in the 'transformed parameters' block"
        case .generatedQuantity where block != .generatedQuantities:
            return "generated quantities can only be assigned in the 'generated quantities' block"
        case .loopVariable: return "loop variables are read-only"
        case .functionArgument: return "function arguments are read-only"
        default: return nil
        }
    }
}

/// A declared variable.
public struct Symbol: Hashable, Sendable {
    /// Variable name.
    public var name: String
    /// Unsized type.
    public var type: StanType
    /// Declaring block/kind.
    public var origin: VariableOrigin
    /// Where it was declared.
    public var range: SourceRange
}

/// Nested lexical scopes. Stan forbids shadowing, so `declare` reports a clash with any enclosing scope.
struct SymbolTable {
    private var scopes: [[String: Symbol]] = [[:]]

    /// Opens a nested scope.
    mutating func push() { scopes.append([:]) }

    /// Closes the innermost scope.
    mutating func pop() {
        if scopes.count > 1 { scopes.removeLast() }
    }

    /// The innermost visible symbol named `name`.
    func lookup(_ name: String) -> Symbol? {
        for scope in scopes.reversed() {
            if let symbol = scope[name] { return symbol }
        }
        return nil
    }

    /// Declares `symbol` in the innermost scope; returns the existing symbol if the name is already visible.
    mutating func declare(_ symbol: Symbol) -> Symbol? {
        if let existing = lookup(symbol.name) { return existing }
        scopes[scopes.count - 1][symbol.name] = symbol
        return nil
    }

    /// All visible names (for suggestions).
    var visibleNames: [String] { scopes.flatMap { $0.keys } }
}
