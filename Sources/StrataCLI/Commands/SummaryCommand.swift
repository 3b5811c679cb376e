// `strata summary`: summarise Stan CSV files (ours or CmdStan's) like stansummary.
import ArgumentParser
import Foundation
import Strata

struct SummaryCommand: ParsableCommand {
    /// The chain CSVs of a folder: `*.csv`, plus `*.csv.partial` left by a killed run when no finished
    /// file of that name exists.
    static func chainFiles(in folder: String) throws -> [URL] {
        let items = try FileManager.default.contentsOfDirectory(atPath: folder)
        // profile.csv is CmdStan's profiling output written beside the chains, not a chain.
        let finished = Set(items.filter { $0.hasSuffix(".csv") && $0 != "profile.csv" })
        let partial = items.filter { $0.hasSuffix(".csv.partial") && !finished.contains(String($0.dropLast(".partial".count))) }
        return (Array(finished) + partial).sorted().map { URL(fileURLWithPath: folder).appendingPathComponent($0) }
    }

    static let configuration = CommandConfiguration(commandName: "summary", abstract: "Summarise Stan CSV files.")

    @Argument(help: "CSV files, or folders holding them.") var paths: [String]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        var files: [URL] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw CLIError(.noInput, "\(p): no such file or folder") }
            if isDir.boolValue {
                files += try Self.chainFiles(in: p)
            } else { files.append(URL(fileURLWithPath: p)) }
        }
        guard !files.isEmpty else { throw CLIError(.noInput, "no CSV files found in \(paths.joined(separator: ", "))") }
        var parsed: [(url: URL, csv: StanCSVFile)] = []
        var skipped: [String] = []
        for url in files {
            do {
                parsed.append((url, try StanCSVFile(contentsOf: url)))
            } catch StanCSVError.io(let file, let message) {
                throw CLIError(.noInput, "\(file): \(message)")
            } catch where url.lastPathComponent.hasSuffix(".partial") {
                skipped.append("\(url.lastPathComponent) (unreadable: \(error))")
            }
        }
        // An interrupted run may leave chains with few or no draws: summarise the others and say so.
        let minimum = 4
        for entry in parsed where entry.csv.drawCount < minimum {
            skipped.append("\(entry.url.lastPathComponent) (\(entry.csv.drawCount) draws)")
        }
        let kept = parsed.filter { $0.csv.drawCount >= minimum }
        guard let first = kept.first else {
            throw CLIError(.dataError, "no chain has at least \(minimum) draws; skipped " + skipped.joined(separator: ", "))
        }
        let chains = kept.map(\.csv)
        let names = first.csv.columnNames
        for (f, c) in kept where c.columnNames != names {
            throw CLIError(.dataError, "\(f.lastPathComponent): columns differ from \(first.url.lastPathComponent)")
        }
        let length = chains.map(\.drawCount).min() ?? 0
        if !skipped.isEmpty && !json {
            print("Summarising \(chains.count) of \(files.count) chains; skipped " + skipped.joined(separator: ", ") + "\n")
        }
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
        let warnings = SamplerWarnings().messages(health: health, summaries: summaries, chains: chains.count)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted]
            struct Report: Encodable {
                let summaries: [PosteriorSummary]; let divergences: Int?; let warnings: [String]; let skippedChains: [String]
            }
            let data = try encoder.encode(Report(summaries: summaries, divergences: health?.totalDivergences, warnings: warnings,
                                                 skippedChains: skipped))
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(SummaryTable.format(summaries), terminator: "")
            if let health { print("\nDivergences: \(health.totalDivergences) of \(health.totalTransitions)") }
            for w in warnings { print("Warning: \(w)") }
        }
    }
}
