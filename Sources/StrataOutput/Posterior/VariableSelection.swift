// Parses variable lists such as "alpha,N_initial[1:5],Sigma[2,1]" into CSV column names, with clear errors.
import Foundation

/// A user's choice of variables, in Stan's indexing (one-based, `a:b` inclusive), resolved
/// against a run's CSV columns (`N_initial.1`, `Sigma.2.1`).
public enum VariableSelection {
    /// Why a selection could not be resolved.
    public struct SelectionError: Error, CustomStringConvertible, Equatable {
        /// The offending item as written.
        public let item: String
        /// What is wrong with it.
        public let reason: String
        /// The message, naming the item.
        public var description: String { "--vars: '\(item)': \(reason)" }
    }

    /// The display form of a column name: `N_initial.3` → `N_initial[3]`, `Sigma.2.1` → `Sigma[2,1]`.
    public static func displayName(_ column: String) -> String {
        let parts = column.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.dropFirst().allSatisfy({ Int($0) != nil }) else { return column }
        return parts[0] + "[" + parts.dropFirst().joined(separator: ",") + "]"
    }

    /// Splits a list at commas that are not inside brackets.
    static func items(_ spec: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for c in spec {
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            if c == "," && depth == 0 { out.append(current); current = "" } else { current.append(c) }
        }
        out.append(current)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The columns named by `spec`, in the order written (duplicates dropped).
    ///
    /// An item is a name (a scalar, or every element of a container), `name[i]`, `name[a:b]`,
    /// or several comma-separated indices or ranges for a multi-dimensional variable (`Sigma[1:2,1]`).
    /// - Throws: ``SelectionError`` naming the item: unknown variable (with the known names), bad
    ///   index syntax, or an index out of range.
    public static func columns(_ spec: String, available: [String]) throws -> [String] {
        var out: [String] = [], seen = Set<String>()
        let list = items(spec)
        guard !list.isEmpty else { throw SelectionError(item: spec, reason: "no variable named") }
        for item in list {
            for c in try resolve(item, available: available) where seen.insert(c).inserted { out.append(c) }
        }
        return out
    }

    private static func base(_ column: String) -> Substring { column.split(separator: ".", maxSplits: 1).first ?? "" }

    private static func resolve(_ item: String, available: [String]) throws -> [String] {
        let name: String, indexText: String?
        if let open = item.firstIndex(of: "[") {
            guard item.hasSuffix("]") else { throw SelectionError(item: item, reason: "missing ']'") }
            name = String(item[..<open])
            indexText = String(item[item.index(after: open)..<item.index(before: item.endIndex)])
        } else { name = item; indexText = nil }
        let members = available.filter { $0 == name || base($0) == name && $0.hasPrefix(name + ".") }
        guard !members.isEmpty else {
            var names: [String] = []
            for c in available where !names.contains(String(base(c))) { names.append(String(base(c))) }
            let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", ..." : "")
            throw SelectionError(item: item, reason: "no such variable (the run has: \(shown))")
        }
        guard let indexText else { return members }
        guard !(members.count == 1 && members[0] == name) else {
            throw SelectionError(item: item, reason: "'\(name)' is a scalar and takes no index")
        }
        let ranges = try indexText.split(separator: ",", omittingEmptySubsequences: false).map { part -> ClosedRange<Int> in
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(bounds.count), let a = Int(bounds[0]), let b = Int(bounds.last!), a >= 1, a <= b else {
                throw SelectionError(item: item, reason: "'\(part)' is not an index or a range a:b (one-based, a <= b)")
            }
            return a...b
        }
        let matched = members.filter { column in
            let idx = column.split(separator: ".").dropFirst().compactMap { Int($0) }
            return idx.count == ranges.count && zip(idx, ranges).allSatisfy { $1.contains($0) }
        }
        let dims = members[0].split(separator: ".").count - 1
        guard ranges.count == dims else {
            throw SelectionError(item: item, reason: "'\(name)' has \(dims) index\(dims == 1 ? "" : "es"), not \(ranges.count)")
        }
        // Every requested index must exist (a range running past the end is an error, not a silent cut).
        let expected = ranges.reduce(1) { $0 * $1.count }
        guard matched.count == expected else {
            let last = VariableSelection.displayName(members.last!)
            throw SelectionError(item: item, reason: "index out of range (the last element is \(last))")
        }
        return matched
    }
}
