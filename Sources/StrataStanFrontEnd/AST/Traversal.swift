// Helpers for walking the AST: direct children of expressions and statements, and block-level declarations.

extension Expr {
    /// The direct subexpressions, left to right (index expressions included).
    public var children: [Expr] {
        switch kind {
        case .intLiteral, .realLiteral, .imaginaryLiteral, .stringLiteral, .variable: return []
        case .binary(_, let l, let r): return [l, r]
        case .prefix(_, let e), .transpose(let e): return [e]
        case .conditional(let c, let t, let e): return [c, t, e]
        case .call(_, let args), .array(let args), .rowVector(let args), .tuple(let args): return args
        case .tupleComponent(let base, _): return [base]
        case .conditionalCall(_, let v, let args): return [v] + args
        case .indexed(let base, let indices): return [base] + indices.flatMap(\.expressions)
        }
    }

    /// Calls `visit` on this expression and then, depth first, on every subexpression.
    public func forEachNode(_ visit: (Expr) -> Void) {
        visit(self)
        for child in children { child.forEachNode(visit) }
    }

    /// Names of all variables referenced anywhere in this expression.
    public var referencedVariables: Set<String> {
        var names: Set<String> = []
        forEachNode { if case .variable(let name) = $0.kind { names.insert(name) } }
        return names
    }
}

extension Index {
    /// The expressions inside this index (0, 1 or 2).
    public var expressions: [Expr] {
        switch self {
        case .all: return []
        case .single(let e): return [e]
        case .range(let lo, let hi): return [lo, hi].compactMap { $0 }
        }
    }
}

extension DeclType {
    /// Every expression in the type: array sizes, element sizes and constraint bounds.
    public var expressions: [Expr] {
        var out = arrayDims
        if case .tuple(let components) = base { return out + components.flatMap(\.expressions) }
        out += base.sizes
        switch constraint {
        case .none: break
        case .bounds(let lo, let hi): out += [lo, hi].compactMap { $0 }
        case .affine(let offset, let multiplier): out += [offset, multiplier].compactMap { $0 }
        }
        return out
    }
}

extension Stmt {
    /// The statements directly nested in this one (loop/if bodies, block contents).
    public var childStatements: [Stmt] {
        switch kind {
        case .forRange(_, _, _, let body), .forEach(_, _, let body), .whileLoop(_, let body): return [body]
        case .ifElse(_, let then, let otherwise): return [then] + (otherwise.map { [$0] } ?? [])
        case .block(let body), .profile(_, let body): return body
        default: return []
        }
    }

    /// The expressions directly owned by this statement (not those of nested statements).
    public var expressions: [Expr] {
        switch kind {
        case .declaration(let d): return d.type.expressions + (d.initializer.map { [$0] } ?? [])
        case .assignment(let lv, _, let rhs): return lv.indices.flatMap { $0.flatMap(\.expressions) } + [rhs]
        case .unpack(let target, let rhs): return target.lvalues.flatMap { $0.indices.flatMap { $0.flatMap(\.expressions) } } + [rhs]
        case .tilde(let t):
            return [t.lhs] + t.arguments + [t.truncation?.lower, t.truncation?.upper].compactMap { $0 }
        case .targetIncrement(let e), .jacobianIncrement(let e): return [e]
        case .forRange(_, let lo, let hi, _): return [lo, hi]
        case .forEach(_, let collection, _): return [collection]
        case .whileLoop(let c, _), .ifElse(let c, _, _): return [c]
        case .returnStatement(let e): return e.map { [$0] } ?? []
        case .print(let args), .reject(let args), .fatalError(let args), .call(_, let args): return args
        case .block, .profile, .breakStatement, .continueStatement, .empty: return []
        }
    }

    /// Calls `visit` on this statement and then, depth first, on every nested statement.
    public func forEachStatement(_ visit: (Stmt) -> Void) {
        visit(self)
        for child in childStatements { child.forEachStatement(visit) }
    }
}

extension Program {
    /// The variables a block declares at its top level, in order: every declaration of `data` and
    /// `parameters`; the top-level `.declaration` statements of transformed data, transformed parameters and
    /// generated quantities (these are the block's outputs); model-block locals for `.model`; none for functions.
    public func declarations(in block: BlockKind) -> [VarDecl] {
        func top(_ statements: [Stmt]?) -> [VarDecl] {
            (statements ?? []).compactMap { stmt in
                if case .declaration(let d) = stmt.kind { return d }
                return nil
            }
        }
        switch block {
        case .functions: return []
        case .data: return data ?? []
        case .transformedData: return top(transformedData)
        case .parameters: return parameters ?? []
        case .transformedParameters: return top(transformedParameters)
        case .model: return top(model)
        case .generatedQuantities: return top(generatedQuantities)
        }
    }

    /// The statements of a statement block (`nil`/empty for absent blocks and for data/parameters/functions).
    public func statements(in block: BlockKind) -> [Stmt] {
        switch block {
        case .transformedData: return transformedData ?? []
        case .transformedParameters: return transformedParameters ?? []
        case .model: return model ?? []
        case .generatedQuantities: return generatedQuantities ?? []
        case .functions, .data, .parameters: return []
        }
    }
}
