// Locates the stanc3 checkout named by STRATA_STANC3_DIR for the opt-in stanc3 conformance tests.
import Foundation
import XCTest

enum Stanc3Checkout {
    /// The checkout's `test/integration` folder (or the folder itself if it already is one); skips the test when
    /// STRATA_STANC3_DIR is unset.
    static func integrationFolder() throws -> URL {
        guard let root = ProcessInfo.processInfo.environment["STRATA_STANC3_DIR"] else {
            throw XCTSkip("set STRATA_STANC3_DIR to a stanc3 checkout (its test/integration folder)")
        }
        let base = URL(fileURLWithPath: root)
        let integration = base.appendingPathComponent("test/integration")
        return FileManager.default.fileExists(atPath: integration.path) ? integration : base
    }
}
