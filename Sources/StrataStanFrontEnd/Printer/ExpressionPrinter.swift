// Prints expressions, indices and types as Stan source, inserting only the parentheses precedence requires.

/// Converts AST fragments back to Stan source text.
public enum StanPrinter {
    private static let postfixPrecedence = 11
    private static let primaryPrecedence = 12

    /// Stan source for `expr`, parenthesized if its precedence is below `minimumPrecedence`.
    public static func expression(_ expr: Expr, minimumPrecedence: Int = 0) -> String {
        let (text, precedence) = render(expr)
        return precedence < minimumPrecedence ? "(\(text))" : text
    }

    private static func render(_ expr: Expr) -> (String, Int) {
        switch expr.kind {
        case .intLiteral(let t), .realLiteral(let t): return (t, primaryPrecedence)
        case .imaginaryLiteral(let t): return (t + "i", primaryPrecedence)
        case .stringLiteral(let s): return ("\"\(s)\"", primaryPrecedence)
        case .variable(let name): return (name, primaryPrecedence)
        case .binary(let op, let lhs, let rhs):
            let leftMin = op.isRightAssociative ? op.precedence + 1 : op.precedence
            let rightMin = op.isRightAssociative ? op.precedence : op.precedence + 1
            let text = "\(expression(lhs, minimumPrecedence: leftMin)) \(op.rawValue) "
                + expression(rhs, minimumPrecedence: rightMin)
            return (text, op.precedence)
        case .prefix(let op, let operand):
            return (op.rawValue + expression(operand, minimumPrecedence: BinaryOperator.prefixPrecedence),
                    BinaryOperator.prefixPrecedence)
        case .transpose(let operand):
            return (expression(operand, minimumPrecedence: postfixPrecedence) + "'", postfixPrecedence)
        case .conditional(let c, let t, let e):
            return ("\(expression(c, minimumPrecedence: 1)) ? \(expression(t)) : \(expression(e))", 0)
        case .call(let name, let args):
            return ("\(name)(\(list(args)))", primaryPrecedence)
        case .conditionalCall(let name, let variate, let args):
            let rest = args.isEmpty ? "" : " " + list(args)
            return ("\(name)(\(expression(variate)) |\(rest))", primaryPrecedence)
        case .indexed(let base, let indices):
            return ("\(expression(base, minimumPrecedence: postfixPrecedence))[\(self.indices(indices))]",
                    postfixPrecedence)
        case .array(let items): return ("{\(list(items))}", primaryPrecedence)
        case .rowVector(let items): return ("[\(list(items))]", primaryPrecedence)
        case .tuple(let items): return ("(\(list(items))\(items.count == 1 ? "," : ""))", primaryPrecedence)
        case .tupleComponent(let base, let k):
            return ("\(expression(base, minimumPrecedence: postfixPrecedence)).\(k)", postfixPrecedence)
        }
    }

    /// Comma-separated expressions.
    public static func list(_ exprs: [Expr]) -> String {
        exprs.map { expression($0) }.joined(separator: ", ")
    }

    /// The contents of an index bracket, e.g. `i, 2:N, :`.
    public static func indices(_ indices: [Index]) -> String {
        indices.map { index in
            switch index {
            case .all: return ":"
            case .single(let e): return expression(e)
            case .range(let lower, let upper):
                return (lower.map { expression($0) } ?? "") + ":" + (upper.map { expression($0) } ?? "")
            }
        }.joined(separator: ", ")
    }

    /// A declared type, e.g. `array[J] vector<lower=0>[N]`.
    public static func declType(_ type: DeclType) -> String {
        var text = type.arrayDims.isEmpty ? "" : "array[\(list(type.arrayDims))] "
        if case .tuple(let components) = type.base {
            return text + "tuple(" + components.map(declType).joined(separator: ", ") + (components.count == 1 ? ",)" : ")")
        }
        text += type.base.keyword
        text += constraint(type.constraint)
        let sizes = type.base.sizes
        if !sizes.isEmpty { text += "[\(list(sizes))]" }
        return text
    }

    /// A constraint `<lower=…, upper=…>` (empty for `.none`); bounds print above comparison precedence.
    public static func constraint(_ constraint: Constraint) -> String {
        let minimum = BinaryOperator.add.precedence
        var parts: [String] = []
        switch constraint {
        case .none: return ""
        case .bounds(let lower, let upper):
            if let lower { parts.append("lower=" + expression(lower, minimumPrecedence: minimum)) }
            if let upper { parts.append("upper=" + expression(upper, minimumPrecedence: minimum)) }
        case .affine(let offset, let multiplier):
            if let offset { parts.append("offset=" + expression(offset, minimumPrecedence: minimum)) }
            if let multiplier { parts.append("multiplier=" + expression(multiplier, minimumPrecedence: minimum)) }
        }
        return "<\(parts.joined(separator: ", "))>"
    }

    /// An lvalue, e.g. `x[i][j, k]`.
    public static func lvalue(_ lvalue: LValue) -> String {
        var text = lvalue.name
        for (k, group) in lvalue.indices.enumerated() {
            for c in lvalue.components where c.afterGroups == k { text += ".\(c.component)" }
            text += "[\(indices(group))]"
        }
        for c in lvalue.components where c.afterGroups == lvalue.indices.count { text += ".\(c.component)" }
        return text
    }

    /// The targets of an unpacking assignment, e.g. `(a, (b, c[i]))`.
    public static func unpackTarget(_ target: UnpackTarget) -> String {
        switch target {
        case .single(let lv): return lvalue(lv)
        case .tuple(let items, _): return "(" + items.map(unpackTarget).joined(separator: ", ") + ")"
        }
    }
}
