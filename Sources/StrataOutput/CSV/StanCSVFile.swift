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

    /// Reads a Stan CSV file, `chunkBytes` (default 32 MiB) at a time: memory holds the draws, not the
    /// file's text (a line longer than a chunk is read whole).
    /// - Throws: ``StanCSVError/io(file:message:)`` or ``StanCSVError/malformed(file:line:message:)``.
    public init(contentsOf url: URL, chunkBytes: Int = 1 << 25) throws {
        let name = url.lastPathComponent
        func unreadable(_ error: Error) -> StanCSVError {
            .io(file: name, message: "cannot read file: \((error as NSError).localizedDescription)")
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw unreadable(error) }
        defer { try? handle.close() }
        var parser = StanCSVParser(fileName: name)
        var status = stat()
        if fstat(handle.fileDescriptor, &status) == 0 { parser.expectedBytes = Int(status.st_size) }
        var pending: [UInt8] = []
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: max(1, chunkBytes)) ?? Data() } catch { throw unreadable(error) }
            pending.append(contentsOf: chunk)
            let used = try pending.withUnsafeBufferPointer { try parser.consume($0, final: chunk.isEmpty) }
            pending.removeFirst(used)
            if chunk.isEmpty { break }
        }
        try parser.finish()
        self.init(parsed: parser)
    }

    /// Parses Stan CSV text held in memory.
    public init(text: String, fileName: String = "<csv>") throws {
        var parser = StanCSVParser(fileName: fileName)
        try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0) }
        self.init(parsed: parser)
    }

    /// The file a finished parser read.
    private init(parsed parser: StanCSVParser) {
        fileName = parser.fileName
        columnNames = parser.columnNames
        configuration = parser.configuration
        adaptation = parser.adaptation
        timing = parser.timing
        droppedIncompleteLastLine = parser.droppedIncompleteLastLine
        let n = columnNames.count, rows = parser.rowCount, split = parser.warmupRowCount
        warmupColumns = parser.rows?.columns(rows: 0..<split) ?? [[Double]](repeating: [], count: n)
        columns = parser.rows?.columns(rows: split..<rows) ?? [[Double]](repeating: [], count: n)
    }

    /// Reads several files at once, one per core: each result is the file or the error reading it threw.
    public static func read(_ urls: [URL]) -> [Result<StanCSVFile, Error>] {
        var results = [Result<StanCSVFile, Error>?](repeating: nil, count: urls.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: urls.count) { k in
            let result = Result { try StanCSVFile(contentsOf: urls[k]) }
            lock.lock(); results[k] = result; lock.unlock()
        }
        return results.map { $0! }
    }
}
