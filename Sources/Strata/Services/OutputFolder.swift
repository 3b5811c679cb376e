// The --output folder of a sampling run: created with clear errors, locked for one run at a time, CSVs renamed complete.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with an output folder or file, naming the path.
public struct OutputFolderError: Error, CustomStringConvertible {
    /// The folder or file.
    public let path: String
    /// What went wrong.
    public let message: String
    /// True when another run holds the folder's lock (a temporary condition).
    public let isBusy: Bool

    /// Creates an error.
    public init(path: String, message: String, isBusy: Bool = false) {
        self.path = path; self.message = message; self.isBusy = isBusy
    }

    public var description: String { "output folder '\(path)': \(message)" }
}

/// An exclusive lock on an output folder, held from creation until released (or the process ends), so two
/// runs (or two threads calling `strata_sample`) never write the same files. The lock is an `flock` on the
/// folder's `.strata-lock` file, which records the holder's process id.
public final class OutputFolderLock {
    /// The locked folder.
    public let directory: URL
    private var fd: Int32

    /// Name of the lock file inside the folder.
    public static let lockFileName = ".strata-lock"
    /// Suffix of a CSV file while it is being written; renamed to the final name when the run ends.
    public static let partialSuffix = ".partial"

    /// Creates `directory` (and missing parents) if needed and locks it.
    /// - Throws: ``OutputFolderError`` if it cannot be created or written, or another run holds it.
    public init(directory: URL) throws {
        self.directory = directory
        try Self.createFolder(directory.path)
        let lockPath = directory.appendingPathComponent(Self.lockFileName).path
        fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputFolderError(path: directory.path, message: "cannot be written (\(String(cString: strerror(errno))))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var bytes = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &bytes, 31, 0)
            let holder = n > 0 ? String(decoding: bytes.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            fd = -1
            throw OutputFolderError(path: directory.path, message: "is in use by another strata run (process \(holder)); "
                                    + "wait for it to finish or choose another output folder", isBusy: true)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { release() }

    /// Releases the lock (also done when the object is freed).
    public func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// `mkdir -p` with an error naming the path component that failed and why.
    static func createFolder(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw OutputFolderError(path: path, message: "exists and is not a folder") }
            return
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var prefix = ""
        for component in absolute.split(separator: "/") {
            prefix += "/" + component
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory) {
                if !isDirectory.boolValue {
                    throw OutputFolderError(path: path, message: "cannot be created: '\(prefix)' is a file, not a folder")
                }
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw OutputFolderError(path: path, message: "cannot be created (\(prefix): \(String(cString: strerror(errno))))")
            }
        }
    }
}
