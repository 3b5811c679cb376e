// The checkpoint file of `strata sample --checkpoint`: run identity plus every chain's saved state, written atomically.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrataSamplers

/// A checkpoint file that cannot be used, naming the file and why.
public struct CheckpointError: Error, CustomStringConvertible {
    /// Why.
    public enum Kind: Sendable {
        /// The file does not exist or cannot be read.
        case missing
        /// The file is not a checkpoint, or is damaged.
        case malformed
        /// The checkpoint belongs to another program, data, settings, chain set or Strata version.
        case mismatch
        /// The checkpoint cannot be written.
        case unwritable
    }
    /// The checkpoint's path.
    public let path: String
    /// What went wrong.
    public let message: String
    /// The kind of problem (the CLI's exit code depends on it).
    public let kind: Kind

    public var description: String { "checkpoint '\(path)': \(message)" }
}

/// A checkpoint: which run it belongs to and the saved state of each of its chains.
///
/// Layout: a first line `strata-checkpoint 1`, a JSON line with the identity, model name and chain ids,
/// then per chain a JSON line `{"chain":c,"sampler":n,"sink":m}` followed by the n + m raw bytes of the
/// sampler's and the sink's saved state (n = -1: the chain had not started).
public struct CheckpointFile {
    /// What the saved states belong to.
    public var identity: RunIdentity
    /// The model's name (CSV file names).
    public var modelName: String
    /// Run-wide index (0-based) of this process's first chain.
    public var firstChain: Int
    /// One record per chain of this process, in order.
    public var records: [ChainCheckpointRecord]

    private static let magic = "strata-checkpoint 1"

    private struct Header: Codable {
        var identity: RunIdentity
        var modelName: String
        var firstChain: Int
        var chains: Int
    }

    private struct Entry: Codable {
        var chain: Int
        var sampler: Int
        var sink: Int
    }

    /// Creates a checkpoint value.
    public init(identity: RunIdentity, modelName: String, firstChain: Int, records: [ChainCheckpointRecord]) {
        self.identity = identity; self.modelName = modelName; self.firstChain = firstChain; self.records = records
    }

    /// Writes the file atomically: to a temporary file in the same folder, flushed to disk, then renamed
    /// over `url`, so a kill at any moment leaves either the previous checkpoint or this one.
    public func write(to url: URL) throws {
        var bytes = Data((Self.magic + "\n").utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        bytes.append(try encoder.encode(Header(identity: identity, modelName: modelName, firstChain: firstChain,
                                               chains: records.count)))
        bytes.append(0x0A)
        for r in records {
            bytes.append(try encoder.encode(Entry(chain: r.chain, sampler: r.sampler?.count ?? -1, sink: r.sink?.count ?? -1)))
            bytes.append(0x0A)
            if let s = r.sampler { bytes.append(s) }
            if let s = r.sink { bytes.append(s) }
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        func fail(_ what: String) -> CheckpointError {
            CheckpointError(path: url.path, message: "\(what) (\(String(cString: strerror(errno))))", kind: .unwritable)
        }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("cannot create \(temporary.lastPathComponent)") }
        var offset = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else { close(fd); unlink(temporary.path); throw fail("cannot write") }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else { unlink(temporary.path); throw fail("cannot rename into place") }
    }

    /// Reads a checkpoint.
    /// - Throws: ``CheckpointError`` (missing or malformed file).
    public init(contentsOf url: URL) throws {
        func malformed(_ m: String) -> CheckpointError { CheckpointError(path: url.path, message: m, kind: .malformed) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CheckpointError(path: url.path, message: "cannot be read (\((error as NSError).localizedDescription))",
                                  kind: .missing)
        }
        var position = data.startIndex
        func line() throws -> Data {
            guard let end = data[position...].firstIndex(of: 0x0A) else { throw malformed("is truncated") }
            defer { position = end + 1 }
            return data[position..<end]
        }
        func bytes(_ n: Int) throws -> Data? {
            guard n >= 0 else { return nil }
            guard data.endIndex - position >= n else { throw malformed("is truncated") }
            defer { position += n }
            return Data(data[position..<(position + n)])
        }
        guard String(decoding: try line(), as: UTF8.self) == Self.magic else {
            throw malformed("is not a Strata checkpoint (no '\(Self.magic)' first line)")
        }
        let decoder = JSONDecoder()
        do {
            let header = try decoder.decode(Header.self, from: try line())
            var records: [ChainCheckpointRecord] = []
            for _ in 0..<header.chains {
                let entry = try decoder.decode(Entry.self, from: try line())
                records.append(ChainCheckpointRecord(chain: entry.chain, sampler: try bytes(entry.sampler), sink: try bytes(entry.sink)))
            }
            self.init(identity: header.identity, modelName: header.modelName, firstChain: header.firstChain, records: records)
        } catch let error as CheckpointError { throw error } catch {
            throw malformed("is damaged (\(error))")
        }
    }

    /// Refuses to resume a run that is not the one this checkpoint saved.
    /// - Throws: ``CheckpointError`` naming what differs.
    public func check(identity expected: RunIdentity, modelName name: String, firstChain first: Int, chains: Int,
                      path: String) throws {
        func mismatch(_ m: String) -> CheckpointError { CheckpointError(path: path, message: m, kind: .mismatch) }
        if let difference = identity.difference(from: expected) {
            throw mismatch("belongs to another run: \(difference) differ(s) from this command's. Resume with the "
                           + "same program, data, options and Strata version as the checkpointed run")
        }
        guard modelName == name else { throw mismatch("was written for model '\(modelName)', not '\(name)'") }
        guard firstChain == first, records.count == chains else {
            throw mismatch("holds chains \(firstChain + 1)-\(firstChain + records.count), not "
                           + "\(first + 1)-\(first + chains) as this command asks")
        }
    }
}
