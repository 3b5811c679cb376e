// Named sections of a model's graph (Stan `profile` blocks) and the time every evaluator spends in them.
import Foundation
import StrataAutodiff

/// Time spent in one section by one evaluator (one chain), inclusive of nested sections.
public struct ProfileSectionTotals: Equatable, Sendable {
    /// The section's name.
    public let name: String
    /// Which evaluator (in creation order) measured it; each chain has its own.
    public let evaluator: Int
    /// Seconds in forward sweeps (with and without gradients) and in reverse sweeps.
    public let forwardSeconds: Double, reverseSeconds: Double
    /// Evaluations with a gradient, and forward-only evaluations (log density, outputs).
    public let autodiffCalls: Int, noAutodiffCalls: Int
    /// Graph operations of the section replayed by gradient evaluations in total (Stan's AD stack size).
    public let chainStack: Int
}

/// Graph operations grouped into nested named sections, shared by every evaluator of a model.
/// When a model has sections its evaluators time them (the clock is read only where the running
/// operation changes section); models without sections pay nothing.
public final class ProfileSections: @unchecked Sendable {
    /// Section names, and the index of each section's enclosing section.
    public let names: [String]
    public let parents: [Int?]
    /// Innermost section of each graph operation (`names.count` for operations outside every section).
    let bucketOfOperation: [Int32]
    /// Operations in each section, nested sections included.
    public let operationCounts: [Int]
    private let lock = NSLock()
    private var timers: [SectionTimer] = []

    /// Sections `names` (enclosed by `parents`) with `sectionOfOperation[k]` the innermost section of
    /// operation k, or -1.
    public init(names: [String], parents: [Int?], sectionOfOperation: [Int32]) {
        self.names = names; self.parents = parents
        bucketOfOperation = sectionOfOperation.map { $0 < 0 ? Int32(names.count) : $0 }
        var counts = [Int](repeating: 0, count: names.count)
        for s in sectionOfOperation where s >= 0 {
            var k: Int? = Int(s)
            while let c = k { counts[c] += 1; k = parents[c] }
        }
        operationCounts = counts
    }

    func makeTimer() -> SectionTimer {
        lock.lock(); defer { lock.unlock() }
        let t = SectionTimer(id: timers.count, bucketOfOperation: bucketOfOperation, sections: names.count)
        timers.append(t)
        return t
    }

    /// Totals per evaluator that ran at least once, per section (nested sections included in their parents).
    public func totals() -> [ProfileSectionTotals] {
        lock.lock(); let all = timers; lock.unlock()
        var out: [ProfileSectionTotals] = []
        for t in all where t.gradientCalls + t.valueCalls > 0 {
            for s in names.indices {
                var forward = 0.0, reverse = 0.0
                for inner in names.indices where encloses(s, inner) {
                    forward += t.timer.forwardNanoseconds[inner]; reverse += t.timer.reverseNanoseconds[inner]
                }
                out.append(ProfileSectionTotals(name: names[s], evaluator: t.id, forwardSeconds: forward * 1e-9,
                                                reverseSeconds: reverse * 1e-9, autodiffCalls: t.gradientCalls,
                                                noAutodiffCalls: t.valueCalls,
                                                chainStack: operationCounts[s] * t.gradientCalls))
            }
        }
        return out
    }

    private func encloses(_ outer: Int, _ inner: Int) -> Bool {
        var k: Int? = inner
        while let c = k { if c == outer { return true }; k = parents[c] }
        return false
    }
}

/// One evaluator's section timer and call counts.
final class SectionTimer {
    let id: Int
    var timer: SegmentTimer
    var gradientCalls = 0, valueCalls = 0

    init(id: Int, bucketOfOperation: [Int32], sections: Int) {
        self.id = id
        timer = SegmentTimer(bucketOfOperation: bucketOfOperation, bucketCount: sections)
    }
}
