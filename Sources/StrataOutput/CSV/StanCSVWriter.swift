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
