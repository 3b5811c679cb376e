// A built model: the graph plus the bookkeeping to sample it, optimise it and report its outputs.
import StrataAutodiff
import StrataCore
import StrataDistributions

/// A declared parameter: name, shape, transform and where its unconstrained values sit in x.
public struct ParameterInfo {
    public let name: String
    public let shape: [Int]
    public let transform: any ParameterTransform
    public let unconstrainedOffset: Int
    public let unconstrainedCount: Int
    public let value: Expr
    /// Whether outputs list the last two dimensions column-major (CmdStan's matrix order).
    public var columnMajorOutput = false
}

/// A reported quantity: a parameter, transformed parameter or generated quantity.
public struct OutputInfo {
    public let name: String
    public let shape: [Int]
    public let value: Expr
    /// Column names, when not the row-major default of ``OutputNaming/flatNames(_:shape:)``.
    public var names: [String]? = nil
}

/// A condition on reported values checked each time outputs are written (Stan's end-of-block
/// check of generated quantities' declared constraints); a violation stops the run.
public struct OutputCheck {
    /// The values the check reads.
    public let inputs: [Expr]
    /// Returns a message naming the variable, the constraint and the value, or nil when satisfied.
    public let violation: ([[Double]]) -> String?
}

/// A model defined by a static AD graph. Immutable after ``ModelBuilder/build()``, so it is shared
/// freely between chains; each chain gets its own ``GraphModelEvaluator``.
public struct GraphModel: LogDensityModel, @unchecked Sendable {
    /// The graph.
    public let graph: Graph
    /// Declared parameters in order.
    public let parameters: [ParameterInfo]
    /// Reported quantities in order (parameters first).
    public let outputs: [OutputInfo]
    let logDensityWithJacobian: Slot
    let logDensityWithoutJacobian: Slot
    /// Whether the log density includes the transforms' log-Jacobians (true for sampling; Stan's
    /// optimiser leaves it out unless asked).
    public private(set) var includesJacobian = true
    /// Checks run after every ``GraphModelEvaluator/writeOutputs(at:into:)``.
    public internal(set) var outputChecks: [OutputCheck] = []
    /// Stan `profile` sections whose time the evaluators record (nil: none, no timing at all).
    public private(set) var profileSections: ProfileSections?
    /// How many entries of ``outputs`` come from parameters, then from transformed parameters; the rest
    /// are generated quantities (a model built without ``ModelBuilder/beginGeneratedQuantities()`` has none).
    public internal(set) var outputBlocks: (parameters: Int, transformedParameters: Int) = (0, 0)
    /// Exact conditional draws of latent (integrated-out) parameters, made for every kept draw.
    public internal(set) var conditionalDraws: [any ConditionalDraw] = []
    /// Outputs computed on plain numbers after the graph's outputs (see ``QuantityProgram``).
    public private(set) var quantityProgram: (any QuantityProgram)?

    init(graph: Graph, parameters: [ParameterInfo], outputs: [OutputInfo],
         logDensityWithJacobian: Slot, logDensityWithoutJacobian: Slot) {
        self.graph = graph; self.parameters = parameters; self.outputs = outputs
        self.logDensityWithJacobian = logDensityWithJacobian
        self.logDensityWithoutJacobian = logDensityWithoutJacobian
    }

    /// The same model with the Jacobian terms switched on or off.
    public func withJacobian(_ on: Bool) -> GraphModel {
        var copy = self
        copy.includesJacobian = on
        return copy
    }

    /// Threads per chain for the log density and gradient (nil: the plain single-threaded evaluator).
    public private(set) var threadsPerChain: Int?

    /// The same model with its evaluators splitting large elementwise steps over fixed blocks of elements on
    /// `threads` threads (partial sums added in block order, so draws are bit-identical for every thread count).
    public func withThreadsPerChain(_ threads: Int?) -> GraphModel {
        var copy = self
        copy.threadsPerChain = threads
        return copy
    }

    /// The same model with `program`'s values listed after the graph's outputs.
    public func withQuantityProgram(_ program: (any QuantityProgram)?) -> GraphModel {
        var copy = self
        copy.quantityProgram = program
        return copy
    }

    /// The same model with its evaluators timing `sections`.
    public func withProfileSections(_ sections: ProfileSections?) -> GraphModel {
        var copy = self
        copy.profileSections = sections
        return copy
    }

