// Test target StrataDiagnosticsTests.
import XCTest
