// Reads the values a data set was simulated from (../shared/data/*_truth.json) and matches them to CSV columns.
import Foundation

/// True parameter values from a JSON object, keyed by CSV column name.
///
/// A key equal to a variable's name gives its value (a number, or an array of numbers spread over
/// `name.1`, `name.2`, …; nested arrays are read column-major like Stan). A key `NAME_per_UNIT`
/// (the widget truth's `alpha_per_s` / `alpha_per_day`) gives `NAME` when no key `NAME` exists:
/// a single such key is used; among several, the one whose unit the data file's name contains
/// (`decay_days.json` → `day`); when none matches, the variable is left unmarked rather than guessed.
public enum TruthValues {
    /// Why a truth file could not be used.
    public struct TruthError: Error, CustomStringConvertible {
        /// The file and what is wrong with it.
        public let description: String
    }

    /// Values for the columns of a run.
    /// - Parameters:
    ///   - json: the file's bytes.
    ///   - fileName: name used in messages.
    ///   - columns: the run's columns.
    ///   - dataFile: the data file's name from the CSV header (chooses among `_per_UNIT` keys).
    /// - Throws: ``TruthError`` when the file is not a JSON object.
    public static func parse(_ json: Data, fileName: String, columns: [String], dataFile: String?) throws -> [String: Double] {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw TruthError(description: "\(fileName): not a JSON object of true values")
        }
        var values: [String: Double] = [:]
        let available = Set(columns)
        let bases = Set(columns.map { String($0.split(separator: ".", maxSplits: 1).first ?? "") })
        let tokens = Set((dataFile ?? "").lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        var perUnit: [String: [(unit: String, value: Any)]] = [:]
        for key in object.keys.sorted() {
            if bases.contains(key) { spread(object[key]!, name: key, into: &values, available: available); continue }
            if let r = key.range(of: "_per_") {
                let name = String(key[..<r.lowerBound]), unit = String(key[r.upperBound...])
                if bases.contains(name) && object[name] == nil { perUnit[name, default: []].append((unit, object[key]!)) }
            }
        }
        for (name, options) in perUnit {
            guard let chosen = options.count == 1 ? options[0] : options.first(where: { tokens.contains($0.unit) || tokens.contains($0.unit + "s") })
            else { continue }
            spread(chosen.value, name: name, into: &values, available: available)
        }
        return values
    }

    /// Puts a number or (nested) array under `name`, `name.1`, … (column-major for nested arrays).
    private static func spread(_ value: Any, name: String, into values: inout [String: Double], available: Set<String>) {
        if let x = (value as? NSNumber)?.doubleValue {
            if available.contains(name) { values[name] = x }
            return
        }
        guard let array = value as? [Any] else { return }
        var shape: [Int] = [], level: Any = array
        while let a = level as? [Any] { shape.append(a.count); guard let f = a.first else { break }; level = f }
        let names = StanColumnNames.names(for: name, shape: shape)
        // Row-major walk of the nested arrays, written to the column-major name of each element.
        var flat: [Double] = []
        func walk(_ v: Any) { if let a = v as? [Any] { a.forEach(walk) } else { flat.append((v as? NSNumber)?.doubleValue ?? .nan) } }
        walk(array)
        guard flat.count == names.count else { return }
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        for (k, column) in names.enumerated() {
            var rest = k, rowMajor = 0
            for d in 0..<shape.count { rowMajor += (rest % shape[d]) * strides[d]; rest /= shape[d] }
            if available.contains(column) { values[column] = flat[rowMajor] }
        }
    }
}
