// Test target StrataDistributionsTests.
import XCTest
