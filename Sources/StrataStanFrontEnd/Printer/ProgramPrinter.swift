// Prints statements, function definitions and whole programs as canonically indented Stan source.

extension StanPrinter {
    /// Stan source for a whole program (2-space indentation, one statement per line).
    public static func program(_ program: Program) -> String {
        var out = ""
        func emit(_ title: String, _ lines: [String]) {
            out += "\(title) {\n"
            for line in lines { out += line + "\n" }
            out += "}\n"
        }
        if let functions = program.functions {
            emit("functions", functions.flatMap { functionDefinition($0, indent: 1) })
        }
        if let data = program.data { emit("data", data.map { "  " + declaration($0) }) }
        if let td = program.transformedData { emit("transformed data", td.flatMap { statement($0, indent: 1) }) }
        if let params = program.parameters { emit("parameters", params.map { "  " + declaration($0) }) }
        if let tp = program.transformedParameters {
            emit("transformed parameters", tp.flatMap { statement($0, indent: 1) })
        }
        if let model = program.model { emit("model", model.flatMap { statement($0, indent: 1) }) }
        if let gq = program.generatedQuantities {
            emit("generated quantities", gq.flatMap { statement($0, indent: 1) })
        }
        return out
    }

    /// A declaration statement without indentation, e.g. `vector[N] mu = x * beta;`.
    public static func declaration(_ decl: VarDecl) -> String {
        let value = decl.initializer.map { " = " + expression($0) } ?? ""
        return "\(declType(decl.type)) \(decl.name)\(value);"
    }

    /// A function definition or forward declaration as indented lines.
    public static func functionDefinition(_ function: FunctionDef, indent: Int) -> [String] {
        let pad = String(repeating: "  ", count: indent)
        let params = function.parameters.map { ($0.isDataOnly ? "data " : "") + "\($0.type) \($0.name)" }
        let header = "\(pad)\(function.returnType?.description ?? "void") \(function.name)("
            + params.joined(separator: ", ") + ")"
        guard let body = function.body else { return [header + ";"] }
        var lines = statement(body, indent: indent)
        lines[0] = header + " " + lines[0].drop { $0 == " " }
        return lines
    }

    /// A statement as lines indented by `indent` levels of two spaces.
    public static func statement(_ stmt: Stmt, indent: Int) -> [String] {
        let pad = String(repeating: "  ", count: indent)
        switch stmt.kind {
        case .declaration(let decl): return [pad + declaration(decl)]
        case .assignment(let lhs, let op, let rhs): return [pad + "\(lvalue(lhs)) \(op.rawValue) \(expression(rhs));"]
        case .unpack(let target, let rhs): return [pad + "\(unpackTarget(target)) = \(expression(rhs));"]
        case .tilde(let tilde):
            var line = pad + "\(expression(tilde.lhs)) ~ \(tilde.distribution)(\(list(tilde.arguments)))"
            if let truncation = tilde.truncation {
                line += " T[\(truncation.lower.map { expression($0) } ?? ""), "
                    + "\(truncation.upper.map { expression($0) } ?? "")]"
            }
            return [line + ";"]
        case .targetIncrement(let value): return [pad + "target += \(expression(value));"]
        case .jacobianIncrement(let value): return [pad + "jacobian += \(expression(value));"]
        case .forRange(let variable, let lower, let upper, let body):
            return withBody(pad + "for (\(variable) in \(expression(lower)):\(expression(upper)))", body, indent)
        case .forEach(let variable, let collection, let body):
            return withBody(pad + "for (\(variable) in \(expression(collection)))", body, indent)
        case .whileLoop(let condition, let body):
            return withBody(pad + "while (\(expression(condition)))", body, indent)
        case .ifElse(let condition, let then, let otherwise):
            var lines = withBody(pad + "if (\(expression(condition)))", then, indent)
            if let otherwise {
                var elseLines: [String]
                if case .ifElse = otherwise.kind {
                    elseLines = statement(otherwise, indent: indent)
                    elseLines[0] = "else " + elseLines[0].drop { $0 == " " }
                } else {
                    elseLines = withBody("else", otherwise, indent)
                }
                if case .block = then.kind {
                    lines[lines.count - 1] += " " + elseLines[0]
                } else {
                    lines.append(pad + elseLines[0])
                }
                lines += elseLines.dropFirst()
            }
            return lines
        case .block(let body):
            return [pad + "{"] + body.flatMap { statement($0, indent: indent + 1) } + [pad + "}"]
        case .profile(let name, let body):
            return [pad + "profile(\"\(name)\") {"] + body.flatMap { statement($0, indent: indent + 1) } + [pad + "}"]
        case .breakStatement: return [pad + "break;"]
        case .continueStatement: return [pad + "continue;"]
        case .returnStatement(let value): return [pad + "return" + (value.map { " " + expression($0) } ?? "") + ";"]
        case .print(let args): return [pad + "print(\(list(args)));"]
        case .reject(let args): return [pad + "reject(\(list(args)));"]
        case .fatalError(let args): return [pad + "fatal_error(\(list(args)));"]
        case .call(let name, let args): return [pad + "\(name)(\(list(args)));"]
        case .empty: return [pad + ";"]
        }
    }

    /// `header {` … `}` for block bodies, otherwise the header followed by the indented single statement.
    private static func withBody(_ header: String, _ body: Stmt, _ indent: Int) -> [String] {
        if case .block(let inner) = body.kind {
            let pad = String(repeating: "  ", count: indent)
            return [header + " {"] + inner.flatMap { statement($0, indent: indent + 1) } + [pad + "}"]
        }
        return [header] + statement(body, indent: indent + 1)
    }
}
