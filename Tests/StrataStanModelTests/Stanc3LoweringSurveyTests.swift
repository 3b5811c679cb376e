// Opt-in survey (STRATA_STANC3_DIR = a stanc3 checkout): every good/ program `strata check` accepts is lowered with
// synthetic data, and those that stop at an "unsupported feature" while lowering are counted by cause.
import Foundation
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import XCTest

final class Stanc3LoweringSurveyTests: XCTestCase {
    func testAcceptedProgramsLower() throws {
        guard let root = ProcessInfo.processInfo.environment["STRATA_STANC3_DIR"] else {
            throw XCTSkip("set STRATA_STANC3_DIR to a stanc3 checkout to run the lowering survey")
        }
        let good = URL(fileURLWithPath: root).appendingPathComponent("test/integration/good")
        guard let walker = FileManager.default.enumerator(at: good, includingPropertiesForKeys: nil) else { return }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "stan" }.sorted { $0.path < $1.path }
        var accepted = 0, lowered = 0, otherFailures = 0
        var unsupported: [String: [String]] = [:]
        var failures: [String] = []
        for url in files {
            let source = try StanSourceFile(path: url.path).source
            let checked = StanFrontEnd.check(source: source)
            guard checked.succeeded, let program = checked.program else { continue }
            accepted += 1
            let json = SyntheticData.json(for: program.data ?? [])
            do {
                _ = try StanModel.compile(source: source, fileName: url.lastPathComponent, data: try DataSet(json: json))
                lowered += 1
            } catch {
                let text = "\(error)"
                if let cause = text.split(separator: "\n").first(where: { $0.contains("unsupported feature: ") }) {
                    let what = cause.components(separatedBy: "unsupported feature: ").last ?? String(cause)
                    unsupported[what, default: []].append(url.path.replacingOccurrences(of: good.path + "/", with: ""))
                } else {
                    otherFailures += 1
                    failures.append("\(url.lastPathComponent): \(text.split(separator: "\n").first ?? "")")
                }
            }
        }
        // STRATA_STANC3_FAILURES=FILE lists the other failures (program: first line of the error), to compare two builds.
        if let path = ProcessInfo.processInfo.environment["STRATA_STANC3_FAILURES"] {
            try failures.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let stopped = unsupported.values.map(\.count).reduce(0, +)
        print("STANC3 lowering: \(accepted) accepted, \(lowered) lowered with synthetic data, \(stopped) stop at an unsupported "
              + "feature, \(otherFailures) fail for other reasons (mostly the synthetic data itself)")
        for (what, programs) in unsupported.sorted(by: { $0.value.count > $1.value.count }) {
            print("STANC3 unsupported at lowering: \(programs.count) \(what) (\(programs.prefix(3).joined(separator: ", ")))")
        }
        // Ratchet of 2026-11-30: no more accepted programs may stop at an unsupported feature when lowered (47, then 15 with
        // the linear-algebra and container functions, 4 with the distribution and CDF work merged alongside; 6 with complex
        // numbers, which made 47 more programs accepted, two of them dividing complex matrices by a matrix, `/`; 2 once
        // complex right division lowered; 0 with returns under parameter conditions and branches in recorded functions:
        // every accepted program now lowers).
        XCTAssertLessThanOrEqual(stopped, Self.unsupportedCeiling)
    }

    static let unsupportedCeiling = 0
}

