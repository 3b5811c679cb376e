// Groups CmdStan-style flat output names (theta.3, Sigma.2.1) into variables with shapes, in C order.

/// A Stan variable made of flat output columns: its name, shape and, for each element in C (row-major)
/// order, the index of its column among the outputs. CmdStan names matrix elements column-major
/// (`Sigma.1.1, Sigma.2.1, ...`); netCDF and ArviZ store arrays row-major.
public struct StanVariableLayout: Equatable, Sendable {
    /// The variable's name (`theta`).
    public let name: String
    /// Its shape (empty for a scalar).
    public let shape: [Int]
    /// `columns[k]` is the output index of the element at C-order position `k`.
    public let columns: [Int]

    /// Number of elements.
    public var count: Int { columns.count }

    /// The variables of `names`, in order of first appearance. Names whose indices are not positive integers,
    /// or that do not fill a rectangular shape, are kept as scalars with their full name (dots become `_`).
    public static func layouts(of names: [String]) -> [StanVariableLayout] {
        var order: [String] = []
        var elements: [String: [(indices: [Int], column: Int)]] = [:]
        var scalars: [(String, Int)] = []
        for (column, full) in names.enumerated() {
            let parts = full.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let indices = parts.dropFirst().map { Int($0) }
            if parts.count > 1, indices.allSatisfy({ ($0 ?? 0) >= 1 }) {
                let base = parts[0]
                if elements[base] == nil { order.append(base) }
                elements[base, default: []].append((indices.map { $0! }, column))
            } else {
                order.append(full)
                scalars.append((full, column))
            }
        }
        var result: [StanVariableLayout] = []
        let scalarColumns = Dictionary(scalars, uniquingKeysWith: { a, _ in a })
        for name in order {
            if let column = scalarColumns[name], elements[name] == nil {
                result.append(StanVariableLayout(name: name, shape: [], columns: [column]))
                continue
            }
            guard let items = elements[name] else { continue }
            let rank = items[0].indices.count
            let shape = (0..<rank).map { d in items.map { $0.indices.count == rank ? $0.indices[d] : 0 }.max() ?? 0 }
            let total = shape.reduce(1, *)
            var columns = [Int](repeating: -1, count: total)
            var rectangular = items.count == total && items.allSatisfy { $0.indices.count == rank }
            if rectangular {
                for item in items {
                    var k = 0
                    for d in 0..<rank { k = k * shape[d] + (item.indices[d] - 1) }
                    if columns[k] != -1 { rectangular = false; break }
                    columns[k] = item.column
                }
            }
            if rectangular {
                result.append(StanVariableLayout(name: name, shape: shape, columns: columns))
            } else {
                for item in items {
                    let flat = name + "_" + item.indices.map(String.init).joined(separator: "_")
                    result.append(StanVariableLayout(name: flat, shape: [], columns: [item.column]))
                }
            }
        }
        return result
    }
}
