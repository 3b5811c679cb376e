// Test target StrataIntegrationTests.
import XCTest
