// Turns a model reference (a Stan file or a built-in example) and a data file into a runnable model.
import Foundation
import StrataModeling
import StrataOutput

/// A model ready to run, with the names used in file headers.
public struct LoadedModel {
    /// The model.
    public var model: GraphModel
    /// Its name (file name without extension, or the built-in name).
    public let name: String
    /// The data file's name (for CSV headers).
    public let dataFile: String
    /// What automatic marginalisation integrated out (and what it kept, with why); empty when off.
    public var marginalisation: [String] = []
}

/// A problem loading a model or its inputs; the message names the file and variable.
public struct ModelLoadError: Error, CustomStringConvertible {
    /// What kind of mistake it is (the CLI's exit code depends on it).
    public enum Kind: Sendable {
        /// The model reference or options are wrong (unknown built-in, missing --data).
        case usage
        /// An input file is missing, is a folder, or cannot be read.
        case missingInput
        /// An input's content does not fit the model.
        case invalid
    }
    public let description: String
    /// The kind of mistake.
    public let kind: Kind
    public init(_ description: String, kind: Kind = .invalid) { self.description = description; self.kind = kind }
}

/// Resolves a model reference: a Stan program (`.stan`) or a built-in example (`builtin:decay`,
/// `builtin:eight_schools_noncentered`, `builtin:eight_schools_centered`). Shared by the CLI and the C API.
public enum ModelCatalog {
    /// Loads `reference` with data from `dataPath` (CmdStan JSON).
    /// - Throws: ``ModelLoadError``, ``StrataOutput/DataError`` or the model's build errors.
    /// - Parameter generatedQuantities: lower a Stan program's generated quantities block (turn off to
    ///   run a program whose generated quantities use features not supported yet, such as `_rng`).
    /// - Parameter marginalise: integrate out what a Stan program lets be integrated out exactly (for
    ///   sampling; see `StanModel.compile(path:data:includeGeneratedQuantities:marginalise:)`).
    /// - Parameter seed: the run's seed (a Stan program's transformed data may draw random numbers from it).
    public static func load(_ argument: String, dataPath: String?, generatedQuantities: Bool = true,
                            marginalise: Bool = false, seed: UInt64 = 0) throws -> LoadedModel {
        let dataSet = try dataPath.map { try DataSet(contentsOf: URL(fileURLWithPath: $0)) }
        let dataName = dataPath.map { ($0 as NSString).lastPathComponent } ?? ""
        if argument.hasSuffix(".stan") {
            return try loadStan(argument, data: dataSet, dataName: dataName, generatedQuantities: generatedQuantities,
                                marginalise: marginalise, seed: seed)
        }
        guard argument.hasPrefix("builtin:") else {
            throw ModelLoadError("MODEL must be a .stan file or builtin:decay / builtin:eight_schools_noncentered / builtin:eight_schools_centered (got '\(argument)')", kind: .usage)
        }
        let name = String(argument.dropFirst("builtin:".count))
        guard let dataPath, let dataSet else { throw ModelLoadError("\(argument) needs --data", kind: .usage) }
        switch name {
        case "decay":
            return LoadedModel(model: try DecayModel.build(try DecayData.load(path: dataPath)), name: "decay", dataFile: dataName)
        case "eight_schools_noncentered", "eight_schools_centered":
            let j = try dataSet.int("J")
            let y = try dataSet.realArray("y", count: j), sigma = try dataSet.realArray("sigma", count: j)
            let model = name.hasSuffix("noncentered") ? try EightSchoolsModel.nonCentered(y: y, sigma: sigma)
                                                      : try EightSchoolsModel.centered(y: y, sigma: sigma)
            return LoadedModel(model: model, name: name, dataFile: dataName)
        default:
            throw ModelLoadError("unknown built-in model '\(name)'", kind: .usage)
        }
    }

    /// Reads a CmdStan-style init file (constrained values by name) into an unconstrained point.
    public static func initialPoint(path: String, model: GraphModel) throws -> [Double] {
        let data = try DataSet(contentsOf: URL(fileURLWithPath: path))
        var values: [String: [Double]] = [:]
        for p in model.parameters {
            guard data.contains(p.name) else {
                throw ModelLoadError("\((path as NSString).lastPathComponent): no initial value for parameter '\(p.name)'")
            }
            values[p.name] = try data.value(named: p.name).values
        }
        return try model.unconstrain(values)
    }
}
