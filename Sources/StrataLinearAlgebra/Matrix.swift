// Dense row-major matrix storage of Doubles, the only matrix type the engine passes to BLAS/LAPACK.

/// A dense matrix stored row-major in one contiguous array.
public struct Matrix: Equatable, Sendable, Codable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Row-major elements; element (i, j) is at `i * columns + j`.
    public var elements: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        self.rows = rows; self.columns = columns
        elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix from row-major elements.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "element count \(elements.count) != \(rows)x\(columns)")
        self.rows = rows; self.columns = columns; self.elements = elements
    }

    /// A matrix from a list of equally long rows.
    public init(rowsOf list: [[Double]]) {
        let c = list.first?.count ?? 0
        precondition(list.allSatisfy { $0.count == c }, "ragged rows")
        self.init(rows: list.count, columns: c, elements: list.flatMap { $0 })
    }

    /// The n-by-n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element access.
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }
}
