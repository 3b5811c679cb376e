// Tuple variables in and out of the model: data read by leaf, parameters declared by leaf, CmdStan's output columns.
import StrataAutodiff
import StrataModeling
import StrataStanFrontEnd

extension Lowerer {
    /// CmdStan's columns of tuple variable `d`: names (`x:1`, `x.2:1.3`, `x:2.real`, ...) and, for each, the position
    /// in the concatenation of its leaf values (depth-first leaves, each row-major). Arrays of tuples are listed
    /// element by element (first index fastest), each element component by component.
    func tupleListing(_ d: VarDecl) throws -> (names: [String], order: [Int]) {
        let leaves = d.leafDeclarations
        let leafDims = try leaves.map { try dims(of: $0.type, name: d.name) }
        var leafStart: [Int] = [], total = 0
        for dims in leafDims { leafStart.append(total); total += dims.reduce(1, *) }
        var names: [String] = [], order: [Int] = []
        func walk(_ type: DeclType, firstLeaf: Int, outer: [Int], fixed: [Int], name: String) throws {
            guard case .tuple(let components) = type.base else {
                let inner = Array(leafDims[firstLeaf].dropFirst(outer.count))
                let innerCount = inner.reduce(1, *)
                var position = 0
                for (i, n) in zip(fixed, outer) { position = position * n + i }
                let base = leafStart[firstLeaf] + position * innerCount
                let listing: (order: [Int], names: [String])
                if type.base.baseType.isComplex { listing = OutputNaming.complexListing(name, shape: inner) }
                else if inner.count >= 2 { listing = OutputNaming.columnMajor(name, shape: inner) }
                else {
                    let flat = OutputNaming.flatNames(name, shape: inner)
                    listing = (Array(0..<flat.count), flat)
                }
                names += listing.names
                order += listing.order.map { base + $0 }
                return
            }
            let sizes = try type.arrayDims.map { e -> Int in
                let n = try evaluateInt(e, what: "size of '\(d.name)'")
                guard n >= 0 else { throw LoweringError.invalid("size of '\(d.name)' is \(n), but must be >= 0", e.range) }
                return n
            }
            for element in Self.columnMajorIndices(sizes) {
                let elementName = sizes.isEmpty ? name : name + "." + element.map { String($0 + 1) }.joined(separator: ".")
                var leaf = firstLeaf
                for (k, c) in components.enumerated() {
                    try walk(c, firstLeaf: leaf, outer: outer + sizes, fixed: fixed + element, name: elementName + ":\(k + 1)")
                    leaf += c.leafCount
                }
            }
        }
        try walk(d.type, firstLeaf: 0, outer: [], fixed: [], name: d.name)
        return (names, order)
    }

    /// Every index of an array of sizes `sizes` (zero-based), the first index varying fastest; one empty index for
    /// no sizes.
    static func columnMajorIndices(_ sizes: [Int]) -> [[Int]] {
        let total = sizes.reduce(1, *)
        guard total > 0 else { return [] }
        var out: [[Int]] = [], index = [Int](repeating: 0, count: sizes.count)
        for _ in 0..<total {
            out.append(index)
            var k = 0
            while k < sizes.count {
                index[k] += 1
                if index[k] < sizes[k] { break }
                index[k] = 0; k += 1
            }
        }
        return out
    }

    /// The leaf values of tuple variable `d`, concatenated depth first.
    func tupleLeafValues(_ d: VarDecl) throws -> GExpr {
        let parts = try d.leafDeclarations.map { try lookup($0.name, d.range).read(in: graph).expr }
        if parts.count == 1 { return parts[0] }
        return graph.join(parts.map(\.slot))
    }

    /// Checks the declared constraints of a transformed parameter or generated quantity (each leaf of a tuple) and
    /// adds it to the outputs.
    func emitDeclaredOutput(_ d: VarDecl, fatal: Bool) throws {
        for leaf in d.leafDeclarations {
            try checkConstraints(of: leaf, try lookup(leaf.name, leaf.range), fatal: fatal)
        }
        guard d.isTuple else { return emitOutput(try lookup(d.name, d.range)) }
        let listing = try tupleListing(d)
        builder.output(d.name, graph.gather(try tupleLeafValues(d), index: listing.order, name: d.name), names: listing.names)
    }

    /// A tuple parameter: one constrained parameter per leaf (`x.1`, `x.2`, ... with their transforms and Jacobians),
    /// reported as one output with CmdStan's tuple columns.
    func declareTupleParameter(_ d: VarDecl) throws {
        let first = builder.parameterCount
        try lowerParameters(d.leafDeclarations)
        guard builder.parameterCount > first else { return }
        let listing = try tupleListing(d)
        builder.reportParameters(first..<builder.parameterCount, as: d.name,
                                 value: graph.gather(try tupleLeafValues(d), index: listing.order, name: d.name),
                                 names: listing.names)
    }

    /// A tuple data variable: each leaf read from the data file's tuple object (`{"1": ..., "2": ...}`, arrays of
    /// such objects for arrays of tuples), which the reader splits into `x.1`, `x.2`, ...
    func lowerTupleData(_ d: VarDecl) throws {
        guard let data else {
            throw StanModelError("\(fileName): no data given, but the program declares data variable '\(d.name)'")
        }
        let leaves = d.leafDeclarations
        if let plain = try? data.value(named: d.name) {
            guard plain.count == 0 else {
                throw StanModelError("\(data.fileName): variable '\(d.name)' is a tuple (\(d.type.stanType)): give it as a JSON "
                                     + "object with keys \"1\", \"2\", ... (an array of such objects for an array of tuples)")
            }
            // An empty array of tuples: every leaf is empty.
            for leaf in leaves {
                let dims = try self.dims(of: leaf.type, name: d.name)
                guard dims.reduce(1, *) == 0 else {
                    throw StanModelError("\(data.fileName): variable '\(d.name)': expected \(dims) values, found an empty array")
                }
                let v = Variable(name: leaf.name, type: leaf.type.stanType, dims: dims)
                v.assignWhole(constantValue([], type: leaf.type.stanType, dims: dims))
                declare(v)
            }
            return
        }
        for leaf in leaves where !data.contains(leaf.name) {
            let anyComponent = leaves.contains { data.contains($0.name) }
            throw StanModelError(anyComponent
                ? "\(data.fileName): variable '\(d.name)': tuple component '\(leaf.name.dropFirst(d.name.count + 1))' is missing "
                    + "(declared \(d.type.stanType))"
                : "\(data.fileName): variable '\(d.name)' not found")
        }
        try lowerDataBlock(leaves)
    }
}
