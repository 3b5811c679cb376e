// Lowers indexing: single indices, multi-indices (int arrays), slices and per-lane indices in vectorised loops.
import StrataAutodiff
import StrataStanFrontEnd

/// What one index selects along one dimension (0-based positions).
enum Selection {
    case one(Int)
    case many([Int])
    /// One position per lane (vector mode).
    case lanes([Int])
}

extension Lowerer {
    /// Evaluates the index list of `name[indices]` against `dims` into per-dimension selections.
    func selections(_ indices: [Index], dims: [Int], name: String, _ range: SourceRange) throws -> [Selection] {
        guard indices.count <= dims.count else {
            throw LoweringError.invalid("too many indices for '\(name)'", range)
        }
        var out: [Selection] = []
        for (d, index) in indices.enumerated() {
            let size = dims[d]
            func check(_ i: Int, _ r: SourceRange) throws -> Int {
                guard i >= 1 && i <= size else {
                    throw LoweringError.invalid("index \(i) out of range [1, \(size)] for '\(name)'", r)
                }
                return i - 1
            }
            switch index {
            case .all: out.append(.many(Array(0..<size)))
            case .range(let lo, let hi):
                let l = try lo.map { try evaluateInt($0, what: "slice bound") } ?? 1
                let h = try hi.map { try evaluateInt($0, what: "slice bound") } ?? size
                out.append(.many(h < l ? [] : try (l...h).map { try check($0, range) }))
            case .single(let e):
                let v = try lower(e)
                guard v.isInt, let values = v.constantValues else {
                    if v.isInt {  // sort_indices_* or rank of parameters: per draw in generated quantities
                        throw LoweringError.needsPlainNumbers("an index that depends on parameters (the graph is built once)", e.range)
                    }
                    throw LoweringError.invalid("index must be an integer known from the data", e.range)
                }
                guard values.allSatisfy({ Lowerer.exactInt($0) != nil }) else {
                    throw LoweringError.invalid("index has no integer value here (is it assigned?)", e.range)
                }
                let ints = values.map { Int($0) }
                if v.varying { out.append(.lanes(try ints.map { try check($0, e.range) })) }
                else if v.isScalar { out.append(.one(try check(ints[0], e.range))) }
                else { out.append(.many(try ints.map { try check($0, e.range) })) }
            }
        }
        return out
    }

    /// Flat row-major offsets selected by `sels` (leading dimensions) from a value of sizes `dims`,
    /// with the resulting sizes; `varying` when the result has one scalar per lane.
    func offsets(_ sels: [Selection], dims: [Int], _ range: SourceRange) throws -> (offsets: [Int], dims: [Int], varying: Bool) {
        var strides = [Int](repeating: 1, count: dims.count)
        for d in stride(from: dims.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * dims[d + 1] }
        let trailing = Array(dims[sels.count...])
        let laneSels = sels.compactMap { if case .lanes(let l) = $0 { return l } else { return nil } }
        if let lanesCount = laneSels.first?.count {
            let hasMany = sels.contains { if case .many = $0 { return true } else { return false } }
            guard !hasMany, trailing.isEmpty else { throw VectorizationFallback() }
            var offs = [Int](repeating: 0, count: lanesCount)
            for (d, s) in sels.enumerated() {
                switch s {
                case .one(let i): for l in 0..<lanesCount { offs[l] += i * strides[d] }
                case .lanes(let idx): for l in 0..<lanesCount { offs[l] += idx[l] * strides[d] }
                case .many: break
                }
            }
            return (offs, [], true)
        }
        var offs = [0]
        var outDims: [Int] = []
        for (d, s) in sels.enumerated() {
            switch s {
            case .one(let i): offs = offs.map { $0 + i * strides[d] }
            case .many(let list):
                outDims.append(list.count)
                offs = offs.flatMap { base in list.map { base + $0 * strides[d] } }
            case .lanes: break
            }
        }
        let block = trailing.reduce(1, *)
        if block != 1 { offs = offs.flatMap { base in (0..<block).map { base + $0 } } }
        return (offs, outDims + trailing, false)
    }

    /// `base[indices]`.
    func indexed(_ base: SExpr, _ indices: [Index], type: StanType, _ range: SourceRange) throws -> Value {
        if case .variable(let name) = base.kind {
            let variable = try lookup(name, base.range)
            let sels = try selections(indices, dims: variable.dims, name: name, range)
            let (offs, dims, varying) = try offsets(sels, dims: variable.dims, range)
            if variable.isLaneLocal { throw VectorizationFallback() }
            let e = variable.read(offsets: offs, in: graph)
            return Value(expr: e, type: type, dims: dims, varying: varying)
        }
        let v = try lower(base)
        if v.varying { throw VectorizationFallback() }
        let sels = try selections(indices, dims: v.dims, name: StanPrinter.expression(base), range)
        let (offs, dims, varying) = try offsets(sels, dims: v.dims, range)
        return Value(expr: graph.viewOrGather(v.expr, offs), type: type, dims: dims, varying: varying)
    }
}
