// Attributes the forward and reverse time of a Stan program's gradient to its statements (file:line).
import StrataAutodiff
import StrataModeling
import StrataStanModel

/// Where one gradient's time goes, statement by statement.
public struct StatementProfile: Codable, Sendable {
    /// One Stan statement (or parameter declaration, or the bookkeeping outside statements).
    public struct Row: Codable, Sendable {
        /// `file:line`, or `(outside statements)`.
        public let location: String
        /// 1-based line (0 for the bookkeeping row) and the program block.
        public let line: Int, block: String
        /// The statement's text on one line, shortened.
        public let text: String
        /// Nanoseconds per gradient in the forward and in the reverse sweep.
        public let forwardNanoseconds: Double, reverseNanoseconds: Double
        /// Fraction of the profiled gradient time.
        public let share: Double
        /// Graph operations (AD nodes) and elements they process per gradient.
        public let nodes: Int, elements: Int
        /// Nanoseconds per processed element (nil without elements).
        public let nanosecondsPerElement: Double?
        /// Whether some of its operations run their reverse sweep inside the forward one (one pass, fused steps): that
        /// time is in ``forwardNanoseconds``.
        public let reverseInForward: Bool
    }

    /// One graph operation (AD node).
    public struct Operation: Codable, Sendable {
        /// Index in the graph, the operation's type, and the statement it belongs to (`file:line`).
        public let index: Int, kind: String, location: String
        /// Nanoseconds per gradient in the forward and reverse sweep, and elements processed.
        public let forwardNanoseconds: Double, reverseNanoseconds: Double, elements: Int
        /// Whether its reverse sweep runs inside the forward one (``GraphOperation/fusesOwnReverse``), counted as forward.
        public let reverseInForward: Bool
    }

    /// Statements by decreasing cost.
    public let rows: [Row]
    /// The most expensive graph operations (at most 20), by decreasing cost.
    public let operations: [Operation]
    /// Evaluations timed with the profiler, and the file profiled.
    public let evaluations: Int, file: String
    /// Nanoseconds per gradient without the profiler (min/median/max over rounds) and with it.
    public let gradientNanoseconds: Spread, profiledNanoseconds: Double
    /// Share of the profiled time outside model and transformed-parameters statements (parameter transforms
    /// and their Jacobians, generated quantities, bookkeeping).
    public let outsideModelShare: Double
    /// Heap allocations per gradient (nil unless the malloc counter is preloaded).
    public let allocationsPerGradient: Double?
}

