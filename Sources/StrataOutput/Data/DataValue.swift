// One variable read from a CmdStan JSON data file: its shape, flat row-major values and integer-ness.

/// The value of one data variable, as read from a CmdStan JSON file.
///
/// Scalars have an empty `shape`; a JSON array of arrays becomes a multi-dimensional value whose
/// `shape` lists the sizes outermost first (a matrix is `[rows, columns]`), and `values` holds the
/// leaves in row-major order (the last index varies fastest), as CmdStan's JSON reader does.
public struct DataValue: Equatable, Sendable {
    /// Sizes of each dimension, outermost first; empty for a scalar.
    public var shape: [Int]
    /// All leaf values in row-major order.
    public var values: [Double]
    /// `true` when every leaf was written as a JSON integer literal (no `.`, no exponent, no
    /// `inf`/`NaN`). Empty arrays count as integer, so they fit both `int` and `real` declarations.
    public var isInteger: Bool

    /// Creates a value from its parts.
    /// - Parameters:
    ///   - shape: dimension sizes (empty for a scalar); their product must equal `values.count`.
    ///   - values: leaves in row-major order.
    ///   - isInteger: whether all leaves were integer literals.
    public init(shape: [Int], values: [Double], isInteger: Bool) {
        self.shape = shape
        self.values = values
        self.isInteger = isInteger
    }

    /// A scalar value.
    public init(scalar: Double, isInteger: Bool) {
        self.init(shape: [], values: [scalar], isInteger: isInteger)
    }

    /// Number of leaf values (1 for a scalar).
    public var count: Int { values.count }

    /// `true` for a scalar (no dimensions).
    public var isScalar: Bool { shape.isEmpty }

    /// Index (row-major, zero-based) of the first NaN or infinite leaf, or `nil` if all are finite.
    public var firstNonFiniteIndex: Int? {
        values.firstIndex { !$0.isFinite }
    }

    /// Converts a flat row-major position into one-based indices, as Stan prints them ("[2, 3]").
    /// - Parameter flatIndex: zero-based position in `values`.
    /// - Returns: one index per dimension (empty for a scalar).
    public func stanIndices(ofFlatIndex flatIndex: Int) -> [Int] {
        var rest = flatIndex
        var indices = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            let size = max(shape[d], 1)
            indices[d] = rest % size + 1
            rest /= size
        }
        return indices
    }

    /// Human-readable description of the shape: "a scalar", "an array of 3 elements",
    /// "an array of shape [2, 3]".
    public var shapeDescription: String {
        switch shape.count {
        case 0: return "a scalar"
        case 1: return "an array of \(shape[0]) element" + (shape[0] == 1 ? "" : "s")
        default: return "an array of shape [\(shape.map(String.init).joined(separator: ", "))]"
        }
    }
}
