// Shared test harness: builds a family with any subset of its arguments as parameters and checks gradients and propto.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

/// How a test argument is fed to the family when it is a parameter.
enum ArgKind {
    /// Always data (integer outcomes, trial counts).
    case data
    /// An unconstrained parameter used as is.
    case real
    /// exp(parameter), for positive arguments.
    case positive
    /// invLogit(parameter), for arguments in (0, 1).
    case unit
}

/// One argument of a test case: its values (1 element = scalar) and how it may be a parameter.
struct TestArg {
    let values: [Double]
    let kind: ArgKind
    init(_ values: [Double], _ kind: ArgKind) { self.values = values; self.kind = kind }
    init(_ value: Double, _ kind: ArgKind) { self.values = [value]; self.kind = kind }

    /// Unconstrained values that map to `values`.
    var raw: [Double] {
        switch kind {
        case .data, .real: return values
        case .positive: return values.map { Foundation.log($0) }
        case .unit: return values.map { Foundation.log($0 / (1 - $0)) }
        }
    }
}

/// A built graph for one choice of parameter arguments.
struct BuiltCase {
    let graph: Graph
    let full: Expr
    let dropped: Expr
    let x: [Double]
}

enum FamilyHarness {
    /// Builds `family(outcome | arguments)` twice (propto false and true) in one graph, with the
    /// arguments whose bit is set in `mask` as parameters (index 0 = outcome).
    static func build(_ family: String, _ args: [TestArg], mask: Int) throws -> BuiltCase {
        let g = Graph()
        var x: [Double] = []
        var exprs: [Expr] = []
        for (k, a) in args.enumerated() {
            if mask & (1 << k) != 0 && a.kind != .data {
                let p = g.parameterInput(count: a.values.count)
                x += a.raw
                switch a.kind {
                case .positive: exprs.append(exp(p))
                case .unit: exprs.append(invLogit(p))
                default: exprs.append(p)
                }
            } else {
                exprs.append(g.constant(a.values))
            }
        }
        let full = try DistributionRegistry.logDensity(family: family, graph: g, outcome: exprs[0],
                                                       arguments: Array(exprs.dropFirst()), propto: false)
        let dropped = try DistributionRegistry.logDensity(family: family, graph: g, outcome: exprs[0],
                                                          arguments: Array(exprs.dropFirst()), propto: true)
        try g.validate()
        return BuiltCase(graph: g, full: full, dropped: dropped, x: x)
    }

    /// For every subset of parameterisable arguments: the gradient of the full and the propto
    /// density matches finite differences, and full − propto does not depend on the parameters.
    static func check(_ family: String, _ args: [TestArg], file: StaticString = #filePath, line: UInt = #line) throws {
        let n = args.count
        for mask in 1..<(1 << n) {
            if (0..<n).contains(where: { mask & (1 << $0) != 0 && args[$0].kind == .data }) { continue }
            let c = try build(family, args, mask: mask)
            let label = "\(family) mask \(mask)"
            for target in [c.full, c.dropped] {
                if target.isConstant { continue }
                let ev = GraphEvaluator(graph: c.graph, target: target.slot)
                var grad = [Double](repeating: 0, count: c.x.count)
                _ = try ev.valueAndGradient(at: c.x, gradient: &grad)
                try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: c.x,
                                                     relativeTolerance: 2e-5, absoluteTolerance: 1e-6, label, file: file, line: line)
            }
            // propto drops only terms that do not depend on the parameters.
            let diff = c.full - c.dropped
            let ev = GraphEvaluator(graph: c.graph, target: diff.slot)
            let d0 = try ev.forward(at: c.x)
            let shifted = c.x.enumerated().map { $0.element + 0.05 * Double($0.offset % 3 + 1) }
            let d1 = try ev.forward(at: shifted)
            XCTAssertEqual(d0, d1, accuracy: 1e-9 * max(1, Swift.abs(d0)), "\(label): full - propto changed with the parameters",
                           file: file, line: line)
        }
    }
}

/// Assertions on argument errors, shared by the family test classes.
extension XCTestCase {
    /// Builds `family` with the outcome or argument at `position` (0 = outcome) as a raw parameter,
    /// and asserts that evaluating it at `value` throws a domain error.
    func assertDomainError(_ family: String, _ values: [[Double]], parameter position: Int, value: Double,
                           file: StaticString = #filePath, line: UInt = #line) throws {
        let g = Graph()
        let exprs = values.enumerated().map { $0.offset == position ? g.parameterInput(count: 1) : g.constant($0.element) }
        let lp = try DistributionRegistry.logDensity(family: family, graph: g, outcome: exprs[0],
                                                     arguments: Array(exprs.dropFirst()), propto: true)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        XCTAssertNoThrow(try ev.forward(at: values[position]), "\(family) valid point", file: file, line: line)
        XCTAssertThrowsError(try ev.forward(at: [value]), "\(family) position \(position) = \(value)", file: file, line: line) {
            guard case .domain = $0 as? LogDensityError else { return XCTFail("not a domain error: \($0)", file: file, line: line) }
            XCTAssertTrue(($0 as? LogDensityError)?.isRecoverable ?? false, file: file, line: line)
        }
    }

    /// Asserts that building `family` from data `values` fails validation with a message containing `fragment`.
    func assertBuildError(_ family: String, _ values: [[Double]], _ fragment: String,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let g = Graph()
        let exprs = values.map { g.constant($0) }
        _ = try DistributionRegistry.logDensity(family: family, graph: g, outcome: exprs[0], arguments: Array(exprs.dropFirst()), propto: false)
        XCTAssertThrowsError(try g.validate(), family, file: file, line: line) {
            XCTAssert("\($0)".contains(fragment), "\(family): '\($0)' lacks '\(fragment)'", file: file, line: line)
        }
    }
}
