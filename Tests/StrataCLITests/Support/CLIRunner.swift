// Runs the built `strata` executable as a child process and captures its exit status and output.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// What one run of `strata` produced.
struct CLIResult {
    /// The arguments after `strata`.
    let arguments: [String]
    /// Exit status (or the signal number when `signaled`).
    let status: Int32
    /// `true` if the process was ended by a signal (a crash, or a kill after a timeout).
    let signaled: Bool
    /// Everything written to standard output.
    let stdout: String
    /// Everything written to standard error.
    let stderr: String

    /// Standard output and standard error together (for checking a message wherever it went).
    var allOutput: String { stdout + "\n" + stderr }

    /// A one-line description for assertion messages.
    var summary: String {
        "strata \(arguments.joined(separator: " ")) -> \(signaled ? "signal" : "exit") \(status)\n" +
        "--- stdout ---\n\(stdout.suffix(3000))\n--- stderr ---\n\(stderr.suffix(3000))"
    }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case binaryNotFound([String])
    case timedOut(String)

    var description: String {
        switch self {
        case let .binaryNotFound(paths):
            return "the strata executable was not found; build it first (swift build -c release --product strata) " +
                   "or set STRATA_CLI. Looked in: " + paths.joined(separator: ", ")
        case let .timedOut(what): return "timed out: \(what)"
        }
    }
}

/// Locates and runs `strata`.
enum CLIRunner {
    /// Candidate locations: `$STRATA_CLI`, then beside the test bundle / test runner executable.
    static var candidatePaths: [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["STRATA_CLI"] { paths.append(env) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        paths.append(runner.deletingLastPathComponent().appendingPathComponent("strata").path)
        let bundle = Bundle.main.bundleURL
        paths.append(bundle.appendingPathComponent("strata").path)
        paths.append(bundle.deletingLastPathComponent().appendingPathComponent("strata").path)
        return paths
    }

    /// The executable's path.
    static func executable() throws -> URL {
        let paths = candidatePaths
        for p in paths where FileManager.default.isExecutableFile(atPath: p) {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue {
                return URL(fileURLWithPath: p)
            }
        }
        throw CLIRunnerError.binaryNotFound(paths)
    }

    /// Starts `strata arguments` (or another `program`, e.g. mpirun) with stdout and stderr going to files in
    /// `directory`, with extra `environment` variables. The caller must wait for it (``wait(_:timeout:)``).
    static func start(_ arguments: [String], directory: URL, program: URL? = nil,
                      environment: [String: String] = [:]) throws -> RunningCLI {
        let process = Process()
        process.executableURL = try program ?? executable()
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory
        let id = UUID().uuidString.prefix(8)
        let out = directory.appendingPathComponent("stdout-\(id).txt")
        let err = directory.appendingPathComponent("stderr-\(id).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? outHandle.close()
        try? errHandle.close()
        return RunningCLI(process: process, arguments: arguments, stdoutURL: out, stderrURL: err)
    }

    /// Runs `strata arguments` to completion (killing it after `timeout` seconds).
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 60) throws -> CLIResult {
        let running = try start(arguments, directory: directory)
        return try running.wait(timeout: timeout)
    }
}

/// A `strata` process that is still running.
struct RunningCLI {
    let process: Process
    let arguments: [String]
    let stdoutURL: URL
    let stderrURL: URL

    /// Waits for exit; after `timeout` seconds kills the process and throws.
    func wait(timeout: TimeInterval) throws -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CLIRunnerError.timedOut("strata \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        return CLIResult(arguments: arguments, status: process.terminationStatus,
                         signaled: process.terminationReason == .uncaughtSignal,
                         stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }
}
