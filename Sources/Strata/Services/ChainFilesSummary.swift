// Summaries, sampler health and warnings computed from chains' CSV files (one folder, or several merged).
import Foundation
import StrataDiagnostics
import StrataOutput

/// A problem with the CSV files given to a summary, naming the file.
public struct SummaryInputError: Error, CustomStringConvertible {
    /// True when a file or folder is missing or unreadable (not a content problem).
    public let isMissing: Bool
    public let description: String

    /// Creates an error.
    public init(_ description: String, isMissing: Bool = false) { self.description = description; self.isMissing = isMissing }
}

/// The summary of the chains in a set of Stan CSV files (ours or CmdStan's), as `strata summary` prints it.
///
/// Files written by Strata carry their run's ``RunIdentity``: files from several folders (pieces of one run
/// split over processes with `--chain-ids`) are merged only when program, data, settings and version agree
/// and no chain appears twice; R-hat and ESS are then computed across all chains.
public struct ChainFilesSummary {
    /// Files summarised (CSVs with at least 4 draws each, or netCDF files).
    public let used: [URL]
    /// Chains summarised.
    public let chains: Int
    /// Files left out, with the reason ("m_4.csv.partial (0 draws)").
    public let skipped: [String]
    /// Column names of the files.
    public let names: [String]
    /// lp__ and every output column.
    public let summaries: [PosteriorSummary]
    /// Divergences, tree depth, E-BFMI (nil when the files have no sampler columns).
    public let health: SamplerHealth?
    /// Plain-language warnings.
    public let warnings: [String]

    /// A summary from its parts.
    init(used: [URL], chains: Int, skipped: [String], names: [String], summaries: [PosteriorSummary],
         health: SamplerHealth?, warnings: [String]) {
        self.used = used; self.chains = chains; self.skipped = skipped; self.names = names; self.summaries = summaries
        self.health = health; self.warnings = warnings
    }

    /// Summarises chain files of either kind: Stan CSVs, or netCDF files (`.nc`) of `--output-format netcdf`.
    /// - Throws: ``SummaryInputError`` for a mixture of both kinds (naming a file of each), or as the
    ///   summaries of one kind do.
    public init(outputFiles files: [URL]) throws {
        let netCDF = files.filter { $0.pathExtension == "nc" }
        guard !netCDF.isEmpty else { try self.init(files: files); return }
        if let csv = files.first(where: { $0.pathExtension != "nc" }) {
            throw SummaryInputError("\(csv.path) and \(netCDF[0].path): CSV and netCDF files cannot be summarised together "
                                    + "(they come from different runs); name the files of one run")
        }
        try self.init(netCDF: netCDF)
    }

    /// The chain files of a folder: `*.csv`, plus `*.csv.partial` left by a killed run when no finished
    /// file of that name exists, and `*.nc` files of `--output-format netcdf`.
    public static func chainFiles(in folder: String) throws -> [URL] {
        let items = try FileManager.default.contentsOfDirectory(atPath: folder)
        // profile.csv is CmdStan's profiling output written beside the chains, not a chain.
        let finished = Set(items.filter { ($0.hasSuffix(".csv") && $0 != "profile.csv") || $0.hasSuffix(".nc") })
        let partial = items.filter { $0.hasSuffix(".csv.partial") && !finished.contains(String($0.dropLast(".partial".count))) }
        return (Array(finished) + partial).sorted().map { URL(fileURLWithPath: folder).appendingPathComponent($0) }
    }

