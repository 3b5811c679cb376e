// Shared helpers for the Stan lowering tests: loading shared models and data, random points, gradient checks.
import Foundation
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

enum StanTestSupport {
    static func data(_ relative: String) throws -> DataSet {
        try DataSet(contentsOf: SharedFiles.url(relative))
    }

    static func compile(_ model: String, data: String?, includeGeneratedQuantities: Bool = true) throws -> StanModel {
        try StanModel.compile(path: SharedFiles.url(model).path, data: try data.map { try Self.data($0) },
                              includeGeneratedQuantities: includeGeneratedQuantities)
    }

    /// A reproducible point with coordinates uniform in (-1.5, 1.5).
    static func randomPoint(_ dimension: Int, seed: UInt64) -> [Double] {
        var rng = ChainRNG(seed: seed, chain: 0)
        return (0..<dimension).map { _ in rng.uniform(-1.5, 1.5) }
    }

    static func valueAndGradient(_ model: GraphModel, at x: [Double]) throws -> (Double, [Double]) {
        let e = model.makeEvaluator()
        var g = [Double](repeating: 0, count: x.count)
        let lp = try e.logDensityAndGradient(at: x, gradient: &g)
        return (lp, g)
    }

    /// Asserts the gradient matches central finite differences at a random point. The absolute
    /// tolerance grows with |lp|: a central difference with step h loses about ε·|lp|/h to rounding.
    static func checkGradient(_ model: GraphModel, seed: UInt64, _ label: String,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let x = randomPoint(model.dimension, seed: seed)
        let (lp, g) = try valueAndGradient(model, at: x)
        XCTAssert(lp.isFinite, "\(label): log density \(lp)", file: file, line: line)
        let e = model.makeEvaluator()
        try FiniteDifferences.assertGradient(g, matches: { try e.logDensity(at: $0) }, at: x,
                                             relativeTolerance: 1e-5, absoluteTolerance: 1e-5 + 1e-8 * abs(lp), label,
                                             file: file, line: line)
    }

    /// Compiles `source` with `json` data, checks the gradient at two random points and that the outputs
    /// (generated quantities included) are finite at a third.
    static func checkProgram(_ source: String, json: String, fileName: String, _ label: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let stan = try StanModel.compile(source: source, fileName: fileName, data: try DataSet(json: json))
        for seed: UInt64 in [1, 2] {
            try checkGradient(stan.model, seed: seed, "\(label), seed \(seed)", file: file, line: line)
        }
        var outputs: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: randomPoint(stan.model.dimension, seed: 3), into: &outputs)
        XCTAssert(outputs.allSatisfy(\.isFinite), "\(label): \(outputs)", file: file, line: line)
    }
}
