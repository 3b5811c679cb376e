// CmdStan JSON for Stan tuples: objects with keys "1", "2", ... (arrays of such objects), split into one variable per component.

extension JSONDataParser {
    /// A parsed value that holds tuples somewhere: a plain number array, a tuple object, or an array of either.
    indirect enum TupleNode {
        case leaf(DataValue)
        case object([TupleNode])
        case array([TupleNode])
    }

    /// `true` if the value at the cursor is an object, or an array whose first innermost element is one.
    func startsTuple() -> Bool {
        var p = pos
        while p < end {
            let c = bytes[p]
            if c == UInt8(ascii: "[") || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { p += 1; continue }
            return c == UInt8(ascii: "{")
        }
        return false
    }

    /// Parses a value holding tuples and splits it into one variable per tuple component: `x.1`, `x.2.1`, ... (an
    /// array of tuples becomes arrays of components, as Stan's arrays of tuples are read).
    mutating func parseTupleVariable(name: String) throws -> [(name: String, value: DataValue)] {
        let start = pos
        let node = try parseTupleNode(name: name, depth: 1)
        do {
            return try Self.components(of: node, name: name)
        } catch let message as TupleShapeMessage {
            throw error("variable '\(name)': \(message.text)", at: start, showFound: false)
        }
    }

    private struct TupleShapeMessage: Error { let text: String }

    private mutating func parseTupleNode(name: String, depth: Int) throws -> TupleNode {
        guard depth <= Self.maximumDepth else {
            throw error("variable '\(name)': tuples and arrays nested more than \(Self.maximumDepth) deep", showFound: false)
        }
        skipWhitespace()
        if peek() == UInt8(ascii: "{") {
            pos += 1
            var members: [TupleNode] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { throw error("variable '\(name)': a tuple object needs the keys \"1\", \"2\", ...") }
            while true {
                skipWhitespace()
                let keyStart = pos
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a tuple component key \"\(members.count + 1)\" in '\(name)'") }
                let key = try parseString()
                guard key == String(members.count + 1) else {
                    throw error("variable '\(name)': tuple keys must be \"1\", \"2\", ... in order; expected \"\(members.count + 1)\", "
                                + "found \"\(key)\"", at: keyStart, showFound: false)
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after tuple key \"\(key)\" in '\(name)'")
                members.append(try parseTupleNode(name: name + "." + key, depth: depth + 1))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { pos += 1; continue }
                if peek() == UInt8(ascii: "}") { pos += 1; break }
                throw error("expected ',' or '}' in the tuple '\(name)'")
            }
            return .object(members)
        }
        if peek() == UInt8(ascii: "["), startsTuple() {
            pos += 1
            var elements: [TupleNode] = []
            while true {
                elements.append(try parseTupleNode(name: name, depth: depth + 1))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { pos += 1; continue }
                if peek() == UInt8(ascii: "]") { pos += 1; break }
                throw error("expected ',' or ']' in the array of tuples '\(name)'")
            }
            return .array(elements)
        }
        var values: [Double] = []
        var isInteger = true
        let shape = try parseValue(name: name, into: &values, isInteger: &isInteger)
        return .leaf(DataValue(shape: shape, values: values, isInteger: isInteger))
    }

    /// The component variables of a tuple value; arrays of tuples stack each component.
    private static func components(of node: TupleNode, name: String) throws -> [(name: String, value: DataValue)] {
        switch node {
        case .leaf(let v): return [(name, v)]
        case .object(let members):
            return try members.enumerated().flatMap { k, m in try components(of: m, name: name + ".\(k + 1)") }
        case .array(let elements):
            let parts = try elements.map { try components(of: $0, name: name) }
            guard let first = parts.first else { return [(name, DataValue(shape: [0], values: [], isInteger: true))] }
            for (k, part) in parts.enumerated().dropFirst() {
                guard part.map(\.name) == first.map(\.name) else {
                    throw TupleShapeMessage(text: "element \(k + 1) of the array has different tuple components from element 1")
                }
                for (a, b) in zip(part, first) where a.value.shape != b.value.shape {
                    throw TupleShapeMessage(text: "'\(a.name)' has shape \(a.value.shape) in element \(k + 1) of the array but "
                                            + "\(b.value.shape) in element 1")
                }
            }
            return first.indices.map { j in
                (first[j].name, DataValue(shape: [parts.count] + first[j].value.shape,
                                          values: parts.flatMap { $0[j].value.values },
                                          isInteger: parts.allSatisfy { $0[j].value.isInteger }))
            }
        }
    }
}