/// Data for a program's data block: ints 1 (or inside their bounds), reals 0.5 (or inside their bounds), identity
/// matrices for covariance/correlation/Cholesky types, uniform simplexes, increasing ordered vectors.
enum SyntheticData {
    static func json(for declarations: [VarDecl]) -> String {
        var ints: [String: Int] = [:]
        var entries: [String] = []
        for d in declarations {
            if d.type.base == .int && d.type.arrayDims.isEmpty { ints[d.name] = Int(scalar(d.type, ints)) }
            entries.append("\"\(d.name)\": " + json(for: d.type, ints))
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// The JSON of one declared type (tuples as objects with keys "1", "2", ...).
    private static func json(for type: DeclType, _ ints: [String: Int]) -> String {
        let dims = type.arrayDims.map { size($0, ints) }
        if case .tuple(let components) = type.base {
            let object = "{" + components.enumerated().map { "\"\($0.offset + 1)\": " + json(for: $0.element, ints) }
                .joined(separator: ", ") + "}"
            return nest(dims, inner: object)
        }
        let sizes = type.base.sizes.map { size($0, ints) }
        return nest(dims, inner: value(type.base, sizes, scalar(type, ints)))
    }

    /// An array of `dims` copies of `inner`.
    private static func nest(_ dims: [Int], inner: String) -> String {
        guard let first = dims.first else { return inner }
        return "[" + Array(repeating: nest(Array(dims.dropFirst()), inner: inner), count: max(first, 0)).joined(separator: ", ") + "]"
    }

    /// One element's JSON for the base type.
    private static func value(_ base: DeclBase, _ sizes: [Int], _ element: Double) -> String {
        let n = sizes.first.map { max($0, 0) } ?? 0
        func number(_ v: Double) -> String { v == v.rounded() && base == .int ? String(Int(v)) : String(v) }
        func vector(_ f: (Int) -> Double) -> String { "[" + (0..<n).map { number(f($0)) }.joined(separator: ", ") + "]" }
        func matrix(_ rows: Int, _ cols: Int, _ f: (Int, Int) -> Double) -> String {
            "[" + (0..<rows).map { i in "[" + (0..<cols).map { number(f(i, $0)) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
        switch base {
        case .int, .real: return number(element)
        case .complex: return "[\(element), 0]"
        case .vector, .rowVector: return vector { _ in element }
        case .simplex: return vector { _ in 1 / Double(max(n, 1)) }
        case .unitVector: return vector { $0 == 0 ? 1 : 0 }
        case .ordered, .positiveOrdered: return vector { Double($0 + 1) }
        case .matrix: return matrix(sizes[0], sizes[1]) { _, _ in element }
        case .choleskyFactorCov: return matrix(sizes[0], sizes.count > 1 ? sizes[1] : sizes[0]) { $0 == $1 ? 1 : 0 }
        case .choleskyFactorCorr, .corrMatrix, .covMatrix: return matrix(n, n) { $0 == $1 ? 1 : 0 }
        case .sumToZeroVector: return vector { _ in 0 }
        case .sumToZeroMatrix: return matrix(sizes[0], sizes[1]) { _, _ in 0 }
        case .rowStochasticMatrix: return matrix(sizes[0], sizes[1]) { _, _ in 1 / Double(max(sizes[1], 1)) }
        case .columnStochasticMatrix: return matrix(sizes[0], sizes[1]) { _, _ in 1 / Double(max(sizes[0], 1)) }
        case .complexVector, .complexRowVector:
            return "[" + (0..<n).map { _ in "[\(element), 0]" }.joined(separator: ", ") + "]"
        case .complexMatrix:
            let row = "[" + (0..<max(sizes[1], 0)).map { _ in "[\(element), 0]" }.joined(separator: ", ") + "]"
            return "[" + Array(repeating: row, count: max(sizes[0], 0)).joined(separator: ", ") + "]"
        case .tuple: return "{}"  // written by json(for:)
        }
    }

    /// A scalar inside the declared bounds (when they are numbers).
    private static func scalar(_ type: DeclType, _ ints: [String: Int]) -> Double {
        let isInt = type.base == .int
        guard case .bounds(let lower, let upper) = type.constraint else { return isInt ? 1 : 0.5 }
        let lo = lower.flatMap { number($0, ints) }, hi = upper.flatMap { number($0, ints) }
        switch (lo, hi) {
        case let (l?, h?): return isInt ? l.rounded(.up) : (l + h) / 2
        case let (l?, nil): return isInt ? Swift.max(l.rounded(.up), 1) : l + 0.5
        case let (nil, h?): return isInt ? Swift.min(h.rounded(.down), 1) : h - 0.5
        default: return isInt ? 1 : 0.5
        }
    }

    private static func size(_ e: Expr, _ ints: [String: Int]) -> Int { number(e, ints).map { Int($0) } ?? 1 }

    /// The value of a literal, a known int or simple arithmetic on them.
    private static func number(_ e: Expr, _ ints: [String: Int]) -> Double? {
        switch e.kind {
        case .intLiteral(let s), .realLiteral(let s): return Double(s)
        case .variable(let name): return ints[name].map(Double.init)
        case .prefix(let op, let x): return op.rawValue == "-" ? number(x, ints).map { -$0 } : number(x, ints)
        case .binary(let op, let a, let b):
            guard let x = number(a, ints), let y = number(b, ints) else { return nil }
            switch op.rawValue {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            case "/": return y == 0 ? nil : x / y
            default: return nil
            }
        default: return nil
        }
    }
}
