// Compares a model's outputs at a point with reference values listed row-major (numpy's order) by variable name.
import StrataModeling
import XCTest

extension StanTestSupport {
    /// Asserts that each named output of `model` at `x` matches its reference, element by element in row-major
    /// order (the output columns list matrices column-major, as Stan's CSV), within `relative` times max(1, |value|).
    static func assertOutputs(_ model: GraphModel, at x: [Double], match reference: [String: [Double]], relative: Double = 1e-12,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        let names = model.outputNames
        for (name, expected) in reference {
            let columns = names.indices.filter { names[$0] == name || names[$0].hasPrefix(name + ".") }.sorted {
                names[$0].split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes(names[$1].split(separator: ".").compactMap { Int($0) })
            }
            XCTAssertEqual(columns.count, expected.count, name, file: file, line: line)
            for (k, column) in columns.enumerated() where k < expected.count {
                XCTAssertEqual(out[column], expected[k], accuracy: relative * max(1, Swift.abs(expected[k])), names[column], file: file, line: line)
            }
        }
    }
}
