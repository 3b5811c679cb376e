// Lowers Stan's constraint transforms called as functions (`*_constrain`, `*_jacobian`, `*_unconstrain`) onto the parameter transforms.
import StrataAutodiff
import StrataDistributions
import StrataModeling
import StrataStanFrontEnd

extension Lowerer {
    /// `T_constrain(y, ...)`, `T_jacobian(y, ...)` (which also adds the log Jacobian to the target, counted like the
    /// parameters' own) and `T_unconstrain(x, ...)`; nil when `name` is not one of them. Constraining runs the same
    /// transform as a declared parameter; unconstraining data runs its numeric inverse (with its support checks) and
    /// unconstraining parameter-dependent values is composed from graph operations (exact gradients).
    func transformCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        guard let (transform, suffix) = TransformFunctions.split(name) else { return nil }
        if lanes != nil { throw VectorizationFallback() }
        let before = graph.buildErrors.count
        let y = args[0]
        var result: Value
        if TransformFunctions.bounded[transform] != nil {
            result = try boundedTransform(transform, suffix, y, Array(args.dropFirst()), type: type, range)
        } else {
            let sizes = try args.dropFirst().map { try intOf($0, range) }
            result = try structuredTransform(transform, suffix, y, sizes: sizes, type: type, range)
        }
        try checkGraph(since: before, range)
        result.type = type
        return result
    }

    // MARK: Elementwise transforms with bounds

    private func boundedTransform(_ transform: String, _ suffix: String, _ y: Value, _ bounds: [Value], type: StanType,
                                  _ range: SourceRange) throws -> Value {
        for b in bounds where b.count != 1 && b.count != y.count {
            throw LoweringError.invalid("\(transform)\(suffix): a bound has \(b.count) elements, the value \(y.count)", range)
        }
        let t: any ParameterTransform
        switch transform {
        case "lower_bound": t = LowerBoundTransform(lower: bounds[0].expr)
        case "upper_bound": t = UpperBoundTransform(upper: bounds[0].expr)
        case "lower_upper_bound": t = LowerUpperBoundTransform(lower: bounds[0].expr, upper: bounds[1].expr)
        default: t = OffsetMultiplierTransform(offset: bounds[0].expr, multiplier: bounds[1].expr)
        }
        if suffix != "_unconstrain" {
            let (value, logJ) = t.constrain(y.expr, constrainedCount: y.count, in: graph)
            if suffix == "_jacobian" { try addJacobian(Value(expr: logJ, type: .real, dims: [])) }
            return Value(expr: value, type: type, dims: y.dims)
        }
        if let values = y.constantValues, bounds.allSatisfy(\.isConstant) {
            return constantValue(try numericInverse(t, values, transform, range), type: type, dims: y.dims)
        }
        let x = y.expr, a = bounds[0].expr
        let free: GExpr
        switch transform {
        case "lower_bound": free = log(x - a)
        case "upper_bound": free = log(a - x)
        case "lower_upper_bound": free = graph.apply(.logit, (x - a) / (bounds[1].expr - a))
        default: free = (x - a) / bounds[1].expr
        }
        return Value(expr: free, type: type, dims: y.dims)
    }

    /// The numeric inverse of `t` on data, its support violations as located errors.
    private func numericInverse(_ t: any ParameterTransform, _ values: [Double], _ transform: String,
                                _ range: SourceRange) throws -> [Double] {
        do {
            return try t.unconstrain(values, variable: "\(transform)_unconstrain argument", in: graph)
        } catch let e as TransformError {
            throw LoweringError.invalid("\(e.variable): \(e.message)", range)
        }
    }

    // MARK: Vector and matrix transforms (lifted over arrays)

    /// The block shapes of one structured transform: its free and constrained sizes.
    private struct BlockShapes {
        var free: [Int]
        var constrained: [Int]
        /// The transform of one block, where a single parameter transform does the whole block.
        var transform: (any ParameterTransform)?
    }

    private func blockShapes(_ transform: String, suffix: String, _ y: Value, sizes: [Int],
                             _ range: SourceRange) throws -> BlockShapes {
        let unconstrain = suffix == "_unconstrain"
        let inner = Array(y.dims.suffix(y.type.base == .matrix ? 2 : 1))
        func bad(_ why: String) -> LoweringError { LoweringError.invalid("\(transform)\(suffix): \(why)", range) }
        switch (transform, y.type.base) {
        case ("simplex", _), ("sum_to_zero", .vector):
            let n = inner[0]
            if unconstrain && n < 1 { throw bad("needs at least one element") }
            let t: any ParameterTransform = transform == "simplex" ? SimplexTransform() as any ParameterTransform : SumToZeroTransform()
            return unconstrain ? BlockShapes(free: [n - 1], constrained: [n], transform: t)
                : BlockShapes(free: [n], constrained: [n + 1], transform: t)
        case ("ordered", _), ("positive_ordered", _), ("unit_vector", _):
            if transform == "unit_vector" && inner[0] < 1 { throw bad("needs at least one element") }
            let t: any ParameterTransform
            switch transform {
            case "ordered": t = OrderedTransform()
            case "positive_ordered": t = PositiveOrderedTransform()
            default: t = UnitVectorTransform()
            }
            return BlockShapes(free: inner, constrained: inner, transform: t)
        case ("sum_to_zero", _), ("stochastic_column", _), ("stochastic_row", _):
            let (r, c) = (inner[0], inner[1])
            let dr = transform == "stochastic_row" ? 0 : 1, dc = transform == "stochastic_column" ? 0 : 1
            if unconstrain {
                if r < dr || c < dc || r * c == 0 { throw bad("a \(r)x\(c) matrix is too small") }
                return BlockShapes(free: [r - dr, c - dc], constrained: [r, c])
            }
            return BlockShapes(free: [r, c], constrained: [r + dr, c + dc])
        default:
            // cholesky_factor_corr, cholesky_factor_cov, corr_matrix, cov_matrix: free vector, constrained matrix.
            let (m, n): (Int, Int)
            if unconstrain {
                (m, n) = (inner[0], inner[1])
                if transform != "cholesky_factor_cov" && m != n { throw bad("needs a square matrix, got \(m)x\(n)") }
            } else {
                (m, n) = (sizes[0], sizes.count > 1 ? sizes[1] : sizes[0])
            }
            guard m >= n, n >= 0 else { throw bad("needs rows >= columns >= 0, got \(m)x\(n)") }
            let t: any ParameterTransform
            switch transform {
            case "cholesky_factor_corr": t = CholeskyFactorCorrTransform()
            case "corr_matrix": t = CorrMatrixTransform()
            case "cov_matrix": t = CovMatrixTransform()
            default: t = CholeskyFactorCovTransform(rows: m, columns: n)
            }
            let free = t.unconstrainedCount(constrainedCount: m * n)
            if !unconstrain && inner[0] != free {
                throw bad("a \(m)x\(n) result needs \(free) free values, got \(inner[0])")
            }
            return BlockShapes(free: [free], constrained: [m, n], transform: t)
        }
    }

    private func structuredTransform(_ transform: String, _ suffix: String, _ y: Value, sizes: [Int], type: StanType,
                                     _ range: SourceRange) throws -> Value {
        let shapes = try blockShapes(transform, suffix: suffix, y, sizes: sizes, range)
        let unconstrain = suffix == "_unconstrain"
        let inDims = unconstrain ? shapes.constrained : shapes.free
        let outDims = unconstrain ? shapes.free : shapes.constrained
        let arrayDims = Array(y.dims.dropLast(inDims.count))
        let blocks = arrayDims.reduce(1, *), inSize = inDims.reduce(1, *)
        if unconstrain { try checkSupport(y, transform, shapes, blocks: blocks, range) }
        var parts: [GExpr] = [], logJ: [GExpr] = []
        for k in 0..<blocks {
            let block = y.expr[(k * inSize)..<((k + 1) * inSize)]
            if unconstrain {
                parts.append(try unconstrainBlock(transform, block, dims: inDims, shapes))
            } else {
                let (value, j) = constrainBlock(transform, block, dims: inDims, shapes)
                parts.append(value); logJ.append(j)
            }
        }
        if suffix == "_jacobian", !logJ.isEmpty { try addJacobian(Value(expr: graph.addScalars(logJ), type: .real, dims: [])) }
        let joined = parts.count == 1 ? parts[0] : parts.isEmpty ? graph.constant([]) : graph.concat(parts)
        return Value(expr: joined, type: type, dims: arrayDims + outDims)
    }

    /// Support checks of unconstraining: on data now (a located error), on parameters at every evaluation (a
    /// rejected proposal, as Stan's `*_free` functions throw).
    private func checkSupport(_ y: Value, _ transform: String, _ shapes: BlockShapes, blocks: Int, _ range: SourceRange) throws {
        let dims = shapes.constrained, size = dims.reduce(1, *)
        let validate: ([Double], String) throws -> Void
        if let t = shapes.transform {
            validate = { [unowned graph] values, label in try t.validate(values, variable: label, in: graph) }
        } else {
            // Stochastic matrices: every column (row) a simplex; zero-sum matrices: every row and column sums to 0.
            let (r, c) = (dims[0], dims[1])
            let byColumn = transform != "stochastic_row", byRow = transform != "stochastic_column"
            let line: any ParameterTransform = transform == "sum_to_zero" ? SumToZeroTransform() as any ParameterTransform : SimplexTransform()
            validate = { [unowned graph] values, label in
                if byColumn {
                    for j in 0..<c { try line.validate((0..<r).map { values[$0 * c + j] }, variable: "\(label) column \(j + 1)", in: graph) }
                }
                if byRow {
                    for i in 0..<r { try line.validate(Array(values[(i * c)..<((i + 1) * c)]), variable: "\(label) row \(i + 1)", in: graph) }
                }
            }
        }
        let rule = StructureRule(name: "\(transform)_unconstrain argument", keyword: transform, blockSize: size,
                                 arrayCount: blocks, validate: validate)
        if let values = y.constantValues {
            if let (variable, message) = rule.violation(values) { throw LoweringError.invalid("\(variable) \(message)", range) }
        } else {
            let out = graph.allocate(count: 1, isConstant: false)
            graph.record(StructureCheckOp(rule: rule, value: y.expr.slot, output: out))
        }
    }

    /// One free block to its constrained value and log Jacobian.
    private func constrainBlock(_ transform: String, _ u: GExpr, dims: [Int], _ shapes: BlockShapes) -> (GExpr, GExpr) {
        if let t = shapes.transform {
            return t.constrain(u, constrainedCount: shapes.constrained.reduce(1, *), in: graph)
        }
        let (r, c) = (dims[0], dims[1])
        switch transform {
        case "stochastic_row":
            return alongRows(u, rows: r, columns: c) { SimplexTransform().constrain($0, constrainedCount: c + 1, in: graph) }
        case "stochastic_column":
            return alongColumns(u, rows: r, columns: c) { SimplexTransform().constrain($0, constrainedCount: r + 1, in: graph) }
        default:
            let rowsDone = alongRows(u, rows: r, columns: c) { SumToZeroTransform().constrain($0, constrainedCount: c + 1, in: graph) }
            return alongColumns(rowsDone.0, rows: r, columns: c + 1) {
                SumToZeroTransform().constrain($0, constrainedCount: r + 1, in: graph)
            }
        }
    }

    /// One constrained block back to its free values.
    private func unconstrainBlock(_ transform: String, _ x: GExpr, dims: [Int], _ shapes: BlockShapes) throws -> GExpr {
        let none = graph.constant(0)
        switch transform {
        case "simplex": return helmertCoordinates(log(x))
        case "sum_to_zero" where dims.count == 1: return helmertCoordinates(x)
        case "unit_vector": return x
        case "ordered", "positive_ordered":
            let n = x.count
            if n == 0 { return x }
            let first = transform == "ordered" ? x[0..<1] : log(x[0..<1])
            return n == 1 ? first : graph.concat([first, log(x[1..<n] - x[0..<(n - 1)])])
        case "stochastic_row":
            return alongRows(x, rows: dims[0], columns: dims[1]) { (self.helmertCoordinates(log($0)), none) }.0
        case "stochastic_column":
            return alongColumns(x, rows: dims[0], columns: dims[1]) { (self.helmertCoordinates(log($0)), none) }.0
        case "sum_to_zero":
            let (r, c) = (dims[0], dims[1])
            let rowsDone = alongRows(x, rows: r, columns: c) { (self.helmertCoordinates($0), none) }.0
            return alongColumns(rowsDone, rows: r, columns: c - 1) { (self.helmertCoordinates($0), none) }.0
        case "cholesky_factor_cov":
            return triangleWithLogDiagonal(x, rows: dims[0], columns: dims[1])
        case "cov_matrix":
            return triangleWithLogDiagonal(graph.choleskyDecompose(x, n: dims[0]), rows: dims[0], columns: dims[0])
        case "cholesky_factor_corr":
            return partialCorrelations(x, k: dims[0], byColumn: false)
        default: // corr_matrix
            return partialCorrelations(graph.choleskyDecompose(x, n: dims[0]), k: dims[0], byColumn: true)
        }
    }

    /// Vᵀ g for the K×(K−1) Helmert basis V of the sum-to-zero transform: (Σⱼ₍ᵢ gⱼ − i gᵢ)/√(i(i+1)), i = 1…K−1.
    private func helmertCoordinates(_ g: GExpr) -> GExpr {
        let k = g.count
        if k <= 1 { return graph.constant([]) }
        let prefix = graph.cumulativeSum(g)[0..<(k - 1)]
        let weights = graph.constant((1..<k).map(Double.init))
        let scale = graph.constant((1..<k).map { 1 / Double($0 * ($0 + 1)).squareRoot() })
        return (prefix - g[1..<k] * weights) * scale
    }

    /// `f` applied to each row of a row-major r×c matrix; the results are joined row-major, the log Jacobians summed.
    private func alongRows(_ m: GExpr, rows r: Int, columns c: Int, _ f: (GExpr) -> (GExpr, GExpr)) -> (GExpr, GExpr) {
        let results = (0..<r).map { f(m[($0 * c)..<(($0 + 1) * c)]) }
        return (joinParts(results.map(\.0)), graph.addScalars(results.map(\.1) + [graph.constant(0)]))
    }

    /// `f` applied to each column of a row-major r×c matrix; the results (columns of one new length) are put back
    /// row-major, the log Jacobians summed.
    private func alongColumns(_ m: GExpr, rows r: Int, columns c: Int, _ f: (GExpr) -> (GExpr, GExpr)) -> (GExpr, GExpr) {
        let results = (0..<c).map { j in f(graph.viewOrGather(m, (0..<r).map { $0 * c + j })) }
        let columnMajor = joinParts(results.map(\.0))
        let length = c == 0 ? 0 : columnMajor.count / c
        let rowMajor = graph.viewOrGather(columnMajor, (0..<length).flatMap { i in (0..<c).map { $0 * length + i } })
        return (rowMajor, graph.addScalars(results.map(\.1) + [graph.constant(0)]))
    }

    private func joinParts(_ parts: [GExpr]) -> GExpr {
        parts.isEmpty ? graph.constant([]) : parts.count == 1 ? parts[0] : graph.concat(parts)
    }

    /// The lower triangle of an m×n Cholesky factor by row, diagonal entries as logs (`cholesky_factor_cov`'s free form).
    private func triangleWithLogDiagonal(_ l: GExpr, rows m: Int, columns n: Int) -> GExpr {
        var positions: [(flat: Int, diagonal: Bool)] = []
        for i in 0..<m { for j in 0..<min(i + 1, n) { positions.append((i * n + j, i == j)) } }
        let off = positions.filter { !$0.diagonal }.map(\.flat), diag = positions.filter(\.diagonal).map(\.flat)
        let joined = joinParts([graph.viewOrGather(l, off), log(graph.viewOrGather(l, diag))].filter { $0.count > 0 })
        var nextOff = 0, nextDiag = off.count
        let order = positions.map { p -> Int in
            defer { if p.diagonal { nextDiag += 1 } else { nextOff += 1 } }
            return p.diagonal ? nextDiag : nextOff
        }
        return graph.viewOrGather(joined, order)
    }

    /// atanh of the canonical partial correlations of a K×K correlation Cholesky factor:
    /// zᵢⱼ = Lᵢⱼ / √(1 − Σⱼ'₍ⱼ Lᵢⱼ'²), by row (`cholesky_factor_corr`) or by column (`corr_matrix`).
    private func partialCorrelations(_ l: GExpr, k: Int, byColumn: Bool) -> GExpr {
        var pairs: [(i: Int, j: Int)] = []
        if byColumn {
            for j in 0..<k { for i in (j + 1)..<max(k, j + 1) { pairs.append((i, j)) } }
        } else {
            for i in 0..<k { for j in 0..<i { pairs.append((i, j)) } }
        }
        if pairs.isEmpty { return graph.constant([]) }
        let sums = graph.cumulativeSum(square(l))
        let before = graph.gather(sums, index: pairs.map { $0.i * k + $0.j - 1 })
        let rowStart = graph.gather(sums, index: pairs.map { $0.i * k - 1 })
        let z = graph.gather(l, index: pairs.map { $0.i * k + $0.j }) / sqrt(1.0 - (before - rowStart))
        return 0.5 * (log1p(z) - graph.apply(.log1m, z))
    }
}
