// `strata generate`: generated quantities over an existing fit's CSVs (CmdStan's generate_quantities).
import ArgumentParser
import Foundation
import Strata

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Compute generated quantities for the draws of an existing fit.",
        discussion: "Reads the CSVs of --draws (Strata's or CmdStan's), evaluates the program's transformed parameters and "
            + "generated quantities at every post-warmup draw and writes <model>_<chain>.csv into --output. _rng calls draw "
            + "from the stream strata sample used for that draw (the file's seed and chain id), so a Strata fit's generated "
            + "quantities are reproduced exactly.\n\nExit codes:\n" + ExitStatus.table)

    @Argument(help: "A Stan program (.stan).") var model: String
    @Option(help: "Data file (CmdStan JSON).") var data: String?
    @Option(help: "A folder of Stan CSVs (or one CSV file) holding the draws.") var draws: String
    @Option(help: "Seed for files whose header has none (CmdStan's random.seed).") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: "Output folder.") var output = "generated"

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: draws, isDirectory: &isDirectory) else {
            throw CLIError(.noInput, "\(draws): no such file or folder (--draws)")
        }
        let urls = isDirectory.boolValue ? try ChainFilesSummary.chainFiles(in: draws) : [URL(fileURLWithPath: draws)]
        guard !urls.isEmpty else { throw CLIError(.noInput, "\(draws): no CSV files (--draws)") }
        let files = try StanCSVFile.read(urls).map { try $0.get() }
        let first = GenerateService.origin(of: files[0], position: 0, seed: seed)
        let loaded = try ModelCatalog.load(model, dataPath: data, seed: first.seed)
        do {
            let written = try GenerateService.run(model: loaded.model, modelName: loaded.name, dataFile: loaded.dataFile,
                                                  files: files, seed: seed, directory: URL(fileURLWithPath: output))
            print("CSV files: " + written.map(\.path).joined(separator: ", "))
        } catch let e as GenerateError {
            throw CLIError(.dataError, e.description)
        }
    }
}
