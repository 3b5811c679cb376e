// Parses the component lists of tuple types: sized `tuple(real<lower=0>, array[N] vector[K])` and unsized `tuple(int, vector)`.

extension Parser {
    /// The components of a declared `tuple(...)` (the keyword consumed): at least two, or one followed by a comma.
    mutating func parseTupleComponents(allowConstraints: Bool) throws -> [DeclType] {
        try enter()
        defer { leave() }
        let open = try expect("(")
        var components: [DeclType] = []
        repeat {
            if current.isSymbol(")") && components.count == 1 { break }
            components.append(try parseDeclType(allowConstraints: allowConstraints))
        } while accept(",")
        try expect(")")
        if components.count < 2 && !tokens[position - 2].isSymbol(",") {
            throw StanDiagnostic.invalidDeclaration("a tuple type needs at least two components (or one and a trailing "
                                                    + "comma: 'tuple(real,)')", range(from: open.range.start))
        }
        return components
    }

    /// The components of an unsized `tuple(...)` in a function signature (the keyword consumed).
    mutating func parseUnsizedTupleComponents() throws -> [StanType] {
        try enter()
        defer { leave() }
        let open = try expect("(")
        var components: [StanType] = []
        repeat {
            if current.isSymbol(")") && components.count == 1 { break }
            components.append(try parseUnsizedType())
        } while accept(",")
        try expect(")")
        if components.count < 2 && !tokens[position - 2].isSymbol(",") {
            throw StanDiagnostic.invalidDeclaration("a tuple type needs at least two components (or one and a trailing "
                                                    + "comma: 'tuple(real,)')", range(from: open.range.start))
        }
        return components
    }
}
