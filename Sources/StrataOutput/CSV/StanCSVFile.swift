// Reader for Stan CSV sample files (ours and CmdStan's): configuration, columns, draws, adaptation, timing.
import Foundation

/// The contents of one Stan CSV sample file, with draws stored column by column.
///
/// Reads files written by ``StanCSVWriter`` and by CmdStan. Comment lines before the column
/// names are the configuration; after it, CmdStan's adaptation block (`# Step size = …`, the
/// inverse metric) and `# Elapsed Time` block are recognised and other comments are ignored.
/// Warmup rows (present when `save_warmup = 1`) are kept apart from the post-warmup draws.
public struct StanCSVFile: Sendable {
    /// File name used in messages.
    public var fileName: String
    /// Column names from the header line.
    public var columnNames: [String]
    /// Post-warmup draws: `columns[j][i]` is draw `i` of column `j`.
    public var columns: [[Double]]
    /// Saved warmup draws in the same layout (empty columns when warmup was not saved).
    public var warmupColumns: [[Double]]
    /// Configuration entries from the header comments, in order, keyed by their nesting path
    /// (e.g. `method.sample.num_samples`, `random.seed`, `model`), `(Default)` removed.
    public var configuration: [(key: String, value: String)]
    /// Step size and inverse metric from the adaptation block, if present.
    public var adaptation: AdaptationInfo?
    /// Timing from the final block, if present.
    public var timing: SamplingTiming?
    /// `true` if the last line had no newline and was incomplete (an interrupted write) and was skipped.
    public var droppedIncompleteLastLine: Bool

    /// Number of post-warmup draws.
    public var drawCount: Int { columns.first?.count ?? 0 }

    /// The post-warmup draws of a column, or `nil` if there is no such column.
    public func column(named name: String) -> [Double]? {
        columnNames.firstIndex(of: name).map { columns[$0] }
    }

    /// A configuration value by full path (`random.seed`) or by its last component(s) (`seed`,
    /// `data.file`); the first match in file order wins.
    public func configurationValue(_ key: String) -> String? {
        if let exact = configuration.first(where: { $0.key == key }) { return exact.value }
        return configuration.first(where: { $0.key.hasSuffix("." + key) })?.value
    }

    /// Reads a Stan CSV file.
    /// - Throws: ``StanCSVError/io(file:message:)`` or ``StanCSVError/malformed(file:line:message:)``.
    public init(contentsOf url: URL) throws {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StanCSVError.io(file: name, message: "cannot read file: \((error as NSError).localizedDescription)")
        }
        var bytes = [UInt8](repeating: 0, count: data.count + 1)
        bytes.withUnsafeMutableBytes { dst in _ = data.copyBytes(to: dst) }
        try self.init(nulTerminatedBytes: bytes, fileName: name)
    }

    /// Parses Stan CSV text held in memory.
    public init(text: String, fileName: String = "<csv>") throws {
        var bytes = Array(text.utf8)
        bytes.append(0)
        try self.init(nulTerminatedBytes: bytes, fileName: fileName)
    }

    private init(nulTerminatedBytes bytes: [UInt8], fileName: String) throws {
        self.fileName = fileName
        var parser = StanCSVParser(fileName: fileName)
        try bytes.withUnsafeBufferPointer { try parser.parse($0) }
        columnNames = parser.columnNames
        configuration = parser.configuration
        adaptation = parser.adaptation
        timing = parser.timing
        droppedIncompleteLastLine = parser.droppedIncompleteLastLine
        let n = columnNames.count, rows = parser.rowCount, split = parser.warmupRowCount
        var post = [[Double]](repeating: [], count: n)
        var warm = [[Double]](repeating: [], count: n)
        parser.values.withUnsafeBufferPointer { flat in
            for j in 0..<n {
                warm[j] = (0..<split).map { flat[$0 * n + j] }
                post[j] = (split..<rows).map { flat[$0 * n + j] }
            }
        }
        columns = post
        warmupColumns = warm
    }
}
