// Turns the MODEL argument and --data file into a model the engine can run.
import ArgumentParser
import Foundation
import Strata

/// A model ready to run, with the names used in file headers.
struct LoadedModel {
    let model: GraphModel
    let name: String
    let dataFile: String
}

/// Resolves a model argument: a Stan program (`.stan`) or a built-in example (`builtin:decay`,
/// `builtin:eight_schools_noncentered`, `builtin:eight_schools_centered`).
enum ModelLoader {
    static func load(_ argument: String, dataPath: String?) throws -> LoadedModel {
        let dataSet = try dataPath.map { try DataSet(contentsOf: URL(fileURLWithPath: $0)) }
        let dataName = dataPath.map { ($0 as NSString).lastPathComponent } ?? ""
        if argument.hasSuffix(".stan") {
            return try loadStan(argument, data: dataSet, dataName: dataName)
        }
        guard argument.hasPrefix("builtin:") else {
            throw ValidationError("MODEL must be a .stan file or builtin:decay / builtin:eight_schools_noncentered / builtin:eight_schools_centered (got '\(argument)')")
        }
        let name = String(argument.dropFirst("builtin:".count))
        guard let dataPath, let dataSet else { throw ValidationError("\(argument) needs --data") }
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
            throw ValidationError("unknown built-in model '\(name)'")
        }
    }

    /// Reads a CmdStan-style init file (constrained values by name) into an unconstrained point.
    static func initialPoint(path: String, model: GraphModel) throws -> [Double] {
        let data = try DataSet(contentsOf: URL(fileURLWithPath: path))
        var values: [String: [Double]] = [:]
        for p in model.parameters {
            guard data.contains(p.name) else {
                throw ValidationError("\((path as NSString).lastPathComponent): no initial value for parameter '\(p.name)'")
            }
            values[p.name] = try data.value(named: p.name).values
        }
        return try model.unconstrain(values)
    }
}
