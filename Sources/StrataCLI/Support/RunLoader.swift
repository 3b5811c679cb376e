// Reads a run folder's chain CSVs into a PosteriorRun for `plot` and `report`, with the documented exit codes.
import Foundation
import Strata

/// Loading of sampling runs from folders of Stan CSV files.
enum RunLoader {
    /// Chains with fewer draws than this are left out (as `strata summary` does).
    static let minimumDraws = 4

    /// The run in `folder` (our CSVs or CmdStan's; `.csv.partial` files of a killed run too).
    /// - Throws: `CLIError` with exit 66 when the folder is missing or holds no CSV, 65 when no
    ///   chain has enough draws or the chains' columns differ; `StanCSVError` for malformed files (65).
    static func load(_ folder: String) throws -> PosteriorRun {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError(.noInput, "\(folder): no such folder (expected a folder of Stan CSV files)")
        }
        let files = try ChainFilesSummary.chainFiles(in: folder)
        guard !files.isEmpty else { throw CLIError(.noInput, "\(folder): no CSV files in the folder") }
        var chains: [StanCSVFile] = []
        for read in StanCSVFile.read(files) {
            do { chains.append(try read.get()) } catch StanCSVError.io(let file, let message) {
                throw CLIError(.noInput, "\(file): \(message)")
            }
        }
        let kept = chains.filter { $0.drawCount >= minimumDraws }
        guard !kept.isEmpty else {
            throw CLIError(.dataError, "\(folder): no chain has at least \(minimumDraws) draws")
        }
        let label = kept[0].configurationValue("model") ?? URL(fileURLWithPath: folder).lastPathComponent
        return try PosteriorRun(label: label, chains: kept)
    }

    /// Several runs, labels made unique (a repeated model name gets its folder's name appended).
    static func load(_ folders: [String]) throws -> [PosteriorRun] {
        var runs = try folders.map(load)
        for i in runs.indices where runs.filter({ $0.label == runs[i].label }).count > 1 {
            runs[i].label += " (" + URL(fileURLWithPath: folders[i]).lastPathComponent + ")"
        }
        return runs
    }

    /// The columns named by `--vars` for a run (usage error 64 naming the item when one is unknown).
    static func columns(_ spec: String, available: [String]) throws -> [String] {
        do { return try VariableSelection.columns(spec, available: available) } catch let e as VariableSelection.SelectionError {
            throw CLIError(.usage, e.description)
        }
    }

    /// True values for a run's columns from a truth JSON file (66 unreadable, 65 not a JSON object).
    static func truth(_ path: String?, for run: PosteriorRun) throws -> [String: Double] {
        guard let path else { return [:] }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CLIError(.noInput, "\(path): cannot read the truth file")
        }
        do {
            return try TruthValues.parse(bytes, fileName: (path as NSString).lastPathComponent, columns: run.columnNames,
                                         dataFile: run.chains.first?.configurationValue("data.file"))
        } catch let e as TruthValues.TruthError { throw CLIError(.dataError, e.description) }
    }

    /// The columns plotted when `--vars` is not given: all variables when there are at most `count`,
    /// otherwise the `count` worst-mixing (highest R-hat, lowest bulk ESS).
    static func defaultColumns(_ run: PosteriorRun, count: Int) throws -> [String] {
        let names = run.variableNames
        guard names.count > count else { return names }
        return MixingRanking.worst(try run.summaries(of: names), count: count)
    }
}
