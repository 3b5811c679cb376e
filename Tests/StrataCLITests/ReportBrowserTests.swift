// `strata report` rendered in headless Chromium: every plot drawn with axis labels, no console errors, one screenshot per model.
import Foundation
import StrataTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Reports of the widget model, eight schools and the three pooling models (compared), opened in a
/// real browser. Skipped when no Chromium is installed (`scripts/install-deps.sh --browser` installs
/// it; CI does). Set `STRATA_REPORT_SCREENSHOTS=DIR` to keep the screenshots (docs/ holds them).
final class ReportBrowserTests: XCTestCase {
    /// The browser: `$STRATA_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    static let browser: String? = {
        if let env = ProcessInfo.processInfo.environment["STRATA_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: env) ? env : nil
        }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }()

    private var scratch: URL!

    override func setUpWithError() throws {
        guard Self.browser != nil else {
            throw XCTSkip("headless Chromium not found (install the Debian package 'chromium', e.g. scripts/install-deps.sh --browser, or set STRATA_CHROMIUM); the report browser test is skipped")
        }
        setenv("STRATA_SHARED", SharedFiles.root.path, 1)   // the report finds ../shared/models/<model>.stan
        scratch = try CLIFixtures.scratch(self, "report")
    }

    /// Runs the browser headless on a file; returns standard output and standard error.
    private func chromium(_ arguments: [String], timeout: TimeInterval = 90) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.browser!)
        let profile = scratch.appendingPathComponent("profile-\(UUID().uuidString.prefix(6))").path
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--hide-scrollbars"] + arguments
        let out = scratch.appendingPathComponent("chromium-\(UUID().uuidString.prefix(6)).out")
        let err = scratch.appendingPathComponent("chromium-\(UUID().uuidString.prefix(6)).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit(); XCTFail("chromium timed out: \(arguments)") }
        p.waitUntilExit()
        return ((try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Samples `model` on `data` into a folder of the scratch directory.
    private func sample(_ model: String, _ data: String, _ extra: [String] = []) throws -> URL {
        let out = scratch.appendingPathComponent(model)
        let r = try CLIRunner.run(["sample", SharedFiles.url("models/\(model).stan").path, "--data", CLIFixtures.data(data),
                                   "--seed", "11", "--quiet", "--output", out.path] + CLIFixtures.smallRun + extra, in: scratch)
        r.assertSuccess()
        return out
    }

    /// The attributes of every `<figure class="plot">` in a DOM dump, in order.
    static func figures(in dom: String) -> [[String: String]] {
        let figure = try! NSRegularExpression(pattern: "<figure ([^>]*)>")
        let attribute = try! NSRegularExpression(pattern: "([a-z-]+)=\"([^\"]*)\"")
        return figure.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).map { m in
            let text = String(dom[Range(m.range(at: 1), in: dom)!])
            var attrs: [String: String] = [:]
            for a in attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                attrs[String(text[Range(a.range(at: 1), in: text)!])] = String(text[Range(a.range(at: 2), in: text)!])
            }
            return attrs
        }.filter { ($0["class"] ?? "").contains("plot") }
    }

    /// Writes the report, opens it in the browser and checks every plot and the screenshot.
    private func check(report folder: URL, name: String, options: [String], kinds: [String],
                       file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let html = scratch.appendingPathComponent(name + ".html")
        let r = try CLIRunner.run(["report", folder.path, "--output", html.path] + options, in: scratch)
        r.assertSuccess(file: file, line: line)
        let text = try String(contentsOf: html, encoding: .utf8)
        XCTAssertLessThan(text.utf8.count, 3_000_000, "report size", file: file, line: line)
        // Self-contained: no external URL (besides the SVG namespace name), stylesheet link or image source.
        let offline = text.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for pattern in ["http://", "https://", "<link", "src=", "url(http", "@import"] {
            XCTAssertFalse(offline.contains(pattern), "the report references '\(pattern)'", file: file, line: line)
        }

        let (dom, log) = try chromium(["--virtual-time-budget=5000", "--dump-dom", html.absoluteString])
        let consoleLines = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertTrue(consoleLines.isEmpty, "console messages:\n" + consoleLines.joined(separator: "\n"), file: file, line: line)
        let figures = Self.figures(in: dom)
        XCTAssertEqual(figures.compactMap { $0["data-kind"] }, kinds, "plots in the rendered page", file: file, line: line)
        for f in figures {
            let kind = f["data-kind"] ?? "?"
            let size = (f["data-drawn"] ?? "0x0").split(separator: "x").compactMap { Int($0) }
            XCTAssertTrue(size.count == 2 && size[0] > 100 && size[1] > 50, "\(kind): drawn size \(f["data-drawn"] ?? "none")", file: file, line: line)
            XCTAssertGreaterThan(Int(f["data-marks"] ?? "0") ?? 0, 5, "\(kind): nothing drawn", file: file, line: line)
            if kind != "graph" {
                XCTAssertGreaterThan(Int(f["data-axis-labels"] ?? "0") ?? 0, 0, "\(kind): no visible axis label", file: file, line: line)
            }
        }

        let shots = ProcessInfo.processInfo.environment["STRATA_REPORT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) } ?? scratch!
        let png = shots.appendingPathComponent("report_\(name).png")
        try? FileManager.default.removeItem(at: png)
        _ = try chromium(["--virtual-time-budget=5000", "--window-size=1200,2400", "--screenshot=\(png.path)", html.absoluteString])
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature", file: file, line: line)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual([width, height], [1200, 2400], file: file, line: line)
        // A blank or nearly blank page compresses to a few KB; plots and tables make well over 50 KB.
        XCTAssertGreaterThan(bytes.count, 50_000, "screenshot looks empty", file: file, line: line)
        return dom
    }

    func testWidgetReportMarksTheTruth() throws {
        let run = try sample("decay", "decay_days.json", ["--init", CLIFixtures.data("decay_days_init.json")])
        let dom = try check(report: run, name: "widgets", options: ["--truth", CLIFixtures.data("decay_truth.json")],
                            kinds: ["trace", "rank", "density", "pair", "energy", "graph"])
        XCTAssertTrue(dom.contains("class=\"truth\""), "true values marked on the densities")
    }

    func testEightSchoolsReport() throws {
        let run = try sample("eight_schools_noncentered", "eight_schools.json")
        let dom = try check(report: run, name: "eight_schools", options: [],
                            kinds: ["trace", "rank", "density", "pair", "energy", "graph"])
        XCTAssertTrue(dom.contains("class=\"node parameter\""), "graphical model found from the CSV header")
    }

    func testPoolingReportComparesTheThreeModels() throws {
        let partial = try sample("partial_pooling", "partial_pooling.json", ["--adapt-delta", "0.95"])
        let none = try sample("no_pooling", "pooling.json")
        let complete = try sample("complete_pooling", "pooling.json")
        let dom = try check(report: partial, name: "pooling", options: ["--compare", none.path, complete.path],
                            kinds: ["trace", "rank", "density", "pair", "energy", "graph", "forest"])
        for label in ["partial_pooling", "no_pooling", "complete_pooling"] {
            XCTAssertTrue(dom.contains("data-series=\"\(label)\""), "forest series \(label)")
        }
    }
}
