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
    /// - Parameter columnMajorOutput: report the last two dimensions column-major, as CmdStan lists
    ///   matrices (`m.1.1, m.2.1, m.1.2, ...`); the value itself stays row-major.
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
    public func output(_ name: String, _ value: Expr, shape: [Int]? = nil) {
        extraOutputs.append(OutputInfo(name: name, shape: shape ?? (value.count == 1 ? [] : [value.count]), value: value))
    }

    /// Checks `inputs` each time outputs are written; a non-nil message from `violation` stops the run
    /// with ``StrataCore/LogDensityError/invalidModel(_:)`` (generated quantities' constraints).
    public func checkOutputs(_ inputs: [Expr], _ violation: @escaping ([[Double]]) -> String?) {
        outputChecks.append(OutputCheck(inputs: inputs, violation: violation))
    }

    /// `target += term` (a vector term adds all its elements).
    public func addTarget(_ term: Expr) { terms.append(term.count == 1 ? term : graph.sum(term)) }

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
        var parameterOutputs = parameters.map { p -> OutputInfo in
            guard p.columnMajorOutput else { return OutputInfo(name: p.name, shape: p.shape, value: p.value) }
            let (order, names) = OutputNaming.columnMajor(p.name, shape: p.shape)
            return OutputInfo(name: p.name, shape: p.shape, value: graph.gather(p.value, index: order, name: p.name),
                              names: names)
        }
        for latent in latentOutputs.reversed() { parameterOutputs.insert(latent.info, at: latent.position) }
        var model = GraphModel(graph: graph, parameters: parameters, outputs: parameterOutputs + extraOutputs,
                               logDensityWithJacobian: lpWithJacobian.slot, logDensityWithoutJacobian: lpNoJacobian.slot)
        model.outputChecks = outputChecks
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
