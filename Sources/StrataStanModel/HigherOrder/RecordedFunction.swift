// A user function recorded as a graph of its own, evaluated on plain numbers with its Jacobian (solvers, quadrature, DAEs).
import StrataAutodiff
import StrataCore
import StrataStanFrontEnd

/// g(u, θ) for a user function whose leading arguments u (the solver's unknowns, the integration variable, …) and
/// whose parameter-dependent other arguments θ are one input block [u₁…u_L, θ₁…θ_P] of a graph of its own.
///
/// The graph's target is w · g for a latent weight vector w, so a reverse sweep with w = e_i gives the gradient of
/// g_i. The graph is only read after it is built; each evaluation makes its own evaluator, so one function serves
/// every chain.
final class RecordedFunction: @unchecked Sendable {
    let graph: Graph
    /// L, P and the number of outputs.
    let leading: Int, parameters: Int, outputs: Int
    let output: Slot, weights: Slot, target: Slot

    init(graph: Graph, output: Slot, weights: Slot, target: Slot, leading: Int, parameters: Int) {
        self.graph = graph; self.output = output; self.weights = weights; self.target = target
        self.leading = leading; self.parameters = parameters; outputs = output.count
    }

    var width: Int { leading + parameters }

    /// One evaluator of g and its Jacobian.
    final class Evaluation {
        let function: RecordedFunction
        let evaluator: GraphEvaluator
        let input: Slot

        init(_ function: RecordedFunction) {
            self.function = function
            evaluator = GraphEvaluator(graph: function.graph, target: function.target)
            input = function.graph.parameterInputs[0].slot
        }

        /// g at x = [u, θ].
        func value(_ x: [Double]) throws -> [Double] {
            try evaluator.forward(at: x)
            let out = function.output
            return evaluator.withArena { arena in Array(UnsafeBufferPointer(start: arena.value(out), count: out.count)) }
        }

        /// wᵀ ∂g/∂x at x (one forward and one reverse sweep): the gradient of w · g over the whole input block.
        func pullback(_ x: [Double], weights: [Double]) throws -> [Double] {
            try evaluator.forward(at: x)
            let width = function.width, size = function.graph.arenaSize
            evaluator.withArena { arena in
                arena.adjoints.update(repeating: 0, count: size)
                let w = arena.value(function.weights)
                for j in 0..<function.outputs { w[j] = weights[j] }
            }
            evaluator.backward()
            return evaluator.withArena { arena in Array(UnsafeBufferPointer(start: arena.adjoint(input), count: width)) }
        }

        /// g at x and its Jacobian ∂g_i/∂x_j, row-major (outputs × width): one forward sweep, one reverse sweep per output.
        /// - Throws: ``LogDensityError/nonFinite(_:)`` when a value or a Jacobian entry is not finite.
        func jacobian(_ x: [Double], name: String) throws -> (value: [Double], rows: [Double]) {
            let g = try value(x)
            guard g.allSatisfy(\.isFinite) else { throw LogDensityError.nonFinite("\(name): the function's value is not finite") }
            let m = function.outputs, width = function.width, size = function.graph.arenaSize
            var rows = [Double](repeating: 0, count: m * width)
            for i in 0..<m {
                evaluator.withArena { arena in
                    arena.adjoints.update(repeating: 0, count: size)
                    let w = arena.value(function.weights)
                    for j in 0..<m { w[j] = j == i ? 1 : 0 }
                }
                evaluator.backward()
                evaluator.withArena { arena in
                    let a = arena.adjoint(input)
                    for j in 0..<width { rows[i * width + j] = a[j] }
                }
            }
            guard rows.allSatisfy(\.isFinite) else { throw LogDensityError.nonFinite("\(name): the function's Jacobian is not finite") }
            return (g, rows)
        }
    }
}

extension Lowerer {
    /// The extra arguments of a function recorded as a graph of its own: constants folded into that graph, the
    /// others read in order from its input block `input`, starting at `offset` (advanced past them).
    func recordedExtras(_ extras: [Value], input x: GExpr, offset: inout Int) -> [Value] {
        extras.map { e in
            if let c = e.constantValues { return Value(expr: x.graph.constant(c), type: e.type, dims: e.dims) }
            defer { offset += e.count }
            return Value(expr: x[offset..<(offset + e.count)], type: e.type, dims: e.dims)
        }
    }

    /// A lowerer that records a user function as a graph of its own (same program, data and block as this one).
    func functionRecorder() -> Lowerer {
        let sub = Lowerer(fileName: fileName, data: data)
        sub.functions = functions
        sub.block = block
        sub.recordsFunction = true
        return sub
    }

