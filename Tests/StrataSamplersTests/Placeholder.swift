// Test target StrataSamplersTests.
import XCTest