    /// The scalar evaluators differentiate (with or without the Jacobian terms, see ``includesJacobian``).
    public var target: Slot { includesJacobian ? logDensityWithJacobian : logDensityWithoutJacobian }

    /// Whether evaluators compute affine locations of likelihoods inside one node (``AffineLocationFusion``; on by
    /// default, bit-identical results).
    public private(set) var affineLocations = true

    /// The same model with affine-location fusion on or off (off: the graph's nodes run as recorded).
    public func withAffineLocations(_ on: Bool) -> GraphModel {
        var copy = self
        copy.affineLocations = on
        return copy
    }

    /// A bare graph evaluator of ``target`` (for profilers, which pass their own probe).
    public func makeGraphEvaluator() -> GraphEvaluator {
        GraphEvaluator(graph: graph, target: target, threadsPerChain: threadsPerChain, affineLocations: affineLocations)
    }

    public var dimension: Int { graph.parameterCount }

    public var outputNames: [String] {
        outputs.flatMap { $0.names ?? OutputNaming.flatNames($0.name, shape: $0.shape) } + (quantityProgram?.names ?? [])
    }

    public func makeEvaluator() -> GraphModelEvaluator {
        GraphModelEvaluator(model: self)
    }

    /// Unconstrained vector for user-supplied constrained values (missing names are an error).
    /// - Throws: ``TransformError`` naming the variable when a value is outside its support or has the wrong size.
    public func unconstrain(_ values: [String: [Double]]) throws -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        for p in parameters {
            guard let v = values[p.name] else {
                throw TransformError(variable: p.name, message: "no initial value given")
            }
            let expected = p.shape.reduce(1, *)
            guard v.count == expected else {
                throw TransformError(variable: p.name, message: "expected \(expected) values, found \(v.count)")
            }
            let u = try p.transform.unconstrain(v, variable: p.name, in: graph)
            for i in 0..<u.count { x[p.unconstrainedOffset + i] = u[i] }
        }
        return x
    }
}

/// Per-chain evaluator of a ``GraphModel``.
public final class GraphModelEvaluator: LogDensityEvaluator {
    private let evaluator: GraphEvaluator
    private let outputs: [OutputInfo]
    private let checks: [OutputCheck]
    private let sections: SectionTimer?
    private let conditionalDraws: [any ConditionalDraw]
    private let latentsFeedOutputs: Bool
    private let quantityProgram: (any QuantityProgram)?
    private var quantityRunner: (any QuantityRunner)?

    init(model: GraphModel) {
        quantityProgram = model.quantityProgram
        conditionalDraws = model.conditionalDraws
        latentsFeedOutputs = model.graph.operationsReadLatents
        evaluator = model.makeGraphEvaluator()
        outputs = model.outputs
        checks = model.outputChecks
        sections = model.profileSections?.makeTimer()
    }

    public var dimension: Int { evaluator.dimension }

