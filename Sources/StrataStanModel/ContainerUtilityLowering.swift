// Lowers Stan's container utilities: sorting and ranks, reverse, norms and distances, array joins and reshapes,
// and the constant builders (zeros_*, ones_*, linspaced_*, one_hot_*, uniform_simplex), is_nan and is_inf.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Container utilities; nil when `name` is not one of them.
    func containerUtilityCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        if let v = try constantBuilder(name, args, type: type, range) { return v }
        switch (name, args.count) {
        case ("sort_asc", 1), ("sort_desc", 1):
            return Value(expr: graph.sorted(args[0].expr, descending: name == "sort_desc"), type: type, dims: args[0].dims)
        case ("sort_indices_asc", 1), ("sort_indices_desc", 1):
            // Integer positions: on parameters a graph node without gradient (as Stan), usable as values, not as indices.
            return Value(expr: graph.sortIndices(args[0].expr, descending: name == "sort_indices_desc"), type: type, dims: [args[0].count])
        case ("rank", 2):
            let s = try intOf(args[1], range), n = args[0].count
            guard s >= 1 && s <= n else { throw LoweringError.invalid("rank: index \(s) out of range [1, \(n)]", range) }
            return Value(expr: graph.rank(args[0].expr, of: s), type: type, dims: [])
        case ("reverse", 1):
            let v = args[0], outer = v.dims.first ?? 1, inner = outer == 0 ? 0 : v.count / outer
            let offsets = (0..<outer).reversed().flatMap { i in (0..<inner).map { i * inner + $0 } }
            return Value(expr: graph.viewOrGather(v.expr, offsets), type: type, dims: v.dims)
        case ("distance", 2):
            guard args[0].count == args[1].count else {
                throw LoweringError.invalid("distance: sizes differ (\(args[0].count) and \(args[1].count))", range)
            }
            let d = args[0].expr - args[1].expr
            return Value(expr: graph.apply(.sqrt, graph.dot(d, d)), type: type, dims: [])
        case ("norm1", 1):
            return Value(expr: graph.sum(graph.apply(.abs, args[0].expr)), type: type, dims: [])
        case ("norm2", 1):
            return Value(expr: graph.apply(.sqrt, graph.dot(args[0].expr, args[0].expr)), type: type, dims: [])
        case ("append_array", 2):
            let a = args[0], b = args[1]
            guard Array(a.dims.dropFirst()) == Array(b.dims.dropFirst()) else {
                throw LoweringError.invalid("append_array: element sizes differ (\(a.dims) and \(b.dims))", range)
            }
            let joined = a.count == 0 ? b.expr : b.count == 0 ? a.expr : graph.concat([a.expr, b.expr])
            return Value(expr: joined, type: type, dims: [(a.dims.first ?? 1) + (b.dims.first ?? 1)] + a.dims.dropFirst())
        case ("to_array_2d", 1):
            let (r, c) = shape2(args[0])
            return Value(expr: args[0].expr, type: type, dims: [r, c])
        case ("is_nan", 1), ("is_inf", 1):
            if args[0].constantValues == nil {
                // On the graph: a 0/1 comparison node (x ≠ x holds only for NaN; |x| = ∞ only for ±∞).
                let x = args[0]
                let flag = name == "is_nan" ? graph.compare(.notEqual, x.expr, x.expr)
                    : graph.compare(.equal, graph.apply(.abs, x.expr), scalarConstant(.infinity))
                return Value(expr: flag, type: type, dims: x.dims, varying: x.varying)
            }
            return try mapConstant(args, type: type, range, what: name) { name == "is_nan" ? ($0[0].isNaN ? 1 : 0) : ($0[0].isInfinite ? 1 : 0) }
        default:
            return nil
        }
    }

    /// zeros_*, ones_*, linspaced_*, one_hot_* and uniform_simplex: constants of a size known from the data.
    private func constantBuilder(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        let values: [Double]
        switch name {
        case "zeros_vector", "zeros_row_vector", "zeros_array", "zeros_int_array",
             "ones_vector", "ones_row_vector", "ones_array", "ones_int_array", "uniform_simplex":
            guard args.count == 1 else { return nil }
            let n = try size(args[0], name, range)
            let fill = name.hasPrefix("zeros") ? 0.0 : name.hasPrefix("ones") ? 1.0 : 1 / Double(n)
            if name == "uniform_simplex" && n == 0 { throw LoweringError.invalid("uniform_simplex: size must be positive", range) }
            values = [Double](repeating: fill, count: n)
        case "linspaced_vector", "linspaced_row_vector", "linspaced_array", "linspaced_int_array":
            guard args.count == 3 else { return nil }
            let n = try size(args[0], name, range)
            guard let ends = args[1].constantValues, let ends2 = args[2].constantValues else { return nil }
            let low = ends[0], high = ends2[0]
            guard low <= high else { throw LoweringError.invalid("\(name): low (\(low)) must not exceed high (\(high))", range) }
            if name == "linspaced_int_array" {
                // Stan: step (high − low) / (K − 1) in integer division, so the last element may fall short of high.
                let step = n > 1 ? Int(high - low) / (n - 1) : 0
                values = (0..<n).map { n == 1 ? high : low + Double($0 * step) }
            } else {
                values = (0..<n).map { n == 1 ? high : $0 == n - 1 ? high : low + (high - low) * Double($0) / Double(n - 1) }
            }
        case "one_hot_vector", "one_hot_row_vector", "one_hot_array", "one_hot_int_array":
            guard args.count == 2 else { return nil }
            let n = try size(args[0], name, range), k = try intOf(args[1], range)
            guard n >= 1, k >= 1, k <= n else { throw LoweringError.invalid("\(name)(\(n), \(k)): k must be in [1, n] and n positive", range) }
            values = (0..<n).map { $0 == k - 1 ? 1 : 0 }
        default:
            return nil
        }
        return Value(expr: graph.constant(values), type: type, dims: [values.count])
    }

    /// A size argument: an int >= 0 known from the data.
    private func size(_ v: Value, _ name: String, _ range: SourceRange) throws -> Int {
        let n = try intOf(v, range)
        guard n >= 0 else { throw LoweringError.invalid("\(name): size \(n) must be >= 0", range) }
        return n
    }
}
