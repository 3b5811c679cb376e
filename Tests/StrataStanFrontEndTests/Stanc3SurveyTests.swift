// Opt-in survey of the Stan compiler's own integration suite (STRATA_STANC3_DIR = a stanc3 checkout):
// good programs accepted, bad programs rejected for a real reason.
import Foundation
import StrataStanFrontEnd
import XCTest

final class Stanc3SurveyTests: XCTestCase {
    /// `.stan` files under `folder`, recursively, sorted.
    private func programs(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "stan" }.sorted { $0.path < $1.path }
    }

    private func isUnsupported(_ d: StanDiagnostic) -> Bool {
        if case .unsupportedFeature = d { return true }
        if case .includeNotSupported = d { return true }
        return false
    }

    func testStanc3IntegrationSuite() throws {
        let base = try Stanc3Checkout.integrationFolder()
        let good = programs(under: base.appendingPathComponent("good"))
        let bad = programs(under: base.appendingPathComponent("bad"))
        XCTAssertFalse(good.isEmpty || bad.isEmpty, "no good/ or bad/ programs under \(base.path)")

        var accepted = 0, unsupported = 0
        var wronglyRejected: [String] = []
        for url in good {
            let source = try StanSourceFile(path: url.path).source
            let result = StanFrontEnd.check(source: source)
            if result.succeeded { accepted += 1; continue }
            if result.diagnostics.contains(where: isUnsupported) { unsupported += 1; continue }
            let first = result.diagnostics.first.map { DiagnosticRenderer(source: source, fileName: url.lastPathComponent).render($0) }
            wronglyRejected.append(first?.split(separator: "\n").first.map(String.init) ?? url.lastPathComponent)
        }
        var rejected = 0, onlyUnsupported = 0
        var wronglyAccepted: [String] = []
        for url in bad {
            let source = try StanSourceFile(path: url.path).source
            let result = StanFrontEnd.check(source: source)
            if result.succeeded {
                wronglyAccepted.append(url.path.replacingOccurrences(of: base.path + "/", with: ""))
            } else if result.diagnostics.allSatisfy(isUnsupported) {
                onlyUnsupported += 1
            } else {
                rejected += 1
            }
        }
        func percent(_ n: Int, _ d: Int) -> String { String(format: "%.1f%%", 100 * Double(n) / Double(max(d, 1))) }
        print("STANC3 good: \(accepted) of \(good.count) accepted (\(percent(accepted, good.count))), "
              + "\(unsupported) rejected as unsupported (\(percent(unsupported, good.count))), \(wronglyRejected.count) rejected")
        print("STANC3 bad: \(rejected) of \(bad.count) rejected for a real reason (\(percent(rejected, bad.count))), "
              + "\(onlyUnsupported) only as unsupported, \(wronglyAccepted.count) accepted")
        for line in wronglyRejected { print("STANC3 good rejected: \(line)") }
        for line in wronglyAccepted { print("STANC3 bad accepted: \(line)") }
        // First survey (2026-11): 59.2% of good accepted, 93.0% of bad rejected. Figures of 2026-11-29: 62.4% of good
        // accepted, every bad program rejected, 92.1% for a real reason; these floors keep them from sliding back.
        // 2026-11-30: 67.5% of good accepted (wiener, more families and CDFs; CDFs Strata cannot compute now count as
        // unsupported instead of being accepted and failing when the model is built).
        // 2026-11-30 (later): 71.5% with the *_constrain/_jacobian/_unconstrain functions and `jacobian +=`.
        // 2026-11-30 (evening): 81.7% with CDFs, more families, matrix/library functions and complex numbers.
        // 2026-11-30 (night): 87.0% with the 7-argument wiener, wiener_lcdf_unnorm/wiener_lccdf_unnorm, ordered_probit,
        // inv_inc_beta and std_normal_qf.
        // 2026-11-30 (higher-order functions): 89.4% with reduce_sum, map_rect, the algebraic solvers, integrate_1d,
        // integrate_ode, ode_adjoint_tol_ctl (data times) and hmm_*; 91.5% with the library-name rules, the
        // sum-to-zero/stochastic types and user-density truncation; 95.5% with tuples (bad rejected for a real reason 94.9%).
        // 2026-11-30 15:56 UTC: 1,232 of 1,232 with dae/dae_tol and complex_schur_decompose; bad 99.7% for a real reason.
        XCTAssertGreaterThanOrEqual(Double(accepted) / Double(max(good.count, 1)), 0.999)
        XCTAssertGreaterThanOrEqual(Double(rejected + onlyUnsupported) / Double(max(bad.count, 1)), 0.999)
        XCTAssertGreaterThanOrEqual(Double(rejected) / Double(max(bad.count, 1)), 0.999)
    }
}