    /// Records `def(leading..., extras...)` as a ``RecordedFunction``: the leading arguments (given as type and
    /// sizes) and the parameter-dependent extras read the graph's one input block; constant extras are folded in.
    /// Returns the function and θ, the parameter-dependent extras packed in order (empty constant when none).
    func recordFunction(_ def: FunctionDef, leading: [(type: StanType, dims: [Int])], extras: [Value], caller: String,
                        _ range: SourceRange) throws -> (RecordedFunction, GExpr) {
        try recordFunction(def, leading: leading, extras: extras.map { Lowered.value($0) }, caller: caller, range)
    }

    /// ``recordFunction(_:leading:extras:caller:_:)`` for extras that may be tuples: their leaves, depth first, are
    /// folded or read from the input block like any other extra.
    func recordFunction(_ def: FunctionDef, leading: [(type: StanType, dims: [Int])], extras: [Lowered], caller: String,
                        _ range: SourceRange) throws -> (RecordedFunction, GExpr) {
        let sub = functionRecorder()
        let leaves = extras.flatMap(\.leaves)
        let varying = leaves.filter { !$0.isConstant }
        let p = varying.reduce(0) { $0 + $1.count }
        let l = leading.reduce(0) { $0 + $1.dims.reduce(1, *) }
        let g = sub.graph
        let x = g.parameterInput(count: l + p)
        var offset = 0
        var args: [Lowered] = []
        for (type, dims) in leading {
            let n = dims.reduce(1, *)
            args.append(.value(Value(expr: x[offset..<(offset + n)], type: type, dims: dims)))
            offset += n
        }
        var bound = recordedExtras(leaves, input: x, offset: &offset).makeIterator()
        func rebuild(_ e: Lowered) -> Lowered {
            switch e {
            case .value: return .value(bound.next()!)
            case .tuple(let items, let type): return .tuple(items.map(rebuild), type: type)
            }
        }
        args += extras.map(rebuild)
        guard let f = try sub.inline(def, args, range) else {
            throw LoweringError.invalid("\(caller): function '\(def.name)' returns no value", range)
        }
        do { try g.validate() } catch { throw LoweringError.invalid("\(caller): in function '\(def.name)': \(error)", range) }
        let weights = g.latent(count: f.count, initial: 0)
        let target = g.dot(weights, f.expr)
        let recorded = RecordedFunction(graph: g, output: f.expr.slot, weights: weights.slot, target: target.slot, leading: l, parameters: p)
        let theta = varying.isEmpty ? graph.constant([Double]()) : varying.count == 1 ? varying[0].expr : graph.concat(varying.map(\.expr))
        return (recorded, theta)
    }

    /// The user function a higher-order call names in its first argument (`foo_lupdf` names `foo_lpdf`), chosen among
    /// overloads by the argument types it will receive.
    func functionArgument(_ expr: SExpr, of caller: String, _ range: SourceRange) throws -> [FunctionDef] {
        guard case .variable(let given) = expr.kind else {
            throw LoweringError.invalid("\(caller) needs a user-defined function as its first argument", range)
        }
        var name = given
        for (from, to) in [("_lupdf", "_lpdf"), ("_lupmf", "_lpmf")] where name.hasSuffix(from) {
            name = String(name.dropLast(from.count)) + to
        }
        guard let defs = functions[name], !defs.isEmpty else {
            throw LoweringError.invalid("\(caller): '\(given)' is not a user-defined function", range)
        }
        return defs.filter { $0.body != nil }.isEmpty ? defs : defs.filter { $0.body != nil }
    }

    /// The overload of the user function named by `argExprs[0]` that the higher-order call `caller(argExprs...)`
    /// runs: the one the type checker accepted (``HigherOrderOverload``, on the checked argument types).
    func functionOverload(_ argExprs: [SExpr], of caller: String, _ range: SourceRange) throws -> FunctionDef {
        guard let first = argExprs.first else {
            throw LoweringError.invalid("\(caller) needs a user-defined function as its first argument", range)
        }
        let defs = try functionArgument(first, of: caller, range)
        let types = argExprs.dropFirst().compactMap(\.type)
        guard types.count == argExprs.count - 1,
              let resolution = HigherOrderOverload.resolve(caller, defs, argumentTypes: types) else {
            throw LoweringError.invalid("\(caller): the arguments passed to '\(defs[0].name)' have no type", range)
        }
        return try chosenOverload(resolution, of: defs[0].name, caller: caller, range)
    }

    /// The overload a resolution picked, or the error the type checker would have reported.
    func chosenOverload(_ resolution: OverloadResolution, of function: String, caller: String,
                        _ range: SourceRange) throws -> FunctionDef {
        switch resolution {
        case .match(let def): return def
        case .ambiguous: throw LoweringError.invalid("\(caller): several overloads of '\(function)' fit equally well", range)
        case .noMatch: throw LoweringError.invalid("\(caller): no overload of '\(function)' takes these arguments", range)
        }
    }
}
