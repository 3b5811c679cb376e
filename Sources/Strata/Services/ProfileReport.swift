// Writes the profile.csv of a sampling run of a program with Stan `profile` blocks.
import Foundation
import StrataModeling
import StrataOutput

/// CmdStan-format profile output for models with `profile` sections.
public enum ProfileReport {
    /// The records of every evaluator of `model` that ran (one per section and chain), or [] without sections.
    public static func records(of model: GraphModel) -> [ProfileRecord] {
        guard let sections = model.profileSections else { return [] }
        return sections.totals().map { t in
            ProfileRecord(name: t.name, threadID: UInt64(t.evaluator), totalTime: t.forwardSeconds + t.reverseSeconds,
                          forwardTime: t.forwardSeconds, reverseTime: t.reverseSeconds, chainStack: t.chainStack,
                          noChainStack: 0, autodiffCalls: t.autodiffCalls, noAutodiffCalls: t.noAutodiffCalls)
        }
    }

    /// Writes `directory/profile.csv` when `model` has `profile` sections.
    /// - Returns: the file written, or nil if the model has none.
    @discardableResult
    public static func write(model: GraphModel, directory: URL) throws -> URL? {
        guard model.profileSections != nil else { return nil }
        let url = directory.appendingPathComponent("profile.csv")
        try ProfileCSV.write(records(of: model), to: url)
        return url
    }
}
