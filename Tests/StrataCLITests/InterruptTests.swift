// Ctrl-C during `strata sample`: the run stops soon, says so, and leaves valid CSV files with every finished draw.
import Foundation
import StrataOutput
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class InterruptTests: XCTestCase {
    func testSIGINTStopsSamplingAndLeavesValidFiles() throws {
        try interruptSampling(with: SIGINT)
    }

    /// Batch schedulers stop jobs with SIGTERM; it must behave like Ctrl-C.
    func testSIGTERMStopsSamplingAndLeavesValidFiles() throws {
        try interruptSampling(with: SIGTERM)
    }

    private func interruptSampling(with signal: Int32) throws {
        let dir = try CLIFixtures.scratch(self, "interrupt")
        let output = dir.appendingPathComponent("out")
        // Far more draws than the test will wait for; warmup draws are not saved, so keep warmup short.
        let args = ["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"), "--chains", "2",
                    "--warmup", "150", "--samples", "20000", "--threads", "2", "--output", output.path]
        let running = try CLIRunner.start(args, directory: dir)
        let files = [output.appendingPathComponent("decay_1.csv"), output.appendingPathComponent("decay_2.csv")]

        // Wait until every chain has written more than 5 post-warmup draws (so each file must hold
        // draws and an adaptation block when the signal arrives, even if one chain started late).
        // While the run goes on each CSV has a temporary name; it is renamed when the run stops.
        let partials = files.map { URL(fileURLWithPath: $0.path + ".partial") }
        let ready = { partials.allSatisfy { CLIFixtures.completeDrawLineCount(of: $0) > 5 } }
        let deadline = Date().addingTimeInterval(60)
        while running.process.isRunning && Date() < deadline && !ready() { usleep(20_000) }
        guard running.process.isRunning else {
            let result = try running.wait(timeout: 1)
            return XCTFail("strata ended before it could be interrupted\n" + result.summary)
        }
        guard ready() else {
            kill(running.process.processIdentifier, SIGKILL)
            _ = try? running.wait(timeout: 10)
            return XCTFail("the chains did not each write 6 draws within 60 s")
        }
        kill(running.process.processIdentifier, signal)
        let result = try running.wait(timeout: 60)
        XCTAssertFalse(result.signaled, "strata died of signal \(signal) instead of stopping cleanly\n" + result.summary)
        XCTAssertEqual(result.status, 130, "an interrupted run exits 130\n" + result.summary)
        XCTAssertTrue(result.stdout.lowercased().contains("interrupted"), "stdout does not mention the interruption (signal \(signal))\n" + result.summary)
        XCTAssertTrue(result.stderr.lowercased().contains("interrupted"), result.summary)

        for url in files {
            let csv = try StanCSVFile(contentsOf: url)
            XCTAssertFalse(csv.droppedIncompleteLastLine, "\(url.lastPathComponent) ends in a half-written line")
            XCTAssertGreaterThanOrEqual(csv.drawCount, 1, url.lastPathComponent)
            XCTAssertLessThan(csv.drawCount, 20000, "\(url.lastPathComponent): the run was not cut short")
            XCTAssertNotNil(csv.adaptation, url.lastPathComponent)
            XCTAssertEqual(csv.columnNames.count, 7 + 1 + 100, url.lastPathComponent)
            let alpha = try XCTUnwrap(csv.column(named: "alpha"))
            XCTAssertTrue(alpha.allSatisfy { $0 > 0 && $0.isFinite }, url.lastPathComponent)
            // Every row in the file is a complete draw: the raw non-comment line count matches.
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(text.hasSuffix("\n"), url.lastPathComponent)
            XCTAssertEqual(CLIFixtures.nonCommentLines(text).count - 1, csv.drawCount, url.lastPathComponent)
        }
    }
}
