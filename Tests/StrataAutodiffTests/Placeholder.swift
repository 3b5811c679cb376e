// Test target StrataAutodiffTests.
import XCTest
