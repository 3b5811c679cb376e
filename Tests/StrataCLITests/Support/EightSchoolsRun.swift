// One small `strata sample builtin:eight_schools_noncentered` run, made once and shared by the tests that read it.
import Foundation
import XCTest

/// The shared run's folder and result (made on first use, removed at the end of the test process).
final class EightSchoolsRun {
    /// Seed of the shared run (other runs compare against it).
    static let seed = "20261123"
    /// Arguments of the shared run, without `--output`.
    static let arguments = ["sample", "builtin:eight_schools_noncentered", "--data", CLIFixtures.data("eight_schools.json"),
                            "--seed", seed, "--quiet"] + CLIFixtures.smallRun

    let directory: URL
    let output: URL
    let result: CLIResult

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-cli-8s-\(UUID().uuidString.prefix(8))")
        output = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        result = try CLIRunner.run(Self.arguments + ["--output", output.path], in: directory)
        let dir = directory.path
        atexit_b { try? FileManager.default.removeItem(atPath: dir) }
    }

    private static let lock = NSLock()
    private static var cached: Result<EightSchoolsRun, Error>?

    /// The shared run (throws the error of the first attempt, e.g. a missing binary).
    static func shared() throws -> EightSchoolsRun {
        lock.lock(); defer { lock.unlock() }
        if cached == nil { cached = Result { try EightSchoolsRun() } }
        return try cached!.get()
    }
}

/// Runs a block when the process exits (Glibc's atexit takes only a C function pointer).
private var exitBlocks: [() -> Void] = []
private func atexit_b(_ block: @escaping () -> Void) {
    if exitBlocks.isEmpty { atexit { for b in exitBlocks { b() } } }
    exitBlocks.append(block)
}
