// `strata <command> --help`: exits 0 and lists each command's options.
import Foundation
import XCTest

final class HelpTests: XCTestCase {
    private func assertHelp(_ command: [String], lists options: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try CLIFixtures.scratch(self, "help")
        let result = try CLIRunner.run(command + ["--help"], in: dir)
        result.assertSuccess(file: file, line: line)
        for option in options {
            XCTAssertTrue(result.stdout.contains(option), "help lacks '\(option)'\n" + result.summary, file: file, line: line)
        }
    }

    func testTopLevelHelpListsSubcommands() throws {
        try assertHelp([], lists: ["USAGE:", "sample", "optimize", "summary", "widgets"])
    }

    func testSampleHelp() throws {
        try assertHelp(["sample"], lists: ["USAGE: strata sample", "<model>", "--data", "--init", "--chains", "--warmup",
                                           "--samples", "--seed", "--metric", "--adapt-delta", "--max-depth",
                                           "--threads", "--thin", "--output", "--quiet", "--adaptation", "lowrank",
                                           "--metric-file", "--save-metric", "--lowrank-cutoff", "default"])
    }

    func testOptimizeHelp() throws {
        try assertHelp(["optimize"], lists: ["USAGE: strata optimize", "<model>", "--data", "--init", "--jacobian",
                                             "--seed", "--output"])
    }

    func testSummaryHelp() throws {
        try assertHelp(["summary"], lists: ["USAGE: strata summary", "<paths>", "--json"])
    }

    func testWidgetsHelp() throws {
        try assertHelp(["widgets"], lists: ["USAGE: strata widgets", "--data", "--truth", "--chains", "--warmup",
                                            "--samples", "--metric", "--threads", "--output"])
    }
}
