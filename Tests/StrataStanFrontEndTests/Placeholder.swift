// Test target StrataStanFrontEndTests.
import XCTest
