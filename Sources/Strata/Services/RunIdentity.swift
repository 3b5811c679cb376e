// What a run's outputs belong to: hashes of the program, the data and the settings, and the Strata version.
import Foundation
import StrataCore
import StrataOutput
import StrataSamplers

/// The program, data, settings and engine a checkpoint or a chain's CSV belongs to, as SHA-256 hashes.
///
/// Two runs (or two pieces of one run split over processes) with equal identities give draws that can
/// be resumed or merged: the settings hash leaves out what may differ between the pieces (which chains,
/// how many threads).
public struct RunIdentity: Codable, Equatable, Sendable {
    /// SHA-256 of the Stan program's text (or of the built-in model's name).
    public var program: String
    /// SHA-256 of the data file's bytes (of the empty string without data).
    public var data: String
    /// SHA-256 of every setting that changes the draws of a chain.
    public var settings: String
    /// The Strata version that wrote the outputs.
    public var strataVersion: String

    /// Creates an identity from its parts.
    public init(program: String, data: String, settings: String, strataVersion: String = RunIdentity.currentVersion) {
        self.program = program; self.data = data; self.settings = settings; self.strataVersion = strataVersion
    }

    /// The version this build writes into CSV headers and checkpoints.
    public static var currentVersion: String { StanCSVHeader(modelName: "").strataVersion }

    /// The identity of a run of `configuration` on a program and data.
    /// - Parameters:
    ///   - programText: the program's source (or a built-in model's reference).
    ///   - dataBytes: the data file's content (empty without data).
    ///   - extraSettings: settings outside the sampler configuration that change the outputs (e.g. whether
    ///     generated quantities run and what is marginalised).
    public init(programText: String, dataBytes: Data, configuration: SamplerConfiguration, extraSettings: String = "") {
        self.init(program: SHA256.hex(programText), data: SHA256.hex(dataBytes),
                  settings: RunIdentity.settingsHash(configuration, extra: extraSettings))
    }

    /// SHA-256 of the configuration with the fields that may differ between pieces of one run neutralised
    /// (chain count and first chain, threads, whether draws are kept in memory).
    public static func settingsHash(_ configuration: SamplerConfiguration, extra: String) -> String {
        var c = configuration
        c.chains = 0; c.firstChain = 0; c.threads = 1; c.keepDraws = true
        return SHA256.hex(String(reflecting: c) + "\n" + extra)
    }

    /// The `key = value` lines recorded in each CSV header.
    public var headerLines: [(String, String)] {
        [("strata_program_sha256", program), ("strata_data_sha256", data), ("strata_settings_sha256", settings)]
    }

    /// The identity recorded in a CSV file, or nil when the file has none (CmdStan's, or older).
    public init?(csv: StanCSVFile) { self.init(recorded: csv.configurationValue) }

    /// The identity recorded under the keys of ``headerLines`` and `strata_version` (CSV header values,
    /// netCDF global attributes), or nil when they are missing.
    public init?(recorded value: (String) -> String?) {
        guard let p = value("strata_program_sha256"), let d = value("strata_data_sha256"),
              let s = value("strata_settings_sha256") else { return nil }
        self.init(program: p, data: d, settings: s, strataVersion: value("strata_version") ?? "")
    }

    /// Names what differs from `other` ("the program", "the data", ...), or nil when nothing does.
    public func difference(from other: RunIdentity) -> String? {
        var parts: [String] = []
        if program != other.program { parts.append("the program") }
        if data != other.data { parts.append("the data") }
        if settings != other.settings { parts.append("the settings (seed, iterations, metric, adaptation, inits...)") }
        if strataVersion != other.strataVersion {
            parts.append("the Strata version (\(other.strataVersion) vs \(strataVersion))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
