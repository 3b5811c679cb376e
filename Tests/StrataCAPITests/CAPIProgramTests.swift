// Compiles c/example.c with the system C compiler against strata.h, links it to the built
// libstrata_c shared library, runs it on eight schools and checks what it prints.
import Foundation
import StrataCAPI
import StrataTestSupport
import XCTest

final class CAPIProgramTests: XCTestCase {
    /// Library file name on this platform.
    static let libraryName: String = {
        #if os(macOS)
        return "libstrata_c.dylib"
        #else
        return "libstrata_c.so"
        #endif
    }()

    /// Folders that may hold the library: $STRATA_C_LIBRARY_DIR, then the folder of the test
    /// bundle (SwiftPM puts `swift test`'s products there, including the dynamic library product
    /// `strata_c`), then `.build/release`.
    static func libraryFolder() -> URL? {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["STRATA_C_LIBRARY_DIR"] { candidates.append(URL(fileURLWithPath: dir)) }
        for bundle in Bundle.allBundles + [Bundle.main] {
            var url = bundle.bundleURL
            for _ in 0..<3 {
                candidates.append(url)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(SharedFiles.projectRoot.appendingPathComponent(".build/release"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(libraryName).path) }
    }

    /// A C compiler: $CC, else the first of cc, clang, gcc on PATH, else the clang shipped with
    /// the Swift toolchain (Swift links with it on Linux, so it is always installed).
    static func cCompiler() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let cc = environment["CC"], !cc.isEmpty { return cc }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let isExecutable = { (file: String) in FileManager.default.isExecutableFile(atPath: file) }
        for name in ["cc", "clang", "gcc"] {
            if let found = path.map({ $0 + "/" + name }).first(where: isExecutable) { return found }
        }
        return path.compactMap { dir -> String? in
            guard isExecutable(dir + "/swift") else { return nil }
            let resolved = URL(fileURLWithPath: dir + "/swift").resolvingSymlinksInPath().deletingLastPathComponent()
            return [dir + "/clang", resolved.appendingPathComponent("clang").path].first(where: isExecutable)
        }.first
    }

    /// Runs `executable` with `arguments`; returns exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The `key = value` lines a test C program prints.
    static func keyValues(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.components(separatedBy: " = ")
            if parts.count >= 2 { values[parts[0]] = parts.dropFirst().joined(separator: " = ") }
        }
        return values
    }

    /// Compiles `Tests/StrataCAPITests/c/<name>.c` against strata.h and libstrata_c into `work/<name>`.
    /// - Returns: the executable's path, or nil after recording why it could not be built.
    static func compileCProgram(_ name: String, in work: URL, flags: [String] = [], libraries: [String] = [],
                                file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        guard let libraryFolder = libraryFolder() else {
            XCTFail("\(libraryName) not found next to the test bundle or in .build/release; "
                    + "`swift test` builds it as the product strata_c, or run `swift build -c release --product strata_c`",
                    file: file, line: line)
            return nil
        }
        guard let compiler = cCompiler() else {
            XCTFail("no C compiler found (set CC, or put cc/clang/gcc on PATH)", file: file, line: line)
            return nil
        }
        let root = SharedFiles.projectRoot
        let executable = work.appendingPathComponent(name).path
        let compile = try run(compiler, ["-std=c11", "-Wall", "-Wextra", "-Werror"] + flags + [
            "-I", root.appendingPathComponent("CSupport/include").path,
            root.appendingPathComponent("Tests/StrataCAPITests/c/\(name).c").path,
            "-L", libraryFolder.path, "-lstrata_c", "-Wl,-rpath," + libraryFolder.path] + libraries + ["-lm", "-o", executable])
        XCTAssertEqual(compile.status, 0, "\(compiler) failed:\n\(compile.output)", file: file, line: line)
        return compile.status == 0 ? executable : nil
    }

    func testExampleCProgramLinksRunsAndAgreesWithTheSwiftCalls() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-c-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        guard let executable = try Self.compileCProgram("example", in: work, flags: ["-pedantic"]) else { return }
        let libraryFolder = Self.libraryFolder()!

        let outputDir = work.appendingPathComponent("csv").path
        let result = try Self.run(executable, ["builtin:eight_schools_noncentered", CAPI.eightSchoolsData, outputDir])
        XCTAssertEqual(result.status, 0, "example (linked to \(libraryFolder.path)) failed:\n\(result.output)")
        let values = CAPIProgramTests.keyValues(result.output)
        XCTAssertEqual(values["failures"], "0", result.output)
        XCTAssertEqual(values["dimension"], "10")
        XCTAssertEqual(values["output[17]"], "theta.8")
        XCTAssertEqual(values["wrong_length_status"], "1")

        // The program's lp and gradient at x_i = 0.3 sin(1 + i) equal this process's own evaluation.
        let x = (0..<10).map { 0.3 * sin(1.0 + Double($0)) }
        let model = CAPI.load()
        defer { strata_model_free(model) }
        let swiftSide = CAPI.logDensity(model, x)
        let lp = try XCTUnwrap(values["lp"].flatMap(Double.init))
        XCTAssertTrue(lp.isFinite)
        XCTAssertEqual(lp, swiftSide.lp, accuracy: 1e-10 * abs(lp))
        for i in 0..<10 {
            let fields = try XCTUnwrap(values["grad[\(i)]"]).components(separatedBy: " fd = ")
            let analytic = try XCTUnwrap(Double(fields[0])), numeric = try XCTUnwrap(Double(fields[1]))
            XCTAssertEqual(analytic, swiftSide.gradient[i], accuracy: 1e-8 * max(1, abs(analytic)))
            XCTAssertEqual(analytic, numeric, accuracy: 1e-5 * max(1, abs(analytic)), "grad[\(i)] vs finite difference")
        }
        XCTAssertLessThan(try XCTUnwrap(values["max_gradient_relative_error"].flatMap(Double.init)), 1e-5)

        let length = try XCTUnwrap(values["draws_length"].flatMap(Int.init))
        XCTAssertEqual(length, 2 * 200 * 18)
        XCTAssertEqual(values["draws_finite"], String(length))
        XCTAssertTrue(try XCTUnwrap(values["mean_output0"].flatMap(Double.init)).isFinite)
        for chain in 1...2 {
            XCTAssertTrue(FileManager.default.fileExists(atPath: outputDir + "/eight_schools_noncentered_\(chain).csv"))
        }
        XCTAssertTrue(values["double_free_message"]?.contains("not a live strata_model") ?? false)
    }
}
