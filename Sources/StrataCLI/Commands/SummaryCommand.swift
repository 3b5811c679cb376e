// `strata summary`: summarise Stan CSV files (ours or CmdStan's) like stansummary.
import ArgumentParser
import Foundation
import Strata

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "Summarise Stan CSV files.")

    @Argument(help: "CSV files, or folders holding them.") var paths: [String]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        var files: [URL] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw CLIError(.noInput, "\(p): no such file or folder") }
            if isDir.boolValue {
                let items = try FileManager.default.contentsOfDirectory(atPath: p).filter { $0.hasSuffix(".csv") }.sorted()
                files += items.map { URL(fileURLWithPath: p).appendingPathComponent($0) }
            } else { files.append(URL(fileURLWithPath: p)) }
        }
        guard !files.isEmpty else { throw CLIError(.noInput, "no CSV files found in \(paths.joined(separator: ", "))") }
        let chains = try files.map { try StanCSVFile(contentsOf: $0) }
        let names = chains[0].columnNames
        for (f, c) in zip(files, chains) where c.columnNames != names {
            throw CLIError(.dataError, "\(f.lastPathComponent): columns differ from \(files[0].lastPathComponent)")
        }
        let length = chains.map(\.drawCount).min() ?? 0
        guard length >= 4 else { throw ValidationError("need at least 4 draws per chain (have \(length))") }
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
            struct Report: Encodable { let summaries: [PosteriorSummary]; let divergences: Int?; let warnings: [String] }
            let data = try encoder.encode(Report(summaries: summaries, divergences: health?.totalDivergences, warnings: warnings))
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(SummaryTable.format(summaries), terminator: "")
            if let health { print("\nDivergences: \(health.totalDivergences) of \(health.totalTransitions)") }
            for w in warnings { print("Warning: \(w)") }
        }
    }
}
