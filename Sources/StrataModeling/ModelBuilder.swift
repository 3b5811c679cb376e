// The Swift API for writing a model: named constrained parameters, data, outputs and log-density terms.
import StrataAutodiff
import StrataCore
import StrataDistributions

/// Builds a ``GraphModel`` the way a Stan program declares one.
///
/// ```swift
/// let m = ModelBuilder()
/// let alpha = m.parameter("alpha", .lower(0))
/// let n0 = m.parameter("N_initial", count: n, .bounds(0, .value(nMax)))
/// m.sample(m.data(measured), .normal(n0 * exp(-alpha * m.data(dt)), m.data(sigma)))
/// let model = try m.build()
/// ```
public final class ModelBuilder {
    /// The graph under construction (for operations not wrapped here).
    public let graph = Graph()
    private var parameters: [ParameterInfo] = []
    private var extraOutputs: [OutputInfo] = []
    private var terms: [Expr] = []
    private var jacobians: [Expr] = []
    private var outputChecks: [OutputCheck] = []
    private var latentOutputs: [(position: Int, info: OutputInfo)] = []
    private var conditionalDraws: [any ConditionalDraw] = []
    /// Runs of consecutive parameters reported as one output (see ``reportParameters(_:as:shape:value:)``).
    private var parameterGroups: [(parameters: Range<Int>, output: OutputInfo)] = []
    /// Index in `extraOutputs` of the first generated quantity (nil: none marked).
    private var generatedQuantitiesStart: Int?

    /// Creates an empty model.
    public init() {}

    /// Declares a scalar parameter.
    public func parameter(_ name: String, _ constraint: Constraint = .unconstrained) -> Expr {
        parameter(name, shape: [], constraint)
    }

    /// Declares a vector parameter of `count` elements.
    public func parameter(_ name: String, count: Int, _ constraint: Constraint = .unconstrained) -> Expr {
        parameter(name, shape: [count], constraint)
    }

    /// Declares a parameter of any shape (elements row-major).
    /// - Parameter columnMajorOutput: report the elements column-major (first index fastest), as CmdStan
    ///   lists matrices and arrays (`m.1.1, m.2.1, m.1.2, ...`); the value itself stays row-major.
    public func parameter(_ name: String, shape: [Int], _ constraint: Constraint = .unconstrained,
                          columnMajorOutput: Bool = false) -> Expr {
        let count = shape.reduce(1, *)
        if parameters.contains(where: { $0.name == name }) { graph.fail("parameter '\(name)' is declared twice") }
        let transform = constraint.transform(in: graph)
        let uCount = transform.unconstrainedCount(constrainedCount: count)
        let xOffset = graph.parameterCount
        let u = graph.parameterInput(count: uCount)
        let (value, logJ) = transform.constrain(u, constrainedCount: count, in: graph)
        jacobians.append(logJ)
        parameters.append(ParameterInfo(name: name, shape: shape, transform: transform,
                                        unconstrainedOffset: xOffset, unconstrainedCount: uCount, value: value,
                                        columnMajorOutput: columnMajorOutput && shape.count >= 2))
        return value
    }

    /// Declares a latent parameter: one integrated out of the log density and drawn exactly from its
    /// conditional after each kept transition (see ``addConditionalDraw(_:)``). It is reported among
    /// the parameters, in declaration order, but takes no place in the unconstrained vector.
    /// - Parameter initial: its value until the first conditional draw (a point inside its support).
    public func latentParameter(_ name: String, shape: [Int], initial: Double) -> Expr {
        let count = shape.reduce(1, *)
        if parameters.contains(where: { $0.name == name }) || latentOutputs.contains(where: { $0.info.name == name }) {
            graph.fail("parameter '\(name)' is declared twice")
        }
        let value = graph.latent(count: count, initial: initial)
        latentOutputs.append((parameters.count, OutputInfo(name: name, shape: shape, value: value)))
        return value
    }

    /// Registers the exact conditional draw of a latent parameter's elements.
    public func addConditionalDraw(_ draw: any ConditionalDraw) { conditionalDraws.append(draw) }

    /// Data (a constant vector).
    public func data(_ values: [Double]) -> Expr { graph.constant(values) }
    /// Data (a constant scalar).
    public func data(_ value: Double) -> Expr { graph.constant(value) }

    /// Records a derived quantity (Stan's transformed parameters / generated quantities) for output.
    /// - Parameter columnMajor: list two or more dimensions column-major with CmdStan's names (first index
    ///   fastest); the row-major value is gathered into that order.
    /// - Parameter complex: the last dimension (2) holds real and imaginary parts, listed as CmdStan lists
    ///   complex values (`z.real, z.imag`); see ``OutputNaming/complexListing(_:shape:)``.
    public func output(_ name: String, _ value: Expr, shape: [Int]? = nil, columnMajor: Bool = false, complex: Bool = false) {
        extraOutputs.append(outputInfo(name, value, shape: shape ?? (value.count == 1 ? [] : [value.count]),
                                       columnMajor: columnMajor, complex: complex))
    }

    /// Reports the parameters declared at positions `parameters` (consecutive, in declaration order) as one
    /// output `name` of `shape` whose row-major value is `value`, listed column-major as CmdStan does
    /// (Stan's `array[K] simplex[K] theta`, declared as one parameter per array element).
    public func reportParameters(_ range: Range<Int>, as name: String, shape: [Int], value: Expr, complex: Bool = false) {
        parameterGroups.append((range, outputInfo(name, value, shape: shape, columnMajor: true, complex: complex)))
    }