    /// The files named by `paths`: CSV (or netCDF) files as given, folders expanded with ``chainFiles(in:)``.
    /// - Throws: ``SummaryInputError`` for a missing path or when no chain file is found.
    public static func files(in paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                throw SummaryInputError("\(p): no such file or folder", isMissing: true)
            }
            if isDir.boolValue { files += try chainFiles(in: p) } else { files.append(URL(fileURLWithPath: p)) }
        }
        guard !files.isEmpty else { throw SummaryInputError("no CSV files (or netCDF .nc files) found in \(paths.joined(separator: ", "))", isMissing: true) }
        return files
    }

    /// Reads and summarises `files`; chains with fewer than `minimumDraws` draws are skipped and named.
    /// - Throws: ``SummaryInputError`` (unreadable files, differing columns, files of different runs, a chain
    ///   present twice) or the diagnostics' errors.
    public init(files: [URL], minimumDraws: Int = 4) throws {
        var parsed: [(url: URL, csv: StanCSVFile)] = []
        var skipped: [String] = []
        for (url, read) in zip(files, StanCSVFile.read(files)) {
            do {
                parsed.append((url, try read.get()))
            } catch StanCSVError.io(let file, let message) {
                throw SummaryInputError("\(file): \(message)", isMissing: true)
            } catch where url.lastPathComponent.hasSuffix(".partial") {
                skipped.append("\(url.lastPathComponent) (unreadable: \(error))")
            }
        }
        // An interrupted run may leave chains with few or no draws: summarise the others and say so.
        for entry in parsed where entry.csv.drawCount < minimumDraws {
            skipped.append("\(entry.url.lastPathComponent) (\(entry.csv.drawCount) draws)")
        }
        let kept = parsed.filter { $0.csv.drawCount >= minimumDraws }
        try Self.checkSameRun(kept)
        guard let first = kept.first else {
            throw SummaryInputError("no chain has at least \(minimumDraws) draws; skipped " + skipped.joined(separator: ", "))
        }
        let chains = kept.map(\.csv)
        let names = first.csv.columnNames
        for (f, c) in kept where c.columnNames != names {
            throw SummaryInputError("\(f.lastPathComponent): columns differ from \(first.url.lastPathComponent)")
        }
        let length = chains.map(\.drawCount).min() ?? 0
        let skip: Set<String> = ["accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"]
        // Summaries of independent columns, computed in parallel across cores.
        let wanted = names.indices.filter { !skip.contains(names[$0]) }
        var results = [Result<PosteriorSummary, Error>?](repeating: nil, count: wanted.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: wanted.count) { k in
            let j = wanted[k]
            let r = Result { try PosteriorSummary(name: names[j], draws: chains.map { Array($0.columns[j].prefix(length)) }) }
            lock.lock(); results[k] = r; lock.unlock()
        }
        let summaries = try results.map { try $0!.get() }
        func column(_ n: String) -> [[Double]] {
            guard let j = names.firstIndex(of: n) else { return chains.map { _ in [] } }
            return chains.map { Array($0.columns[j].prefix(length)) }
        }
        let maxDepth = Int(chains[0].configurationValue("max_depth").flatMap(Double.init) ?? 10)
        let health = names.contains("divergent__") ? try SamplerHealth(
            divergent: column("divergent__").map { $0.map { $0 != 0 } },
            treeDepth: column("treedepth__").map { $0.map { Int($0) } },
            energy: column("energy__"), maxTreeDepth: maxDepth) : nil
        self.used = kept.map(\.url)
        self.chains = kept.count
        self.skipped = skipped
        self.names = names
        self.summaries = summaries
        self.health = health
        warnings = SamplerWarnings().messages(health: health, summaries: summaries, chains: chains.count)
    }

    /// Files written by Strata must come from one run (same identity) and name each chain once.
    static func checkSameRun(_ parsed: [(url: URL, csv: StanCSVFile)]) throws {
        var reference: (url: URL, identity: RunIdentity)?
        var seen: [String: URL] = [:]
        for (url, csv) in parsed {
            guard let identity = RunIdentity(csv: csv) else { continue }
            if let reference, let difference = identity.difference(from: reference.identity) {
                throw SummaryInputError("\(url.path) and \(reference.url.path) come from different runs: \(difference) "
                                        + "differ(s); only chains of one program, data and settings can be merged")
            }
            if reference == nil { reference = (url, identity) }
            if let id = csv.configurationValue("id") {
                if let other = seen[id] {
                    throw SummaryInputError("chain \(id) appears twice: \(other.path) and \(url.path)")
                }
                seen[id] = url
            }
        }
    }
}
