// The draws of one sampling run (one Stan CSV per chain) aligned to the shortest chain, with summaries and sampler health.
import Foundation
import StrataDiagnostics

/// One run's chains as read from Stan CSV files (ours or CmdStan's), cut to the shortest chain.
public struct PosteriorRun: Sendable {
    /// A label for legends and headings (the model name, or the folder's name).
    public var label: String
    /// The chains' files in chain order.
    public let chains: [StanCSVFile]
    /// Column names shared by every chain.
    public let columnNames: [String]
    /// Draws per chain used (the shortest chain's count).
    public let drawsPerChain: Int

    /// The sampler's own columns, which are not model outputs (`lp__` is kept as an output).
    public static let samplerColumns: Set<String> = ["accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__",
                                                     "divergent__", "energy__"]

    /// Groups chain files into a run.
    /// - Throws: ``StanCSVError/malformed(file:line:message:)`` when there is no chain or the chains' columns differ.
    public init(label: String, chains: [StanCSVFile]) throws {
        guard let first = chains.first else {
            throw StanCSVError.malformed(file: label, line: 1, message: "no chains")
        }
        for c in chains where c.columnNames != first.columnNames {
            throw StanCSVError.malformed(file: c.fileName, line: 1, message: "columns differ from \(first.fileName)")
        }
        self.label = label
        self.chains = chains
        columnNames = first.columnNames
        drawsPerChain = chains.map(\.drawCount).min() ?? 0
    }

    /// The model name from the CSV header (`# model = ...`), if any.
    public var modelName: String? { chains.first?.configurationValue("model") }

    /// Per-chain draws of a column, cut to ``drawsPerChain``; `nil` for an unknown column.
    public func draws(_ column: String) -> [[Double]]? {
        guard let j = columnNames.firstIndex(of: column) else { return nil }
        return chains.map { Array($0.columns[j].prefix(drawsPerChain)) }
    }

    /// Model outputs: every column except the sampler's (parameters, transformed parameters,
    /// generated quantities, and `lp__` first when present).
    public var outputNames: [String] { columnNames.filter { !Self.samplerColumns.contains($0) } }

    /// Outputs without `lp__`.
    public var variableNames: [String] { outputNames.filter { $0 != "lp__" } }

    /// Per chain, whether each draw's transition diverged (all false when the column is absent).
    public var divergent: [[Bool]] {
        draws("divergent__")?.map { $0.map { $0 != 0 } } ?? chains.map { _ in [Bool](repeating: false, count: drawsPerChain) }
    }

    /// Summaries of the named columns, computed in parallel.
    /// - Throws: `DiagnosticsError` for a column that cannot be summarised (e.g. fewer than 4 draws).
    public func summaries(of names: [String]) throws -> [PosteriorSummary] {
        let indices = names.map { n in columnNames.firstIndex(of: n) }
        var results = [Result<PosteriorSummary, Error>?](repeating: nil, count: names.count)
        let lock = NSLock()
        let length = drawsPerChain
        DispatchQueue.concurrentPerform(iterations: names.count) { k in
            let r: Result<PosteriorSummary, Error> = Result {
                guard let j = indices[k] else { throw DiagnosticsError.invalidSamplerInput("no column named '\(names[k])'") }
                return try PosteriorSummary(name: names[k], draws: chains.map { Array($0.columns[j].prefix(length)) })
            }
            lock.lock(); results[k] = r; lock.unlock()
        }
        return try results.map { try $0!.get() }
    }

    /// Divergences, tree-depth hits and E-BFMI, when the files have NUTS's sampler columns.
    public func health() throws -> SamplerHealth? {
        guard let d = draws("divergent__"), let t = draws("treedepth__"), let e = draws("energy__") else { return nil }
        let maxDepth = Int(chains[0].configurationValue("max_depth").flatMap(Double.init) ?? 10)
        return try SamplerHealth(divergent: d.map { $0.map { $0 != 0 } }, treeDepth: t.map { $0.map { Int($0) } },
                                 energy: e, maxTreeDepth: maxDepth)
    }
}