    /// Records a derived quantity whose columns are listed in `value`'s order under the given `names` (Stan's tuples:
    /// `x:1`, `x:2.1`, ...).
    public func output(_ name: String, _ value: Expr, names: [String]) {
        extraOutputs.append(OutputInfo(name: name, shape: [names.count], value: value, names: names))
    }

    /// Reports the parameters at positions `range` as one output listed in `value`'s order under `names` (Stan's
    /// tuples). Groups already reported inside `range` are replaced by this one.
    public func reportParameters(_ range: Range<Int>, as name: String, value: Expr, names: [String]) {
        parameterGroups.removeAll { range.contains($0.parameters.lowerBound) }
        parameterGroups.append((range, OutputInfo(name: name, shape: [names.count], value: value, names: names)))
    }

    /// Marks the outputs recorded from now on as generated quantities (Stan's last block); those before
    /// are transformed parameters. See ``GraphModel/outputBlocks``.
    public func beginGeneratedQuantities() { generatedQuantitiesStart = extraOutputs.count }

    /// Number of parameters declared so far (positions for ``reportParameters(_:as:shape:value:)``).
    public var parameterCount: Int { parameters.count }

    /// An output, gathered column-major when asked and it has two or more dimensions.
    private func outputInfo(_ name: String, _ value: Expr, shape: [Int], columnMajor: Bool, complex: Bool = false) -> OutputInfo {
        guard complex || (columnMajor && shape.count >= 2) else { return OutputInfo(name: name, shape: shape, value: value) }
        let (order, names) = complex ? OutputNaming.complexListing(name, shape: shape) : OutputNaming.columnMajor(name, shape: shape)
        return OutputInfo(name: name, shape: shape, value: graph.gather(value, index: order, name: name), names: names)
    }

    /// Checks `inputs` each time outputs are written; a non-nil message from `violation` stops the run
    /// with ``StrataCore/LogDensityError/invalidModel(_:)`` (generated quantities' constraints).
    public func checkOutputs(_ inputs: [Expr], _ violation: @escaping ([[Double]]) -> String?) {
        outputChecks.append(OutputCheck(inputs: inputs, violation: violation))
    }

    /// `target += term` (a vector term adds all its elements).
    public func addTarget(_ term: Expr) { terms.append(term.count == 1 ? term : graph.sum(term)) }

    /// `jacobian += term` (Stan 2.36+): a log-Jacobian term counted only when the Jacobian is (sampling, not
    /// maximum likelihood), like the parameter transforms' own terms.
    public func addJacobian(_ term: Expr) { jacobians.append(term.count == 1 ? term : graph.sum(term)) }

    /// `y ~ distribution`: adds the log density with constant terms dropped.
    public func sample(_ y: Expr, _ distribution: Distribution) {
        terms.append(distribution.logDensity(y, true))
    }

    /// Finishes the model.
    /// - Throws: ``StrataCore/LogDensityError/invalidModel(_:)`` listing the first build error
    ///   (size mismatch, bad data for a distribution, ...).
    public func build() throws -> GraphModel {
        let lpNoJacobian = graph.addScalars(terms.isEmpty ? [graph.constant(0)] : terms)
        let lpWithJacobian = graph.addScalars([lpNoJacobian] + jacobians)
        try graph.validate()
        var parameterOutputs = parameters.map { p in
            outputInfo(p.name, p.value, shape: p.shape, columnMajor: p.columnMajorOutput)
        }
        var latents = latentOutputs
        for group in parameterGroups.sorted(by: { $0.parameters.lowerBound > $1.parameters.lowerBound }) {
            parameterOutputs.replaceSubrange(group.parameters, with: [group.output])
            for k in latents.indices where latents[k].position >= group.parameters.upperBound {
                latents[k].position -= group.parameters.count - 1
            }
        }
        for latent in latents.reversed() { parameterOutputs.insert(latent.info, at: latent.position) }
        var model = GraphModel(graph: graph, parameters: parameters, outputs: parameterOutputs + extraOutputs,
                               logDensityWithJacobian: lpWithJacobian.slot, logDensityWithoutJacobian: lpNoJacobian.slot)
        model.outputChecks = outputChecks
        model.outputBlocks = (parameters: parameterOutputs.count,
                              transformedParameters: generatedQuantitiesStart ?? extraOutputs.count)
        model.conditionalDraws = conditionalDraws
        return model
    }
}

/// A probability distribution for ``ModelBuilder/sample(_:_:)``: a log density of an outcome,
/// with a flag to drop constant terms.
public struct Distribution {
    /// Builds log p(outcome); the Bool is `propto` (drop constants).
    public let logDensity: (Expr, Bool) -> Expr

    /// Creates a distribution from its log-density builder.
    public init(logDensity: @escaping (Expr, Bool) -> Expr) { self.logDensity = logDensity }

    /// normal(μ, σ).
    public static func normal(_ mu: Expr, _ sigma: Expr) -> Distribution {
        Distribution { y, propto in y.graph.normalLpdf(y, mu, sigma, propto: propto) }
    }
}
