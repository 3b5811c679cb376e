// Declares the parameters block: each declaration becomes a ModelBuilder parameter with its constraint transform.
import StrataAutodiff
import StrataModeling
import StrataStanFrontEnd

extension Lowerer {
    /// The ``StrataModeling/Constraint`` of a structured base type (simplex, ordered, ...), nil for plain types.
    func structuredConstraint(_ base: DeclBase, dims: [Int]) -> StrataModeling.Constraint? {
        switch base {
        case .int, .real, .complex, .vector, .rowVector, .matrix, .complexVector, .complexRowVector, .complexMatrix: return nil
        case .simplex: return .simplex
        case .unitVector: return .unitVector
        case .ordered: return .ordered
        case .positiveOrdered: return .positiveOrdered
        case .choleskyFactorCorr: return .choleskyFactorCorr
        case .choleskyFactorCov: return .choleskyFactorCov(rows: dims[dims.count - 2], columns: dims[dims.count - 1])
        case .corrMatrix: return .corrMatrix
        case .covMatrix: return .covMatrix
        case .sumToZeroVector: return .sumToZero
        case .sumToZeroMatrix: return .sumToZeroMatrix(rows: dims[dims.count - 2], columns: dims[dims.count - 1])
        case .rowStochasticMatrix:
            return .stochasticMatrix(rows: dims[dims.count - 2], columns: dims[dims.count - 1], byRow: true)
        case .columnStochasticMatrix:
            return .stochasticMatrix(rows: dims[dims.count - 2], columns: dims[dims.count - 1], byRow: false)
        case .tuple: return nil
        }
    }

    func lowerParameters(_ decls: [VarDecl]) throws {
        for d in decls {
            graph.sourceTag = tagging.tag(d.range, block)
            defer { graph.sourceTag = -1 }
            if d.isTuple {
                try declareTupleParameter(d)
                continue
            }
            if let plan = marginal.plans[d.name] {
                try declareMarginalised(d, plan)
                continue
            }
            let dims = try self.dims(of: d.type, name: d.name)
            let count = dims.reduce(1, *)
            let before = graph.buildErrors.count
            var constraint: StrataModeling.Constraint = .unconstrained
            if let structured = structuredConstraint(d.type.base, dims: dims) {
                if !d.type.arrayDims.isEmpty {
                    try declareStructuredArray(d, dims: dims, structured)
                    continue
                }
                constraint = structured
            }
            func bound(_ e: SExpr) throws -> Bound {
                let v = try lower(e)
                guard v.count == 1 || v.count == count else {
                    throw LoweringError.invalid("bound of '\(d.name)' has \(v.count) elements, the parameter has \(count)", e.range)
                }
                return .expr(v.expr)
            }
            switch d.type.constraint {
            case .none: break
            case .bounds(let lo?, let hi?): constraint = .bounds(try bound(lo), try bound(hi))
            case .bounds(let lo?, nil): constraint = .lower(try bound(lo))
            case .bounds(nil, let hi?): constraint = .upper(try bound(hi))
            case .bounds(nil, nil): break
            case .affine(let o, let m):
                constraint = .offsetMultiplier(try o.map(bound) ?? .value(0), try m.map(bound) ?? .value(1))
            }
            let value = builder.parameter(d.name, shape: dims, constraint, columnMajorOutput: true)
            if d.type.base.baseType.isComplex {
                // Two unconstrained reals per element, listed as CmdStan lists complex values (z.real, z.imag).
                builder.reportParameters(builder.parameterCount - 1..<builder.parameterCount, as: d.name, shape: dims,
                                         value: value, complex: true)
            }
            try checkGraph(since: before, d.range)
            let v = Variable(name: d.name, type: d.type.stanType, dims: dims)
            v.assignWhole(Value(expr: value, type: d.type.stanType, dims: dims))
            declare(v)
        }
    }

    /// `array[...] simplex[K] theta` (and other structured element types): one constrained parameter
    /// per array element, named `theta.1`, `theta.2`, ... (so outputs read `theta.1.1`, ... as in
    /// CmdStan), joined into one row-major value.
    private func declareStructuredArray(_ d: VarDecl, dims: [Int], _ constraint: StrataModeling.Constraint) throws {
        let arrayDims = Array(dims.prefix(d.type.arrayDims.count)), elementDims = Array(dims.dropFirst(arrayDims.count))
        let before = graph.buildErrors.count
        var parts: [GExpr] = []
        let firstParameter = builder.parameterCount
        var index = [Int](repeating: 1, count: arrayDims.count)
        for _ in 0..<arrayDims.reduce(1, *) {
            let label = ([d.name] + index.map(String.init)).joined(separator: ".")
            parts.append(builder.parameter(label, shape: elementDims, constraint,
                                           columnMajorOutput: d.type.stanType.base == .matrix))
            var k = index.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] <= arrayDims[k] { break }
                index[k] = 1; k -= 1
            }
        }
        try checkGraph(since: before, d.range)
        let value = parts.isEmpty ? graph.constant([]) : graph.join(parts.map(\.slot))
        // Reported as one output, fully column-major as CmdStan lists it (theta.1.1, theta.2.1, ...).
        builder.reportParameters(firstParameter..<builder.parameterCount, as: d.name, shape: dims, value: value)
        let v = Variable(name: d.name, type: d.type.stanType, dims: dims)
        v.assignWhole(Value(expr: value, type: d.type.stanType, dims: dims))
        declare(v)
    }
}
