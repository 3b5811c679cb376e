// Summaries of a run's ArviZ netCDF files (one, or the pieces of a split run), read a block of elements at a time.
import Foundation
import StrataDiagnostics
import StrataNetCDF

extension ChainFilesSummary {
    /// Summarises the posterior of files written with `--output-format netcdf`: lp__ and every element, named
    /// CmdStan-style (`theta.2.1`) and listed in CmdStan's column order, reading at most about `blockBytes` of
    /// draws at a time so memory stays bounded. Several files (pieces of one run split with `--chain-ids`) are
    /// merged when they come from the same program, data and settings and no chain appears twice. Chains with
    /// fewer than `minimumDraws` written draws (an interrupted run) are left out and named in ``skipped``.
    /// - Throws: ``SummaryInputError`` naming the file (unreadable, not from the same run, different variables).
    public init(netCDF urls: [URL], minimumDraws: Int = 4, blockBytes: Int = 32 << 20) throws {
        let files = try urls.map(Self.openNetCDF)
        try Self.checkSameRun(files)
        let first = files[0]
        // Unwritten draws (an interrupted run) read as NaN log densities.
        var lp: [[Double]] = [], chains: [(file: Int, chain: Int)] = [], skipped: [String] = []
        for (f, file) in files.enumerated() {
            for (c, draws) in try Self.summaryInput(file.stat("lp"), file).enumerated() {
                let length = draws.firstIndex(where: \.isNaN) ?? draws.count
                if length >= minimumDraws {
                    lp.append(draws); chains.append((f, c))
                } else {
                    skipped.append("\(file.url.lastPathComponent) chain \(file.chainIDs[c] + 1) (\(length) draws)")
                }
            }
        }
        guard !chains.isEmpty else {
            throw SummaryInputError("\(urls.map(\.lastPathComponent).joined(separator: ", ")): no chain has at least "
                                    + "\(minimumDraws) draws")
        }
        let length = lp.map { $0.firstIndex(where: \.isNaN) ?? $0.count }.min()!
        func kept(_ stat: String) throws -> [[Double]] {
            var perFile: [[[Double]]] = []
            for file in files { perFile.append(try Self.summaryInput(file.stat(stat), file)) }
            return chains.map { Array(perFile[$0.file][$0.chain].prefix(length)) }
        }
        var names = ["lp__"]
        var summaries = [try PosteriorSummary(name: "lp__", draws: lp.map { Array($0.prefix(length)) })]
        for variable in first.variables {
            var elements = [PosteriorSummary?](repeating: nil, count: variable.count)
            let rows = variable.shape.first ?? 1
            let rest = variable.count / max(1, rows)
            let bytesPerRow = max(1, chains.count * first.draws * rest * 8)
            var row = 0
            while row < rows {
                let block = row..<min(rows, row + max(1, blockBytes / bytesPerRow))
                let values = try files.map { file in
                    try Self.summaryInput(file.read(file.variables.first { $0.name == variable.name }!, rows: block), file)
                }
                let width = variable.shape.isEmpty ? 1 : block.count * rest
                let offset = variable.shape.isEmpty ? 0 : block.lowerBound * rest
                let lock = NSLock()
                DispatchQueue.concurrentPerform(iterations: width) { e in
                    let draws = chains.map { chain in
                        (0..<length).map { d in values[chain.file][(chain.chain * files[chain.file].draws + d) * width + e] }
                    }
                    let summary = try? PosteriorSummary(name: Self.elementName(variable, element: offset + e), draws: draws)
                    lock.lock(); elements[offset + e] = summary; lock.unlock()
                }
                row = block.upperBound
            }
            for k in Self.columnMajorOrder(variable.shape) {
                names.append(Self.elementName(variable, element: k))
                if let summary = elements[k] { summaries.append(summary) }
            }
        }
        let maxDepth = first.attributes["max_depth"].flatMap { Int($0) } ?? 10
        let health = try SamplerHealth(divergent: try kept("diverging").map { $0.map { $0 != 0 } },
                                       treeDepth: try kept("tree_depth").map { $0.map { Int($0) } },
                                       energy: try kept("energy"), maxTreeDepth: maxDepth)
        self.init(used: urls, chains: chains.count, skipped: skipped, names: names, summaries: summaries, health: health,
                  warnings: SamplerWarnings().messages(health: health, summaries: summaries, chains: chains.count))
    }

    /// Opens a netCDF file for a summary, turning the library's errors into ``SummaryInputError``.
    private static func openNetCDF(_ url: URL) throws -> NetCDFPosteriorReader {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SummaryInputError("\(url.path): no such file", isMissing: true)
        }
        do { return try NetCDFPosteriorReader(url: url) } catch let error as NetCDFError {
            throw SummaryInputError("\(url.path): not a netCDF file of `strata sample --output-format netcdf` (\(error.message))")
        }
    }

    /// Reads from a file opened for a summary, turning the library's errors into ``SummaryInputError``.
    private static func summaryInput<T>(_ read: @autoclosure () throws -> T, _ file: NetCDFPosteriorReader) throws -> T {
        do { return try read() } catch let error as NetCDFError {
            throw SummaryInputError("\(file.url.path): \(error.message)")
        }
    }

    /// Files of one run: same identity (when recorded), the same variables and draws, each chain once.
    static func checkSameRun(_ files: [NetCDFPosteriorReader]) throws {
        let first = files[0]
        let reference = RunIdentity(recorded: { first.attributes[$0] })
        var seen: [Int: URL] = [:]
        for file in files {
            if let reference, let identity = RunIdentity(recorded: { file.attributes[$0] }),
               let difference = identity.difference(from: reference) {
                throw SummaryInputError("\(file.url.path) and \(first.url.path) come from different runs: \(difference) "
                                        + "differ(s); only chains of one program, data and settings can be merged")
            }
            let shapes = { (f: NetCDFPosteriorReader) in f.variables.map { "\($0.name)\($0.shape)" } }
            if shapes(file) != shapes(first) || file.draws != first.draws {
                throw SummaryInputError("\(file.url.path): variables or draws differ from \(first.url.path)")
            }
            for id in file.chainIDs {
                if let other = seen[id] {
                    throw SummaryInputError("chain \(id + 1) appears twice: \(other.path) and \(file.url.path)")
                }
                seen[id] = file.url
            }
        }
    }

    /// Row-major positions of a shape's elements in CmdStan's column order (first index fastest).
    static func columnMajorOrder(_ shape: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        guard shape.count > 1 else { return Array(0..<count) }
        return (0..<count).map { position in
            var k = position, offset = 0, step = 1
            var indices = [Int](repeating: 0, count: shape.count)
            for d in 0..<shape.count { indices[d] = k % shape[d]; k /= shape[d] }
            for d in stride(from: shape.count - 1, through: 0, by: -1) { offset += indices[d] * step; step *= shape[d] }
            return offset
        }
    }

    /// `theta.2.1` for the element at row-major position `element` of a variable.
    static func elementName(_ variable: NetCDFPosteriorReader.Variable, element: Int) -> String {
        guard !variable.shape.isEmpty else { return variable.name }
        var indices = [Int](repeating: 0, count: variable.shape.count)
        var k = element
        for d in stride(from: variable.shape.count - 1, through: 0, by: -1) {
            indices[d] = k % variable.shape[d] + 1
            k /= variable.shape[d]
        }
        return variable.name + "." + indices.map(String.init).joined(separator: ".")
    }
}
