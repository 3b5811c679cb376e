// CmdStan's column names for a variable of a given shape (alpha, N_initial.1, Sigma.2.1), in Stan's output order.

/// Builds the CSV column names CmdStan uses for a model variable.
///
/// Stan writes the elements of a multi-dimensional variable in column-major order (the first
/// index varies fastest: `m.1.1, m.2.1, m.1.2, …`), with one-based indices joined by dots; a
/// scalar keeps its bare name.
public enum StanColumnNames {
    /// Column names of one variable.
    /// - Parameters:
    ///   - name: the variable name.
    ///   - shape: its dimensions (empty for a scalar), outermost first as declared.
    /// - Returns: `shape.reduce(1, *)` names in Stan's output order.
    public static func names(for name: String, shape: [Int]) -> [String] {
        if shape.isEmpty { return [name] }
        let total = shape.reduce(1, *)
        guard total > 0 else { return [] }
        var names: [String] = []
        names.reserveCapacity(total)
        var index = [Int](repeating: 1, count: shape.count)
        for _ in 0..<total {
            names.append(name + "." + index.map(String.init).joined(separator: "."))
            // Advance the first index fastest (column-major).
            var d = 0
            while d < shape.count {
                index[d] += 1
                if index[d] <= shape[d] { break }
                index[d] = 1
                d += 1
            }
        }
        return names
    }

    /// Column names of several variables, concatenated in the given order.
    public static func names(for variables: [(name: String, shape: [Int])]) -> [String] {
        variables.flatMap { names(for: $0.name, shape: $0.shape) }
    }
}