    public func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
        guard let sections else { return try evaluator.valueAndGradient(at: x, gradient: &gradient) }
        sections.gradientCalls += 1
        return try evaluator.valueAndGradient(at: x, gradient: &gradient, probe: &sections.timer)
    }

    /// Forward sweep of every operation, outputs included (timed per section when the model has `profile` sections).
    private func forward(at x: [Double]) throws -> Double {
        guard let sections else { return try evaluator.forward(at: x) }
        sections.valueCalls += 1
        return try evaluator.forward(at: x, probe: &sections.timer)
    }

    /// Log density only: output-only operations (generated quantities) are skipped.
    public func logDensity(at x: [Double]) throws -> Double {
        let lp: Double
        if let sections {
            sections.valueCalls += 1
            lp = try evaluator.logDensity(at: x, probe: &sections.timer)
        } else {
            lp = try evaluator.logDensity(at: x)
        }
        guard !lp.isNaN && lp != .infinity else { throw LogDensityError.nonFinite("log density is \(lp)") }
        return lp
    }

    /// The stream of `_rng` calls when the caller gives none: draw 0 of seed 0's generated-quantities stream.
    private static var defaultQuantityStream: ChainRNG {
        ChainRNG(seed: 0, chain: 0, stream: RandomStream.generatedQuantities, draw: 0)
    }

    /// Outputs at `x`; latent (integrated-out) parameters keep their last conditional draw; `_rng`
    /// calls use draw 0 of seed 0's generated-quantities stream.
    public func writeOutputs(at x: [Double], into values: inout [Double]) throws {
        _ = try forward(at: x)
        var quantities = Self.defaultQuantityStream
        try copyOutputs(into: &values, quantities: &quantities)
    }

    /// Outputs at `x` for a kept draw: latent parameters are first drawn from their exact conditionals.
    public func writeOutputs(at x: [Double], into values: inout [Double], rng: inout ChainRNG) throws {
        var quantities = Self.defaultQuantityStream
        try writeOutputs(at: x, into: &values, rng: &rng, quantities: &quantities)
    }

    /// Outputs at `x` for a kept draw, the generated quantities' `_rng` calls drawing from `quantities`.
    public func writeOutputs(at x: [Double], into values: inout [Double], rng: inout ChainRNG,
                             quantities: inout ChainRNG) throws {
        _ = try forward(at: x)
        if !conditionalDraws.isEmpty {
            evaluator.withArena { arena in
                for c in conditionalDraws { c.draw(arena, rng: &rng) }
            }
            if latentsFeedOutputs { _ = try forward(at: x) }
        }
        try copyOutputs(into: &values, quantities: &quantities)
    }

    private func copyOutputs(into values: inout [Double], quantities: inout ChainRNG) throws {
        var offset = 0
        let total = outputs.reduce(0) { $0 + $1.value.count } + (quantityProgram?.names.count ?? 0)
        if values.count != total { values = [Double](repeating: 0, count: total) }
        for o in outputs {
            evaluator.copyValues(of: o.value.slot, into: &values, at: offset)
            offset += o.value.count
        }
        for check in checks {
            if let message = check.violation(check.inputs.map { evaluator.values(of: $0.slot) }) {
                throw LogDensityError.invalidModel(message)
            }
        }
        guard let program = quantityProgram else { return }
        if quantityRunner == nil { quantityRunner = try program.makeRunner() }
        let computed = try quantityRunner!.run(inputs: program.inputs.map { evaluator.values(of: $0) }, rng: &quantities)
        values.withUnsafeMutableBufferPointer { v in
            for (i, x) in computed.enumerated() { v[offset + i] = x }
        }
    }
}

/// CmdStan's flattened column names.
public enum OutputNaming {
    /// `name` for a scalar; `name.1`, `name.2`, ... for a vector; `name.i.j` for higher shapes
    /// (row-major order, as the values are stored).
    public static func flatNames(_ name: String, shape: [Int]) -> [String] {
        if shape.isEmpty { return [name] }
        var names: [String] = []
        let total = shape.reduce(1, *)
        names.reserveCapacity(total)
        var index = [Int](repeating: 1, count: shape.count)
        for _ in 0..<total {
            names.append(name + "." + index.map(String.init).joined(separator: "."))
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] <= shape[d] { break }
                index[d] = 1; d -= 1
            }
        }
        return names
    }

    /// CmdStan's listing of a complex value stored row-major with a trailing dimension of 2 (real, imaginary):
    /// the other dimensions as CmdStan lists real values (column-major for two or more), each element's real
    /// part then imaginary part (`z.real, z.imag`, `m.1.1.real, m.1.1.imag, m.2.1.real, ...`).
    public static func complexListing(_ name: String, shape: [Int]) -> (order: [Int], names: [String]) {
        let leading = Array(shape.dropLast())
        let (order, names): ([Int], [String]) = leading.count >= 2 ? columnMajor(name, shape: leading)
            : (Array(0..<leading.reduce(1, *)), flatNames(name, shape: leading))
        return (order.flatMap { [2 * $0, 2 * $0 + 1] }, names.flatMap { [$0 + ".real", $0 + ".imag"] })
    }

    /// CmdStan's listing of a row-major array of two or more dimensions: fully column-major (the first
    /// index varies fastest, `a.1.1, a.2.1, a.1.2, ...`, for matrices, arrays of vectors and arrays alike),
    /// as the flat row-major index of each listed element and its CmdStan name (`m.2.1` = row 2, column 1).
    public static func columnMajor(_ name: String, shape: [Int]) -> (order: [Int], names: [String]) {
        precondition(shape.count >= 2, "columnMajor needs two or more dimensions")
        let total = shape.reduce(1, *)
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var order: [Int] = [], names: [String] = []
        order.reserveCapacity(total); names.reserveCapacity(total)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<max(total, 0) {
            order.append(zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 })
            names.append(name + "." + index.map { String($0 + 1) }.joined(separator: "."))
            var d = 0
            while d < shape.count {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0; d += 1
            }
        }
        return (order, names)
    }
}
