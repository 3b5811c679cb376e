// Generated quantities evaluated on plain numbers for each draw: random draws and branches on parameter values.
import StrataAutodiff
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanFrontEnd

/// A parameter or transformed parameter the generated quantities read, and where its values sit in the graph.
struct QuantityInput {
    let declaration: VarDecl
    let dims: [Int]
    let slot: Slot
}

/// One generated quantity: its declaration and, for each CSV column, the row-major element it lists.
struct QuantityOutput {
    let declaration: VarDecl
    let order: [Int]
}

/// The generated quantities block of a program whose generated quantities call `_rng` functions or
/// branch on parameter values. The static graph cannot express those, so the block is lowered again for
/// every draw with every parameter as a constant: the lowerer, which folds constants, then computes
/// every value as a plain number, follows the branches the values take and draws random numbers at once.
final class StanQuantityProgram: QuantityProgram {
    let program: Program
    let source: String
    let fileName: String
    let data: DataSet?
    let seed: UInt64
    let inputs: [Slot]
    let names: [String]
    let parameterInputs: [QuantityInput]
    let outputs: [QuantityOutput]

    init(program: Program, source: String, fileName: String, data: DataSet?, seed: UInt64,
         inputs: [QuantityInput], outputs: [QuantityOutput], names: [String]) {
        self.program = program; self.source = source; self.fileName = fileName; self.data = data; self.seed = seed
        self.parameterInputs = inputs; self.inputs = inputs.map(\.slot); self.outputs = outputs; self.names = names
    }

    func makeRunner() throws -> any QuantityRunner {
        do {
            return try QuantityInterpreter(self)
        } catch let e as LoweringError {
            throw LogDensityError.invalidModel(e.render(source: source, fileName: fileName))
        }
    }
}

/// Runs a ``StanQuantityProgram`` for one draw at a time. Data and transformed data are lowered once (the
/// same values as at build time: transformed data's `_rng` calls replay the seed's stream); each draw's
/// constants are recorded after that point and dropped after the draw.
final class QuantityInterpreter: QuantityRunner {
    private let quantities: StanQuantityProgram
    private let lowerer: Lowerer
    private let mark: Graph.Mark

    /// - Parameter silent: suppress the block's `print` statements too (a trial run while building).
    init(_ quantities: StanQuantityProgram, silent: Bool = false) throws {
        self.quantities = quantities
        lowerer = Lowerer(fileName: quantities.fileName, data: quantities.data)
        lowerer.silent = true
        try lowerer.lowerDataAndTransformedData(quantities.program, seed: quantities.seed)
        lowerer.silent = silent
        lowerer.plainNumbers = true
        lowerer.block = .generatedQuantities
        _ = lowerer.nanSlot
        mark = lowerer.graph.mark()
    }

    func run(inputs: [[Double]], rng: inout ChainRNG) throws -> [Double] {
        do {
            return try evaluate(inputs: inputs, rng: &rng)
        } catch let e as LoweringError {
            throw LogDensityError.invalidModel(e.render(source: quantities.source, fileName: quantities.fileName))
        }
    }

    /// ``run(inputs:rng:)`` with lowering errors (located, with their `unsupported` flag) left as they are.
    func evaluate(inputs: [[Double]], rng: inout ChainRNG) throws -> [Double] {
        defer { lowerer.rollback(to: mark) }
        lowerer.randomStream = rng
        defer { rng = lowerer.randomStream! }
        do {
            return try lowerer.withScope {
                for (input, values) in zip(quantities.parameterInputs, inputs) {
                    let d = input.declaration
                    let v = Variable(name: d.name, type: d.type.stanType, dims: input.dims)
                    v.assignWhole(lowerer.constantValue(values, type: d.type.stanType, dims: input.dims))
                    lowerer.declare(v)
                }
                try lowerer.lower(quantities.program.generatedQuantities ?? [])
                var out: [Double] = []
                out.reserveCapacity(quantities.names.count)
                for o in quantities.outputs {
                    for leaf in o.declaration.leafDeclarations {
                        try lowerer.checkConstraints(of: leaf, try lowerer.lookup(leaf.name, leaf.range), fatal: true)
                    }
                    let all = try lowerer.tupleLeafValues(o.declaration)
                    guard all.isConstant, case let values = Array(lowerer.graph.initialValues[all.slot.range]),
                          values.count >= (o.order.max() ?? -1) + 1 else {
                        throw LoweringError.invalid("generated quantity '\(o.declaration.name)' has no plain value", o.declaration.range)
                    }
                    for k in o.order { out.append(values[k]) }
                }
                if lowerer.graph.operations.count > 0 {
                    throw LoweringError.invalid("internal error: generated quantities recorded graph operations", .unknown)
                }
                return out
            }
        } catch let e as LogDensityError {
            throw LogDensityError.invalidModel("\(quantities.fileName): generated quantities: \(e)")
        } catch is VectorizationFallback {
            throw LogDensityError.invalidModel("\(quantities.fileName): internal error: generated quantities could not be evaluated")
        }
    }
}

