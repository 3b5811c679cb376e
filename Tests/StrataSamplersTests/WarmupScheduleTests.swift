// Warmup windows against Stan's windowed_adaptation, including the short-warmup fallbacks.
import StrataSamplers
import XCTest

final class WarmupScheduleTests: XCTestCase {
    func testStanWindowsFor1000Warmup() {
        let s = WarmupSchedule(warmup: 1000)
        XCTAssertEqual(s.windowEnds, [100, 150, 250, 450, 950])
        XCTAssertEqual(s.windows.first?.lowerBound, 75)
        XCTAssertFalse(s.usedShortWarmupFallback)
        XCTAssertFalse(s.collects(74))
        XCTAssertTrue(s.collects(75))
        XCTAssertTrue(s.collects(949))
        XCTAssertFalse(s.collects(950))
        XCTAssertTrue(s.endsWindow(99))
        XCTAssertFalse(s.endsWindow(100))
        XCTAssertTrue(s.endsWindow(949))
    }

    func testWindowsAreContiguousAndDoubling() {
        let s = WarmupSchedule(warmup: 2000)
        XCTAssertEqual(s.windowEnds, [100, 150, 250, 450, 850, 1950])
        for (a, b) in zip(s.windows, s.windows.dropFirst()) { XCTAssertEqual(a.upperBound + 1, b.lowerBound) }
    }

    func testExactlyMinimalWarmupHasOneWindow() {
        XCTAssertEqual(WarmupSchedule(warmup: 150).windowEnds, [100])
        XCTAssertEqual(WarmupSchedule(warmup: 200).windowEnds, [100, 150])
        // The second window (size 50) would pass the term buffer, so it is cut at 110.
        XCTAssertEqual(WarmupSchedule(warmup: 160).windowEnds, [100, 110])
    }

    func testShortWarmupFallback() {
        let s = WarmupSchedule(warmup: 100)
        XCTAssertTrue(s.usedShortWarmupFallback)
        XCTAssertEqual(s.initBuffer, 15)
        XCTAssertEqual(s.baseWindow, 75)
        XCTAssertEqual(s.termBuffer, 10)
        XCTAssertEqual(s.windows, [15...89])

        let s149 = WarmupSchedule(warmup: 149)
        XCTAssertTrue(s149.usedShortWarmupFallback)
        XCTAssertEqual([s149.initBuffer, s149.baseWindow, s149.termBuffer], [22, 113, 14])
        XCTAssertEqual(s149.windows, [22...134])

        let s20 = WarmupSchedule(warmup: 20)
        XCTAssertEqual([s20.initBuffer, s20.baseWindow, s20.termBuffer], [3, 15, 2])
        XCTAssertEqual(s20.windows, [3...17])
    }

    func testNoMetricAdaptationBelowTwentyWarmup() {
        XCTAssertEqual(WarmupSchedule(warmup: 19).windows, [])
        XCTAssertEqual(WarmupSchedule(warmup: 0).windows, [])
    }
}
