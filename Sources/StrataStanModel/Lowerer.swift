// The lowering context: graph, scopes of variables, target terms, vector-mode state and small helpers.
import StrataAutodiff
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanFrontEnd

/// Walks a checked Stan program block by block and records it in a ``ModelBuilder``'s graph.
final class Lowerer {
    let builder = ModelBuilder()
    var graph: Graph { builder.graph }
    let fileName: String
    let data: DataSet?
    /// Variables by name, innermost scope last.
    var scopes: [[String: Variable]] = [[:]]
    /// Terms added to the log density (`~`, `target +=`).
    var terms: [GExpr] = []
    /// Log-Jacobian terms (`jacobian +=`, the `*_jacobian` functions), left out when the Jacobian is.
    var jacobianTerms: [GExpr] = []
    /// Number of lanes while a loop is lowered in vector mode, nil otherwise.
    var lanes: Int?
    /// The block being lowered.
    var block: BlockKind = .data
    /// User-defined functions with bodies, by name (overloads in source order).
    var functions: [String: [FunctionDef]] = [:]
    /// Nesting depth of inlined user-function calls.
    var inlineDepth = 0
    /// The reduce_sum slices being inlined (function name, slice length): a nested call that repeats one never ends.
    var reduceSumSlices: [(function: String, count: Int)] = []
    /// Source statement of every recorded operation (for `strata profile` and `profile` blocks).
    let tagging = SourceTagging()
    /// Parameters integrated out of the log density (see ``MarginalisationPlanner``).
    var marginal = MarginalState()
    /// Where `_rng` calls draw from (transformed data, and generated quantities on plain numbers); nil elsewhere.
    var randomStream: ChainRNG?
    /// True while generated quantities are evaluated on plain numbers for one draw (see `QuantityInterpreter`).
    var plainNumbers = false
    /// True while a user function is recorded as its own graph for a higher-order function (ODE right-hand sides,
    /// solvers, integrands): branches on its inputs become select nodes whatever block the call is in.
    var recordsFunction = false
    /// Conditions (0/1 graph values) of the enclosing parameter-dependent `if` branches being lowered.
    var branchConditions: [GExpr] = []
    /// Set when the generated quantities are evaluated per draw on plain numbers (see `StanQuantityProgram`).
    var plainQuantities: (inputs: [QuantityInput], outputs: [QuantityOutput], names: [String])?
    /// Suppresses `print` (the quantity interpreter replays data and transformed data that were printed at build).
    var silent = false
    private var intCache: [Double: GExpr] = [:]
    private(set) lazy var nanSlot: Slot = graph.constant(.nan).slot

    init(fileName: String, data: DataSet?) {
        self.fileName = fileName; self.data = data
    }

    // MARK: Scopes

    func lookup(_ name: String, _ range: SourceRange) throws -> Variable {
        for s in scopes.reversed() { if let v = s[name] { return v } }
        throw LoweringError.invalid("variable '\(name)' has no value here", range)
    }

    func declare(_ v: Variable) { scopes[scopes.count - 1][v.name] = v }

    func withScope<T>(_ body: () throws -> T) rethrows -> T {
        scopes.append([:])
        defer { scopes.removeLast() }
        return try body()
    }

    /// Forgets everything recorded after `mark` (graph slots, operations and cached constants).
    func rollback(to mark: Graph.Mark) {
        graph.rollback(to: mark)
        intCache = intCache.filter { $0.value.slot.offset < mark.arenaSize }
    }

    // MARK: Constants

    /// A cached constant scalar (ints, literals).
    func scalarConstant(_ x: Double) -> GExpr {
        if !x.isNaN, let c = intCache[x] { return c }
        let c = graph.constant(x)
        if !x.isNaN { intCache[x] = c }
        return c
    }

    func intValue(_ n: Int) -> Value { Value(expr: scalarConstant(Double(n)), type: .int, dims: []) }

    func realValue(_ x: Double) -> Value { Value(expr: scalarConstant(x), type: .real, dims: []) }

    /// A constant value of the given type and sizes.
    func constantValue(_ values: [Double], type: StanType, dims: [Int], varying: Bool = false) -> Value {
        let e = values.count == 1 ? scalarConstant(values[0]) : graph.constant(values)
        return Value(expr: e, type: type, dims: dims, varying: varying)
    }

    // MARK: Compile-time integers

    /// Lowers `e` and requires a single data integer (sizes, loop bounds, indices).
    func evaluateInt(_ e: SExpr, what: String) throws -> Int {
        let v = try lower(e)
        if v.varying { throw VectorizationFallback() }
        guard let values = v.constantValues, values.count == 1 else {
            throw LoweringError.invalid("\(what) must be a single integer known from the data", e.range)
        }
        guard let n = Self.exactInt(values[0]) else {
            throw LoweringError.invalid("\(what) is \(values[0]), not an integer", e.range)
        }
        return n
    }

    static func exactInt(_ x: Double) -> Int? {
        guard x.isFinite, x == x.rounded(), Swift.abs(x) < 9.0e15 else { return nil }
        return Int(x)
    }

    /// The sizes of a declaration: array sizes, then the element type's sizes.
    func dims(of type: DeclType, name: String) throws -> [Int] {
        var dims: [Int] = []
        for e in type.arrayDims + type.base.sizes {
            let n = try evaluateInt(e, what: "size of '\(name)'")
            guard n >= 0 else { throw LoweringError.invalid("size of '\(name)' is \(n), but must be >= 0", e.range) }
            dims.append(n)
        }
        if case .choleskyFactorCorr = type.base { dims.append(dims.last!) }
        if case .corrMatrix = type.base { dims.append(dims.last!) }
        if case .covMatrix = type.base { dims.append(dims.last!) }
        if case .choleskyFactorCov(_, nil) = type.base { dims.append(dims.last!) }
        if type.base.baseType.isComplex { dims.append(2) }
        let elements = dims.reduce(1.0) { $0 * Double($1) }
        do {
            try MemoryBudget.require(elements * 8, for: "'\(name)' (\(dims.map(String.init).joined(separator: " × ")) values)")
        } catch let e as InsufficientMemoryError {
            throw LoweringError.invalid(e.description, type.arrayDims.first?.range ?? type.base.sizes.first?.range ?? .unknown)
        }
        return dims
    }

    /// Records a graph build error raised while lowering something at `range` as a located error.
    func checkGraph(since count: Int, _ range: SourceRange) throws {
        if graph.buildErrors.count > count {
            throw LoweringError.invalid(graph.buildErrors[count], range)
        }
    }

    /// Builds graph nodes with `build`, then throws the first build error they recorded (located at `range`).
    func checkedNode<T>(_ range: SourceRange, _ build: () throws -> T) throws -> T {
        let before = graph.buildErrors.count
        let out = try build()
        try checkGraph(since: before, range)
        return out
    }
}
