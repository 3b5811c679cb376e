// CmdStan's profile.csv: per profile block and thread, total/forward/reverse seconds, AD stack sizes and call counts.
import Foundation

/// One row of a CmdStan `profile.csv`.
public struct ProfileRecord: Equatable, Sendable {
    /// The `profile("name")` block.
    public var name: String
    /// The thread (for Strata: the evaluator, i.e. the chain) that measured it.
    public var threadID: UInt64
    /// Seconds in total, in forward sweeps and in reverse sweeps.
    public var totalTime: Double, forwardTime: Double, reverseTime: Double
    /// AD nodes recorded by gradient evaluations, and by forward-only evaluations.
    public var chainStack: Int, noChainStack: Int
    /// Evaluations with and without a gradient.
    public var autodiffCalls: Int, noAutodiffCalls: Int

    /// Creates a record.
    public init(name: String, threadID: UInt64, totalTime: Double, forwardTime: Double, reverseTime: Double,
                chainStack: Int, noChainStack: Int, autodiffCalls: Int, noAutodiffCalls: Int) {
        self.name = name; self.threadID = threadID
        self.totalTime = totalTime; self.forwardTime = forwardTime; self.reverseTime = reverseTime
        self.chainStack = chainStack; self.noChainStack = noChainStack
        self.autodiffCalls = autodiffCalls; self.noAutodiffCalls = noAutodiffCalls
    }
}

/// Reads and writes CmdStan's `profile.csv`.
public enum ProfileCSV {
    /// CmdStan's header line.
    public static let header = "name,thread_id,total_time,forward_time,reverse_time,chain_stack,no_chain_stack,autodiff_calls,no_autodiff_calls"

    /// The file's text for `records`.
    public static func text(_ records: [ProfileRecord]) -> String {
        var out = header + "\n"
        for r in records {
            out += "\(quoted(r.name)),\(r.threadID),\(r.totalTime),\(r.forwardTime),\(r.reverseTime),"
            out += "\(r.chainStack),\(r.noChainStack),\(r.autodiffCalls),\(r.noAutodiffCalls)\n"
        }
        return out
    }

    /// Writes `records` to `url`.
    /// - Throws: ``StanCSVError/io(file:message:)``.
    public static func write(_ records: [ProfileRecord], to url: URL) throws {
        do { try text(records).write(to: url, atomically: true, encoding: .utf8) } catch {
            throw StanCSVError.io(file: url.lastPathComponent, message: "\(error)")
        }
    }

    /// Reads a profile.csv written by CmdStan or Strata.
    /// - Throws: ``StanCSVError`` naming the line of a malformed row or a header that is not CmdStan's.
    public static func read(_ url: URL) throws -> [ProfileRecord] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw StanCSVError.io(file: url.lastPathComponent, message: "cannot read the file")
        }
        return try parse(text, file: url.lastPathComponent)
    }

    /// Parses the text of a profile.csv; `file` names it in errors.
    public static func parse(_ text: String, file: String = "profile.csv") throws -> [ProfileRecord] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == header else {
            throw StanCSVError.malformed(file: file, line: 1, message: "expected the header '\(header)'")
        }
        var records: [ProfileRecord] = []
        for (k, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = splitFields(line)
            func fail(_ m: String) -> StanCSVError { .malformed(file: file, line: k + 1, message: m) }
            guard fields.count == 9 else { throw fail("expected 9 values, found \(fields.count)") }
            func real(_ i: Int) throws -> Double {
                guard let v = Double(fields[i]) else { throw fail("'\(fields[i])' is not a number") }
                return v
            }
            func int(_ i: Int) throws -> Int {
                guard let v = Int(fields[i]) else { throw fail("'\(fields[i])' is not an integer") }
                return v
            }
            guard let thread = UInt64(fields[1]) else { throw fail("thread id '\(fields[1])' is not an integer") }
            records.append(ProfileRecord(name: fields[0], threadID: thread, totalTime: try real(2),
                                         forwardTime: try real(3), reverseTime: try real(4), chainStack: try int(5),
                                         noChainStack: try int(6), autodiffCalls: try int(7), noAutodiffCalls: try int(8)))
        }
        return records
    }

    private static func quoted(_ name: String) -> String {
        name.contains(",") || name.contains("\"") ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
    }

    /// Splits a CSV line, honouring double-quoted fields.
    private static func splitFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", inQuotes = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = chars.next() { if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n } }
                    else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" { inQuotes = true }
            else if c == "," { fields.append(field); field = "" }
            else { field.append(c) }
        }
        fields.append(field)
        return fields
    }
}