extension StanQuantityProgram {
    /// Runs the block once at the model's unconstrained origin to report, when the model is built, the
    /// features Strata does not implement (they would otherwise surface at the first draw). Errors that
    /// depend on the values (a random draw's argument, `reject`) are left for the run to report.
    func reportUnsupportedFeatures(of model: GraphModel) throws {
        let evaluator = model.makeGraphEvaluator()
        guard (try? evaluator.forward(at: [Double](repeating: 0, count: model.dimension))) != nil else { return }
        var rng = ChainRNG(seed: seed, chain: 0, stream: RandomStream.generatedQuantities, draw: 0)
        do {
            _ = try QuantityInterpreter(self, silent: true).evaluate(inputs: inputs.map { evaluator.values(of: $0) }, rng: &rng)
        } catch let e as LoweringError where e.unsupported {
            throw e
        } catch {}
    }
}

extension Lowerer {
    /// The data block, then transformed data with `_rng` calls drawing from the seed's transformed-data stream.
    func lowerDataAndTransformedData(_ program: Program, seed: UInt64) throws {
        for f in program.functions ?? [] where f.body != nil { functions[f.name, default: []].append(f) }
        block = .data
        try lowerDataBlock(program.data ?? [])
        block = .transformedData
        randomStream = ChainRNG(seed: seed, chain: 0, stream: RandomStream.transformedData)
        try lower(program.transformedData ?? [])
        randomStream = nil
    }

    /// What a ``StanQuantityProgram`` needs from the build: the parameters' and transformed parameters'
    /// graph values, and each generated quantity's CSV columns (CmdStan's names and order).
    func quantityLayout(_ program: Program) throws -> (inputs: [QuantityInput], outputs: [QuantityOutput], names: [String]) {
        var inputs: [QuantityInput] = []
        for d in (program.declarations(in: .parameters) + program.declarations(in: .transformedParameters)).flatMap(\.leafDeclarations) {
            let v = try lookup(d.name, d.range)
            inputs.append(QuantityInput(declaration: d, dims: v.dims, slot: v.read(in: graph).expr.slot))
        }
        var outputs: [QuantityOutput] = [], names: [String] = []
        for d in program.declarations(in: .generatedQuantities) {
            let dims: [Int]
            do { dims = try self.dims(of: d.type, name: d.name) } catch let e as LoweringError {
                throw LoweringError.invalid("the sizes of generated quantity '\(d.name)' must be known from the data: \(e.message)", e.range)
            }
            if d.isTuple {
                let listing = try tupleListing(d)
                outputs.append(QuantityOutput(declaration: d, order: listing.order)); names += listing.names
            } else if dims.count >= 2 || d.type.base.baseType.isComplex {
                let listing = d.type.base.baseType.isComplex ? OutputNaming.complexListing(d.name, shape: dims)
                    : OutputNaming.columnMajor(d.name, shape: dims)
                outputs.append(QuantityOutput(declaration: d, order: listing.order)); names += listing.names
            } else {
                let flat = OutputNaming.flatNames(d.name, shape: dims)
                outputs.append(QuantityOutput(declaration: d, order: Array(0..<flat.count))); names += flat
            }
        }
        return (inputs, outputs, names)
    }
}
