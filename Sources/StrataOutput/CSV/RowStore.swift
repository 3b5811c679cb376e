// The numbers of a CSV file's data rows, row-major, filled in place as rows are parsed.

/// Row-major storage for the data rows of a Stan CSV file: a row is parsed straight into the space
/// after the last committed row and kept only if the whole row parses.
final class RowStore {
    /// Values per row.
    let width: Int
    /// Rows committed.
    private(set) var rowCount = 0
    private var capacity: Int
    private var storage: UnsafeMutablePointer<Double>

    /// Largest first reservation, in values (1 GiB): an estimate of the row count from a short first row must not
    /// reserve more than the machine can map; more rows than that grow the storage.
    static let maximumFirstReservation = 1 << 27

    /// Storage for rows of `width` values, with room for `expectedRows` (up to ``maximumFirstReservation`` values)
    /// before it grows.
    init(width: Int, expectedRows: Int) {
        self.width = width
        let wanted = width.multipliedReportingOverflow(by: max(1, expectedRows))
        capacity = max(1, width, wanted.overflow ? Self.maximumFirstReservation : min(wanted.partialValue, Self.maximumFirstReservation))
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The space for the next row (`width` values), growing the storage when it is full.
    func nextRow() -> UnsafeMutablePointer<Double> {
        let used = rowCount * width
        if used + width > capacity {
            capacity = max(capacity * 2, used + width)
            let grown = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            grown.moveInitialize(from: storage, count: used)
            storage.deallocate()
            storage = grown
        }
        return storage + used
    }

    /// Keeps the row written into ``nextRow()``.
    func commitRow() { rowCount += 1 }

    /// Rows `rows` as columns: `result[j][i]` is column `j` of row `rows.lowerBound + i`.
    ///
    /// Column by column with a stride of one row: consecutive columns read the same cache lines, which stay
    /// in cache for thousands of rows.
    func columns(rows: Range<Int>) -> [[Double]] {
        let base = storage + rows.lowerBound * width
        let count = rows.count
        return (0..<width).map { j in
            [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                var p = base + j
                for i in 0..<count { buffer[i] = p.pointee; p += width }
                initialized = count
            }
        }
    }
}
