// Test target StrataOptimizationTests.
import XCTest
