// The variables of a CmdStan JSON data file, with typed, shape-checked accessors.
import Foundation

/// The contents of a CmdStan JSON data file.
///
/// Fetch variables with the accessor matching the model's declaration; each checks shape and
/// type and throws a ``DataError`` naming the file and variable:
/// ```swift
/// let data = try DataSet(contentsOf: url)
/// let n = try data.int("N_widgets")
/// let t = try data.realArray("t_initial", count: n)
/// ```
/// Integer values are accepted where reals are expected (as in Stan), never the reverse.
public struct DataSet: Sendable {
    /// File name used in error messages (the last path component of the file read).
    public let fileName: String
    /// Variable names in the order they appear in the file.
    public let names: [String]
    private let storage: [String: DataValue]

    /// Reads and parses a JSON data file.
    /// - Throws: ``DataError/unreadable(file:reason:)`` or ``DataError/syntax(file:line:column:message:)``.
    public init(contentsOf url: URL) throws {
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            throw DataError.unreadable(file: name, reason: "no such file")
        }
        if isDirectory.boolValue { throw DataError.unreadable(file: name, reason: "is a folder, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataError.unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
        var bytes = [UInt8](repeating: 0, count: data.count + 1)
        bytes.withUnsafeMutableBytes { dst in _ = data.copyBytes(to: dst) }
        try self.init(nulTerminatedBytes: bytes, fileName: name)
    }

    /// Parses JSON text held in memory.
    /// - Parameters:
    ///   - json: the JSON text.
    ///   - fileName: name to use in error messages.
    public init(json: String, fileName: String = "<data>") throws {
        var bytes = Array(json.utf8)
        bytes.append(0)
        try self.init(nulTerminatedBytes: bytes, fileName: fileName)
    }

    /// Builds a data set directly from values (e.g. for tests or programmatic callers).
    public init(values: [(name: String, value: DataValue)], fileName: String = "<data>") {
        self.fileName = fileName
        self.names = values.map(\.name)
        self.storage = Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    private init(nulTerminatedBytes bytes: [UInt8], fileName: String) throws {
        let parsed = try bytes.withUnsafeBufferPointer { buffer -> [(name: String, value: DataValue)] in
            var parser = JSONDataParser(bytes: buffer, fileName: fileName)
            return try parser.parse()
        }
        self.init(values: parsed, fileName: fileName)
    }

    /// Whether the file defines `name`.
    public func contains(_ name: String) -> Bool { storage[name] != nil }

    /// The raw value of a variable, whatever its shape and type.
    /// - Throws: ``DataError/missingVariable(file:variable:)``.
    public func value(named name: String) throws -> DataValue {
        guard let v = storage[name] else { throw DataError.missingVariable(file: fileName, variable: name) }
        return v
    }

    /// A real scalar (an integer literal is accepted).
    public func real(_ name: String) throws -> Double {
        try scalar(name, integer: false)
    }

    /// An integer scalar; must be written without fraction or exponent and fit Stan's 32-bit `int`.
    public func int(_ name: String) throws -> Int {
        Int(try scalar(name, integer: true))
    }

    /// A one-dimensional real array (Stan `vector`, `row_vector` or `array[] real`).
    /// - Parameters:
    ///   - name: the variable.
    ///   - count: required number of elements, or `nil` to accept any length.
    public func realArray(_ name: String, count: Int? = nil) throws -> [Double] {
        let v = try value(named: name)
        if let count { try checkShape(v, name, expected: [count]) } else { try checkRank(v, name, rank: 1) }
        return v.values
    }

    /// A one-dimensional integer array (`array[] int`).
    public func intArray(_ name: String, count: Int? = nil) throws -> [Int] {
        let v = try value(named: name)
        if let count { try checkShape(v, name, expected: [count]) } else { try checkRank(v, name, rank: 1) }
        return try integers(v, name)
    }

    /// A real matrix (or `array[rows] vector[columns]`) in row-major order.
    public func realMatrix(_ name: String, rows: Int, columns: Int) throws -> [Double] {
        let v = try value(named: name)
        try checkShape(v, name, expected: [rows, columns])
        return v.values
    }

    /// A real array of any declared shape, flattened in row-major order.
    public func realArray(_ name: String, shape: [Int]) throws -> [Double] {
        let v = try value(named: name)
        try checkShape(v, name, expected: shape)
        return v.values
    }

    /// An integer array of any declared shape, flattened in row-major order.
    public func intArray(_ name: String, shape: [Int]) throws -> [Int] {
        let v = try value(named: name)
        try checkShape(v, name, expected: shape)
        return try integers(v, name)
    }

    /// Throws unless every value of `name` is finite (no NaN or ±inf). Whether non-finite data is
    /// allowed is the model's decision; call this for variables that must be finite.
    public func requireFinite(_ name: String) throws {
        let v = try value(named: name)
        if let i = v.firstNonFiniteIndex {
            let at = v.isScalar ? "" : " at element [\(v.stanIndices(ofFlatIndex: i).map(String.init).joined(separator: ", "))]"
            throw DataError.mismatch(file: fileName, variable: name, expected: "finite values",
                                     found: "\(Self.format(v.values[i]))\(at)")
        }
    }

    // MARK: - Checks

    private func scalar(_ name: String, integer: Bool) throws -> Double {
        let v = try value(named: name)
        guard v.isScalar else {
            throw DataError.mismatch(file: fileName, variable: name,
                                     expected: integer ? "an integer scalar" : "a real scalar", found: v.shapeDescription)
        }
        if integer { _ = try integers(v, name) }
        return v.values[0]
    }

    private func checkRank(_ v: DataValue, _ name: String, rank: Int) throws {
        if v.shape.count == rank || (v.count == 0 && !v.shape.isEmpty) { return }
        throw DataError.mismatch(file: fileName, variable: name,
                                 expected: "a one-dimensional array", found: v.shapeDescription)
    }

    private func checkShape(_ v: DataValue, _ name: String, expected: [Int]) throws {
        if v.shape == expected { return }
        let expectedCount = expected.reduce(1, *)
        // An empty JSON array stands for any declared shape with zero elements.
        if expectedCount == 0 && v.count == 0 && !v.shape.isEmpty { return }
        if expected.count == 1 && v.shape.count == 1 {
            throw DataError.mismatch(file: fileName, variable: name,
                                     expected: "\(expected[0]) element" + (expected[0] == 1 ? "" : "s"),
                                     found: String(v.shape[0]))
        }
        let want = DataValue(shape: expected, values: [], isInteger: false).shapeDescription
        throw DataError.mismatch(file: fileName, variable: name, expected: want, found: v.shapeDescription)
    }

    private func integers(_ v: DataValue, _ name: String) throws -> [Int] {
        if !v.isInteger {
            let i = v.values.firstIndex { $0 != $0.rounded() || !$0.isFinite } ?? 0
            let at = v.isScalar ? "" : " at element [\(v.stanIndices(ofFlatIndex: i).map(String.init).joined(separator: ", "))]"
            throw DataError.mismatch(file: fileName, variable: name, expected: "integer values",
                                     found: "real value \(Self.format(v.values[i]))\(at)")
        }
        var out = [Int](repeating: 0, count: v.count)
        for (i, x) in v.values.enumerated() {
            guard x >= Double(Int32.min) && x <= Double(Int32.max) else {
                throw DataError.mismatch(file: fileName, variable: name, expected: "values within Stan's int range",
                                         found: "\(Self.format(x))")
            }
            out[i] = Int(x)
        }
        return out
    }

    static func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
