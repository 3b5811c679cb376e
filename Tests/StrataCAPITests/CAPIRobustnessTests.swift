// Compiles c/robustness.c against libstrata_c: stale handles never alias new models, a locked output folder
// fails the second run, and runs too large for memory return STRATA_ERROR_RESOURCES.
import Foundation
import StrataTestSupport
import XCTest

final class CAPIRobustnessTests: XCTestCase {
    func testHandlesOutputFolderLockAndMemoryRefusal() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-capi-robust-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        guard let executable = try CAPIProgramTests.compileCProgram("robustness", in: work, flags: ["-D_POSIX_C_SOURCE=200809L"],
                                                                    libraries: ["-lpthread"]) else { return }
        let output = work.appendingPathComponent("csv")
        let result = try CAPIProgramTests.run(executable, [CAPI.eightSchoolsData, output.path])
        XCTAssertEqual(result.status, 0, result.output)
        let values = CAPIProgramTests.keyValues(result.output)
        XCTAssertEqual(values["stale_handle_errors"], "50", result.output)
        XCTAssertEqual(values["handles_distinct"], "1", result.output)
        XCTAssertEqual(values["huge_status"], "7", result.output)
        XCTAssertTrue(values["huge_message"]?.contains("GiB; the machine has") ?? false, result.output)
        XCTAssertEqual(values["second_status"], "6", result.output)
        XCTAssertTrue(values["second_message"]?.contains("in use by another strata run") ?? false, result.output)
        XCTAssertEqual(values["first_status"], "0", result.output)
        XCTAssertEqual(values["partial_left"], "0", result.output)
        for chain in 1...2 {
            let csv = try String(contentsOf: output.appendingPathComponent("eight_schools_noncentered_\(chain).csv"), encoding: .utf8)
            XCTAssertEqual(csv.split(separator: "\n").filter { !$0.hasPrefix("#") }.count, 1 + 3000)
        }
    }
}
