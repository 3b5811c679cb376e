// Test target StrataStanModelTests.
import XCTest