/// Times every graph operation of a compiled Stan program and sums the times per source statement.
public enum StatementProfiler {
    /// Profiles `stan` (compiled from `source`, named `file`) at unconstrained point `x`.
    /// - Parameter evaluations: gradients to time (nil: about one second's worth).
    /// - Throws: the model's evaluation errors (e.g. a non-finite log density at `x`).
    public static func run(_ stan: StanModel, source: String, file: String, at x: [Double],
                           evaluations: Int? = nil) throws -> StatementProfile {
        let model = stan.model
        let evaluator = model.makeGraphEvaluator()
        var gradient = [Double](repeating: 0, count: x.count)
        _ = try evaluator.valueAndGradient(at: x, gradient: &gradient)
        let n = try evaluations ?? CallTimer.calls(lasting: 1.0) { _ = try evaluator.valueAndGradient(at: x, gradient: &gradient) }
        let perRound = max(1, n / 5)
        let plain = try CallTimer.rounds(5, calls: perRound) { _ = try evaluator.valueAndGradient(at: x, gradient: &gradient) }
        var allocations: Double?
        if let before = AllocationCounter.count {
            for _ in 0..<20 { _ = try evaluator.valueAndGradient(at: x, gradient: &gradient) }
            allocations = Double(AllocationCounter.count! - before) / 20
        }

        let ops = evaluator.replayedOperations
        var timer = SegmentTimer(bucketOfOperation: (0..<ops.count).map(Int32.init), bucketCount: ops.count)
        for _ in 0..<max(1, n) { _ = try evaluator.valueAndGradient(at: x, gradient: &gradient, probe: &timer) }
        let calls = Double(max(1, timer.reverseSweeps))

        // Group operations by statement tag; index `stan.sources.count` collects untagged work.
        let outside = stan.sources.count
        var forward = [Double](repeating: 0, count: outside + 1), reverse = forward
        var nodes = [Int](repeating: 0, count: outside + 1), elements = nodes
        var fused = [Bool](repeating: false, count: outside + 1)
        // Nodes and elements count what gradients run: not generated quantities, nor nodes a fused one absorbed.
        let runs = evaluator.gradientRunsOperation
        for (k, op) in ops.enumerated() where runs[k] {
            let t = model.graph.operationTags[k]
            let g = t >= 0 ? Int(t) : outside
            forward[g] += timer.forwardNanoseconds[k] / calls
            reverse[g] += timer.reverseNanoseconds[k] / calls
            nodes[g] += 1
            elements[g] += op.elementCount
            fused[g] = fused[g] || op.fusesOwnReverse
        }
        forward[outside] += timer.forwardNanoseconds[timer.outside] / calls
        reverse[outside] += timer.reverseNanoseconds[timer.outside] / calls
        let total = forward.reduce(0, +) + reverse.reduce(0, +)
        var rows: [StatementProfile.Row] = []
        var outsideModel = 0.0
        for g in 0...outside where nodes[g] > 0 || forward[g] + reverse[g] > 0 {
            let cost = forward[g] + reverse[g]
            let src = g < outside ? stan.sources[g] : nil
            if src?.isModelStatement != true { outsideModel += cost }
            let text = src.map { statementText(source, $0) } ?? "(target sum, parameter copy-in, bookkeeping)"
            rows.append(StatementProfile.Row(
                location: src.map { "\(file):\($0.line)" } ?? "(outside statements)", line: src?.line ?? 0,
                block: src?.block ?? "", text: text, forwardNanoseconds: forward[g], reverseNanoseconds: reverse[g],
                share: total > 0 ? cost / total : 0, nodes: nodes[g], elements: elements[g],
                nanosecondsPerElement: elements[g] > 0 ? cost / Double(elements[g]) : nil, reverseInForward: fused[g]))
        }
        rows.sort { $0.forwardNanoseconds + $0.reverseNanoseconds > $1.forwardNanoseconds + $1.reverseNanoseconds }
        let costliest = ops.indices.filter { runs[$0] }.sorted {
            timer.forwardNanoseconds[$0] + timer.reverseNanoseconds[$0] > timer.forwardNanoseconds[$1] + timer.reverseNanoseconds[$1]
        }.prefix(20)
        let operations = costliest.map { k -> StatementProfile.Operation in
            let t = model.graph.operationTags[k]
            return StatementProfile.Operation(
                index: k, kind: String(describing: type(of: ops[k])),
                location: t >= 0 ? "\(file):\(stan.sources[Int(t)].line)" : "(outside statements)",
                forwardNanoseconds: timer.forwardNanoseconds[k] / calls, reverseNanoseconds: timer.reverseNanoseconds[k] / calls,
                elements: ops[k].elementCount, reverseInForward: ops[k].fusesOwnReverse)
        }
        return StatementProfile(rows: rows, operations: operations, evaluations: Int(calls), file: file,
                                gradientNanoseconds: Spread(plain).scaled(1e9), profiledNanoseconds: total,
                                outsideModelShare: total > 0 ? outsideModel / total : 0,
                                allocationsPerGradient: allocations)
    }

    /// The statement's source text on one line with runs of white space collapsed, at most 60 characters.
    static func statementText(_ source: String, _ s: StatementSource) -> String {
        let bytes = Array(source.utf8)
        let lo = min(max(s.startOffset, 0), bytes.count), hi = min(max(s.endOffset, lo), bytes.count)
        let raw = String(decoding: bytes[lo..<hi], as: UTF8.self)
        let collapsed = raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return collapsed.count > 60 ? String(collapsed.prefix(57)) + "..." : collapsed
    }
}
