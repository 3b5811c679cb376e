// Public entry point: compile a Stan program and its data into a GraphModel for the samplers and optimisers.
import Foundation
import StrataAutodiff
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanFrontEnd

/// A Stan program lowered onto the static AD graph.
///
/// ```swift
/// let data = try DataSet(contentsOf: URL(fileURLWithPath: "decay_days.json"))
/// let stan = try StanModel.compile(path: "decay.stan", data: data)
/// let lp = try stan.model.makeEvaluator().logDensity(at: x)
/// ```
///
/// Blocks map as in Stan: data become constants (checked against their declared sizes and
/// constraints), parameters become constrained graph parameters (log-Jacobians included unless
/// `model.withJacobian(false)`), transformed parameters and generated quantities become outputs,
/// and `~` / `target +=` become log-density terms (`~` and `_lupdf` drop constants, `_lpdf` keeps
/// them, as in Stan). Loops whose iterations are independent are vectorised (see the module
/// article); others are unrolled.
public struct StanModel {
    /// The log density (with Jacobian; call `withJacobian(false)` for optimisation) and its outputs.
    public let model: GraphModel
    /// The program's file name without `.stan`.
    public let name: String
    /// The statement each graph tag stands for (``StrataAutodiff/Graph/operationTags`` index this).
    public var sources: [StatementSource] = []
    /// Names of the program's `profile` blocks (``StatementSource/profile`` indexes this).
    public var profileNames: [String] = []
    /// Which parameters were integrated out of the log density, and which plausible ones were not and why.
    public var marginalisation = MarginalisationReport()

    /// Reads and compiles the Stan file at `path`.
    /// - Parameters:
    ///   - path: the `.stan` file.
    ///   - data: values for the data block (nil if it declares none).
    ///   - includeGeneratedQuantities: lower the generated quantities block too (its outputs are
    ///     computed in the forward pass); pass false to skip a block that uses unsupported features.
    ///   - marginalise: integrate out parameters that can be integrated out exactly (see
    ///     ``MarginalisationReport``); their draws are then exact conditional draws. Use it for
    ///     sampling only: the optimum of the marginal density is not the joint mode.
    /// - Throws: ``StanModelError`` with rendered diagnostics or a data error naming the variable.
    ///   - seed: the run's seed: transformed data's `_rng` calls draw from it (the same values in every chain).
    public static func compile(path: String, data: DataSet?, includeGeneratedQuantities: Bool = true,
                               marginalise: Bool = false, seed: UInt64 = 0) throws -> StanModel {
        let source: String
        do { source = try StanSourceFile(path: path).source } catch { throw StanModelError("\(error)") }
        return try compile(source: source, fileName: (path as NSString).lastPathComponent, data: data,
                           includeGeneratedQuantities: includeGeneratedQuantities, marginalise: marginalise, seed: seed)
    }

