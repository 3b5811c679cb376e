// The fixed suite of posteriors and the sampler settings `strata-bench sampler` compares.
import Foundation
import Strata

/// One posterior of the suite: a Stan program, its data and optionally an init file.
struct SamplerCase {
    /// Short name used in tables and filters.
    let name: String
    /// Stan program.
    let program: String
    /// CmdStan JSON data.
    let data: String
    /// CmdStan JSON inits (constrained), if any.
    let initFile: String?
    /// Part of the `--quick` subset.
    let quick: Bool

    /// The suite: the cases, then every posteriordb posterior in the shared folder.
    static func suite(sharedRoot root: String) -> [SamplerCase] {
        var cases = [
            SamplerCase(name: "eight_schools_noncentered", program: "\(root)/models/eight_schools_noncentered.stan",
                        data: "\(root)/data/eight_schools.json", initFile: nil, quick: true),
            SamplerCase(name: "radon_85", program: "\(root)/models/radon_noncentered.stan",
                        data: "\(root)/data/radon_85.json", initFile: nil, quick: true),
            SamplerCase(name: "decay_100", program: "\(root)/models/decay.stan", data: "\(root)/data/decay_days.json",
                        initFile: "\(root)/data/decay_days_init.json", quick: true),
            SamplerCase(name: "radon_1000", program: "\(root)/models/radon_noncentered.stan",
                        data: "\(root)/data/radon_1000.json", initFile: nil, quick: false),
            SamplerCase(name: "decay_1000", program: "\(root)/models/decay.stan",
                        data: "\(root)/data/decay_days_1000.json", initFile: "\(root)/data/decay_days_1000_init.json",
                        quick: false),
            SamplerCase(name: "decay_10000", program: "\(root)/models/decay.stan",
                        data: "\(root)/data/decay_days_10000.json", initFile: "\(root)/data/decay_days_10000_init.json",
                        quick: false),
        ]
        let pdb = "\(root)/posteriordb"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pdb)) ?? []
        for name in names.sorted() where FileManager.default.fileExists(atPath: "\(pdb)/\(name)/model.stan") {
            cases.append(SamplerCase(name: "pdb:" + name, program: "\(pdb)/\(name)/model.stan",
                                     data: "\(pdb)/\(name)/data.json", initFile: nil, quick: false))
        }
        return cases
    }
}

/// A metric and adaptation to compare.
struct SamplerSetting {
    /// `adaptation-metric`, e.g. `fisher-lowrank`.
    let name: String
    let metric: MetricKind
    let adaptation: AdaptationKind

    /// Parses `stan-diag`, `fisher-lowrank`, ...
    init(_ name: String) throws {
        let parts = name.split(separator: "-").map(String.init)
        guard parts.count == 2, let a = AdaptationKind(rawValue: parts[0]),
              let m = ["diag": MetricKind.diagonal, "dense": .dense, "lowrank": .lowRank, "unit": .unit][parts[1]]
        else { throw BenchmarkError("unknown setting '\(name)': use ADAPTATION-METRIC, e.g. stan-diag, fisher-lowrank") }
        self.name = name; metric = m; adaptation = a
    }

    /// The default comparison: Stan's diagonal (the baseline), the Fisher diagonal and the low-rank metric.
    static let defaults = ["stan-diag", "fisher-diag", "fisher-lowrank"]
}

/// A bad benchmark argument.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
