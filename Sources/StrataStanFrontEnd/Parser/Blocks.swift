// Parses the program's top level: block headers in the required order and each block's contents.

extension Parser {
    /// Parses a whole program.
    public mutating func parseProgram() throws -> Program {
        var program = Program()
        var last: BlockKind?
        while current.kind != .endOfFile {
            let headerStart = current.range.start
            let kind = try parseBlockHeader()
            let headerRange = range(from: headerStart)
            if let last, kind <= last {
                let message = kind == last ? "duplicate '\(kind.title)' block"
                    : "'\(kind.title)' block must come before the '\(last.title)' block"
                throw StanDiagnostic.blockOutOfOrder(message, headerRange)
            }
            last = kind
            try expect("{")
            switch kind {
            case .functions: program.functions = try parseFunctionDefinitions()
            case .data: program.data = try parseDeclarationBlock()
            case .parameters: program.parameters = try parseDeclarationBlock()
            case .transformedData: program.transformedData = try parseStatementBlock(topLevel: true)
            case .transformedParameters: program.transformedParameters = try parseStatementBlock(topLevel: true)
            case .model: program.model = try parseStatementBlock(topLevel: false)
            case .generatedQuantities: program.generatedQuantities = try parseStatementBlock(topLevel: true)
            }
            try expect("}")
        }
        return program
    }

    private mutating func parseBlockHeader() throws -> BlockKind {
        let token = current
        let expectation = "a program block ('data', 'parameters', 'model', …)"
        guard token.kind == .identifier else {
            throw StanDiagnostic.expected(expectation, found: token.description, token.range)
        }
        advance()
        switch token.text {
        case "functions": return .functions
        case "data": return .data
        case "parameters": return .parameters
        case "model": return .model
        case "transformed":
            if current.isWord("data") { advance(); return .transformedData }
            if current.isWord("parameters") { advance(); return .transformedParameters }
            throw StanDiagnostic.expected("'data' or 'parameters'", found: current.description, current.range)
        case "generated":
            try expectWord("quantities")
            return .generatedQuantities
        default:
            throw StanDiagnostic.expected(expectation, found: token.description, token.range)
        }
    }

    /// `data` / `parameters`: declarations only, constraints allowed, no initializers.
    private mutating func parseDeclarationBlock() throws -> [VarDecl] {
        var decls: [VarDecl] = []
        while !current.isSymbol("}") && current.kind != .endOfFile {
            if accept(";") { continue }  // an empty statement, which Stan allows between declarations
            guard isDeclarationStart else {
                throw StanDiagnostic.expected("a variable declaration", found: current.description, current.range)
            }
            for decl in try parseVarDecls(allowConstraints: true) {
                if let initializer = decl.initializer {
                    throw StanDiagnostic.invalidDeclaration(
                        "variables in the data and parameters blocks cannot be given a value", initializer.range)
                }
                decls.append(decl)
            }
        }
        return decls
    }

    /// Statement blocks; `topLevel` allows constrained declarations (transformed data/parameters, generated
    /// quantities) at the outermost level.
    private mutating func parseStatementBlock(topLevel: Bool) throws -> [Stmt] {
        var statements: [Stmt] = []
        while !current.isSymbol("}") && current.kind != .endOfFile {
            statements += try parseStatements(allowConstraints: topLevel)
        }
        return statements
    }

    /// The `functions` block: definitions and forward declarations.
    private mutating func parseFunctionDefinitions() throws -> [FunctionDef] {
        var functions: [FunctionDef] = []
        while !current.isSymbol("}") && current.kind != .endOfFile {
            functions.append(try parseFunctionDefinition())
        }
        return functions
    }

    private mutating func parseFunctionDefinition() throws -> FunctionDef {
        let start = current.range.start
        var returnType: StanType?
        if current.isWord("void") {
            advance()
        } else {
            returnType = try parseUnsizedType()
        }
        let name = try expectName("a function name")
        try expect("(")
        var parameters: [FunctionParameter] = []
        if !current.isSymbol(")") {
            repeat {
                let paramStart = current.range.start
                var isData = false
                if current.isWord("data") {
                    advance()
                    isData = true
                }
                let type = try parseUnsizedType()
                let paramName = try expectName("a parameter name")
                parameters.append(FunctionParameter(isDataOnly: isData, type: type, name: paramName.text,
                                                    range: range(from: paramStart)))
            } while accept(",")
        }
        try expect(")")
        let signatureRange = range(from: start)
        if accept(";") {
            return FunctionDef(returnType: returnType, name: name.text, parameters: parameters, body: nil,
                               range: signatureRange)
        }
        guard current.isSymbol("{") else {
            throw StanDiagnostic.expected("'{' or ';'", found: current.description, current.range)
        }
        let body = try parseStatement(allowConstraints: false)
        return FunctionDef(returnType: returnType, name: name.text, parameters: parameters, body: body,
                           range: signatureRange)
    }
}
