// Streaming writer of CmdStan-compatible sample CSV files: whole lines only, flushed as it goes.
import Foundation
#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
private let posixClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
private let posixClose = Darwin.close
#endif

/// Writes one chain's draws in CmdStan's sample CSV format.
///
/// Layout, as CmdStan writes it: the ``StanCSVHeader`` comment block, the column-name line
/// (`lp__,accept_stat__,…,energy__` then the parameter names), saved warmup rows if any, the
/// adaptation block (`# Adaptation terminated`, `# Step size = …`, the inverse metric), the
/// draw rows, and the `# Elapsed Time` block.
///
/// The file is written directly (no temporary name) and only ever receives complete lines: text
/// is accumulated in memory and handed to `write(2)` every `flushEvery` rows, so a run that is
/// interrupted leaves a readable file holding every row flushed so far.
public final class StanCSVWriter {
    /// The file being written.
    public let url: URL
    /// All column names, sampler columns first.
    public let columnNames: [String]
    /// How values are printed.
    public let numberFormat: CSVNumberFormat
    /// Rows buffered before a write; 1 writes each row at once.
    public let flushEvery: Int

    /// Bytes in the file so far (everything flushed).
    public private(set) var byteCount = 0

    private var fd: Int32
    private var buffer: [UInt8] = []
    private var pendingRows = 0
    private let fileName: String

    /// Creates (or truncates) the file and writes the header comments and column names.
    /// - Parameters:
    ///   - url: destination file.
    ///   - header: run configuration printed as comments.
    ///   - parameterNames: names of the parameter columns in CmdStan style (`alpha`, `N_initial.1`, `Sigma.2.1`).
    ///   - samplerColumns: the leading diagnostic columns (default: CmdStan's seven NUTS columns).
    ///   - flushEvery: number of rows buffered between writes (at least 1).
    /// - Throws: ``StanCSVError/io(file:message:)`` if the file cannot be created.
    public init(url: URL, header: StanCSVHeader, parameterNames: [String],
                samplerColumns: [String] = SamplerDrawStats.columnNames, flushEvery: Int = 1) throws {
        self.url = url
        self.fileName = url.lastPathComponent
        self.columnNames = samplerColumns + parameterNames
        self.numberFormat = header.numberFormat
        self.flushEvery = max(1, flushEvery)
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 {
            throw StanCSVError.io(file: fileName, message: "cannot create file: \(String(cString: strerror(errno)))")
        }
        for line in header.commentLines() { append("# " + line + "\n") }
        append(columnNames.joined(separator: ",") + "\n")
        try flush()
    }

    /// Reopens a file this writer type wrote earlier, keeps its first `length` bytes (what a checkpoint
    /// accounted for: header, adaptation block and the rows of the saved iterations) and appends after them.
    /// - Throws: ``StanCSVError/io(file:message:)`` if the file is missing, shorter than `length`, or cannot
    ///   be written.
    public init(resuming url: URL, keeping length: Int, parameterNames: [String], numberFormat: CSVNumberFormat,
                samplerColumns: [String] = SamplerDrawStats.columnNames, flushEvery: Int = 1) throws {
        self.url = url
        self.fileName = url.lastPathComponent
        self.columnNames = samplerColumns + parameterNames
        self.numberFormat = numberFormat
        self.flushEvery = max(1, flushEvery)
        fd = open(url.path, O_WRONLY)
        if fd < 0 {
            throw StanCSVError.io(file: fileName, message: "cannot reopen the file to resume: \(String(cString: strerror(errno)))")
        }
        let size = lseek(fd, 0, SEEK_END)
        guard size >= length else {
            _ = posixClose(fd); fd = -1
            throw StanCSVError.io(file: fileName, message: "holds \(size) bytes, fewer than the \(length) the checkpoint recorded; "
                                  + "it does not belong to this checkpoint")
        }
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) == off_t(length) else {
            let message = String(cString: strerror(errno))
            _ = posixClose(fd); fd = -1
            throw StanCSVError.io(file: fileName, message: "cannot cut the file back to the checkpoint: \(message)")
        }
        byteCount = length
    }

    deinit {
        if fd >= 0 {
            try? flush()
            _ = posixClose(fd)
        }
    }

    /// Writes a comment line (`# ` + `text`); embedded newlines start new comment lines.
    public func writeComment(_ text: String) throws {
        try checkOpen()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            append(line.isEmpty ? "#\n" : "# " + line + "\n")
        }
        try flush()
    }

    /// Writes the adaptation block CmdStan prints between warmup and sampling.
    public func writeAdaptation(_ info: AdaptationInfo) throws {
        try checkOpen()
        append("# Adaptation terminated\n")
        append("# Step size = " + numberFormat.format(info.stepSize) + "\n")
        switch info.inverseMetric {
        case .unit:
            append("# No free parameters for unit metric\n")
        case .diagonal(let d):
            append("# Diagonal elements of inverse mass matrix:\n")
            append("# " + d.map(numberFormat.format).joined(separator: ", ") + "\n")
        case .dense(let rows):
            append("# Elements of inverse mass matrix:\n")
            for row in rows { append("# " + row.map(numberFormat.format).joined(separator: ", ") + "\n") }
        }
        try flush()
    }

    /// Writes one NUTS draw: the sampler statistics followed by the parameter values.
    /// - Throws: ``StanCSVError/wrongRowLength(file:expected:found:)`` if the total count differs
    ///   from the number of columns.
    public func writeDraw(_ stats: SamplerDrawStats, parameters: [Double]) throws {
        try writeRow(stats.columnValues + parameters)
    }

    /// Writes one row of values, one per column.
    public func writeRow(_ values: [Double]) throws {
        try checkOpen()
        guard values.count == columnNames.count else {
            throw StanCSVError.wrongRowLength(file: fileName, expected: columnNames.count, found: values.count)
        }
        // Appended straight to the byte buffer; the buffer is only written after the whole row.
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: numberFormat.format(v).utf8)
        }
        buffer.append(UInt8(ascii: "\n"))
        pendingRows += 1
        if pendingRows >= flushEvery { try flush() }
    }

    /// Writes CmdStan's closing "Elapsed Time" block.
    public func writeTiming(_ timing: SamplingTiming) throws {
        try checkOpen()
        func secs(_ x: Double) -> String { CSVNumberFormat.significantDigits(6).format(x) }
        append("#\n")
        append("#  Elapsed Time: \(secs(timing.warmupSeconds)) seconds (Warm-up)\n")
        append("#                \(secs(timing.samplingSeconds)) seconds (Sampling)\n")
        append("#                \(secs(timing.warmupSeconds + timing.samplingSeconds)) seconds (Total)\n")
        append("#\n")
        try flush()
    }

    /// Writes any buffered rows to the file.
    public func flush() throws {
        pendingRows = 0
        guard !buffer.isEmpty, fd >= 0 else { return }
        var offset = 0
        let total = buffer.count
        while offset < total {
            let n = buffer.withUnsafeBytes { raw in
                posixWrite(fd, raw.baseAddress! + offset, total - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StanCSVError.io(file: fileName, message: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        byteCount += total
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file. Further writes throw ``StanCSVError/closed(file:)``.
    public func close() throws {
        guard fd >= 0 else { return }
        try flush()
        _ = posixClose(fd)
        fd = -1
    }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func checkOpen() throws {
        if fd < 0 { throw StanCSVError.closed(file: fileName) }
    }
}