    /// Compiles Stan source text.
    /// - Parameters:
    ///   - source: the program.
    ///   - fileName: name used in diagnostics (e.g. `decay.stan`); the model's ``name`` drops `.stan`.
    ///   - data: values for the data block.
    ///   - includeGeneratedQuantities: lower the generated quantities block too.
    ///   - marginalise: integrate out what can be integrated out exactly (sampling only).
    ///   - seed: the run's seed (transformed data's `_rng` calls).
    /// - Throws: ``StanModelError``.
    public static func compile(source: String, fileName: String, data: DataSet?,
                               includeGeneratedQuantities: Bool = true, marginalise: Bool = false,
                               seed: UInt64 = 0) throws -> StanModel {
        let checked = StanFrontEnd.check(source: source)
        guard checked.succeeded, let program = checked.program else {
            throw StanModelError(DiagnosticRenderer(source: source, fileName: fileName).render(checked.diagnostics))
        }
        let name = fileName.hasSuffix(".stan") ? String(fileName.dropLast(5)) : fileName
        var report = MarginalisationReport()
        var plans: [MarginalPlan] = []
        var failed: [MarginalisationReport.Kept] = []
        func plan() {
            guard marginalise else { return }
            let planner = MarginalisationPlanner(program: program, excluding: Set(failed.map(\.parameter)))
            plans = planner.plans
            report.kept = failed + planner.keptReasons.map { .init(parameter: $0.parameter, reason: $0.reason) }
        }
        plan()
        while true {
            let lowerer = Lowerer(fileName: fileName, data: data)
            lowerer.marginal = MarginalState(plans: plans)
            do {
                var model = try lowerer.lowerProgram(program, includeGeneratedQuantities: includeGeneratedQuantities,
                                                     seed: seed)
                if let layout = lowerer.plainQuantities {
                    let quantities = StanQuantityProgram(
                        program: program, source: source, fileName: fileName, data: data, seed: seed,
                        inputs: layout.inputs, outputs: layout.outputs, names: layout.names)
                    do { try quantities.reportUnsupportedFeatures(of: model) } catch let e as LoweringError {
                        throw e.inGeneratedQuantities
                    }
                    model = model.withQuantityProgram(quantities)
                }
                let tagging = lowerer.tagging
                if !tagging.profileNames.isEmpty {
                    model = model.withProfileSections(ProfileSections(
                        names: tagging.profileNames, parents: tagging.profileParents,
                        sectionOfOperation: tagging.profileOfOperations(model.graph)))
                }
                report.integratedOut = plans.map { MarginalisationReport.entry(for: $0, fileName: fileName) }
                return StanModel(model: model, name: name, sources: tagging.sources, profileNames: tagging.profileNames,
                                 marginalisation: report)
            } catch let f as MarginalisationFallback {
                // Not integrable after all: lower again with the parameter sampled as usual.
                failed.append(.init(parameter: f.parameter, reason: f.reason))
                plan()
            } catch let e as LoweringError {
                throw StanModelError(e.render(source: source, fileName: fileName))
            } catch let e as StanModelError {
                throw e
            } catch {
                throw StanModelError("\(fileName): internal error while lowering: \(error)")
            }
        }
    }
}

extension Lowerer {
    func lowerProgram(_ program: Program, includeGeneratedQuantities: Bool, seed: UInt64 = 0) throws -> GraphModel {
        try lowerDataAndTransformedData(program, seed: seed)
        for d in program.declarations(in: .transformedData).flatMap(\.leafDeclarations) {
            let v = try lookup(d.name, d.range)
            try checkConstraints(of: d, v, fatal: false)
        }
        block = .parameters
        try lowerParameters(program.parameters ?? [])
        block = .transformedParameters
        let tp = program.transformedParameters ?? []
        try lower(tp)
        for d in program.declarations(in: .transformedParameters) { try emitDeclaredOutput(d, fatal: false) }
        block = .model
        try withScope { try lower(program.model ?? []) }
        if includeGeneratedQuantities, let gq = program.generatedQuantities {
            block = .generatedQuantities
            builder.beginGeneratedQuantities()
            _ = nanSlot
            let mark = graph.mark()
            graph.recordsOutputOnly = true
            defer { graph.recordsOutputOnly = false }
            do {
                do {
                    try lower(gq)
                    for d in program.declarations(in: .generatedQuantities) { try emitDeclaredOutput(d, fatal: true) }
                } catch let e as LoweringError where e.needsPlainNumbers {
                    // Random draws or branches on parameter values: evaluate the block per draw on plain numbers.
                    rollback(to: mark)
                    plainQuantities = try quantityLayout(program)
                }
            } catch let e as LoweringError {
                throw e.inGeneratedQuantities
            }
        }
        try finishMarginalisation()
        for t in terms { builder.addTarget(t) }
        for t in jacobianTerms { builder.addJacobian(t) }
        do {
            return try builder.build()
        } catch {
            throw StanModelError("\(fileName): \(error)")
        }
    }
}

extension LoweringError {
    /// The same error, pointing to the flag that skips the generated quantities block.
    var inGeneratedQuantities: LoweringError {
        LoweringError(message: message + " in generated quantities (skip that block with --no-generated-quantities, "
                      + "or includeGeneratedQuantities: false in Swift)", range: range, unsupported: unsupported)
    }
}
