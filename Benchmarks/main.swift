// strata-bench: per-gradient cost of the widget model against a hand-written Swift loop, in one process.
import Foundation
import Strata

/// Seconds from a monotonic clock.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median over `rounds` of the mean time per call of `body`, run `calls` times per round.
func timePerCall(rounds: Int, calls: Int, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let t0 = now()
        for _ in 0..<calls { body() }
        samples.append((now() - t0) / Double(calls))
    }
    return samples.sorted()[rounds / 2]
}

let args = CommandLine.arguments.dropFirst()
let sharedRoot = ProcessInfo.processInfo.environment["STRATA_SHARED"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared").path
let sizes = args.isEmpty ? ["1000", "10000", "100000"] : Array(args)

print("Widget model, log density + gradient, median of 7 rounds; ratios against a hand-written Swift loop")
print("N        Swift API ns/widget  decay.stan  decay_seed.stan  hand-written   API/hand  stan/hand  seed/hand  seed/stan")
for size in sizes {
    let data = try DecayData.load(path: "\(sharedRoot)/data/decay_days_\(size).json")
    let model = try DecayModel.build(data)
    let evaluator = model.makeEvaluator()
    let dataSet = try DataSet(contentsOf: URL(fileURLWithPath: "\(sharedRoot)/data/decay_days_\(size).json"))
    let stanVectorised = try StanModel.compile(path: "\(sharedRoot)/models/decay.stan", data: dataSet).model.makeEvaluator()
    let stanLoop = try StanModel.compile(path: "\(sharedRoot)/models/decay_seed.stan", data: dataSet).model.makeEvaluator()
    let baseline = DecayHandWrittenDensity(data)
    var rng = ChainRNG(seed: 1, chain: 0)
    let x = (0..<model.dimension).map { _ in rng.uniform(-2, 2) }
    var g = [Double](repeating: 0, count: x.count)
    var sink = 0.0
    let calls = max(20, 20_000_000 / data.count / 10)
    // Interleave: warm both up, then measure engine, baseline, engine, baseline.
    _ = timePerCall(rounds: 1, calls: calls) { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) }
    _ = timePerCall(rounds: 1, calls: calls) { sink += baseline.logDensity(x, gradient: &g) }
    var engine = Double.infinity, hand = Double.infinity, stan = Double.infinity, seed = Double.infinity
    for _ in 0..<2 {
        engine = min(engine, timePerCall(rounds: 7, calls: calls) { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) })
        stan = min(stan, timePerCall(rounds: 7, calls: calls) { sink += try! stanVectorised.logDensityAndGradient(at: x, gradient: &g) })
        seed = min(seed, timePerCall(rounds: 7, calls: calls) { sink += try! stanLoop.logDensityAndGradient(at: x, gradient: &g) })
        hand = min(hand, timePerCall(rounds: 7, calls: calls) { sink += baseline.logDensity(x, gradient: &g) })
    }
    if let before = AllocationCounter.count {
        for _ in 0..<100 { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) }
        let per = Double(AllocationCounter.count! - before) / 100
        print("heap allocations per gradient (N = \(data.count)): \(per)")
    }
    let n = Double(data.count)
    print(String(format: "%-8d %19.2f %11.2f %16.2f %13.2f %10.3f %10.3f %10.3f %10.3f", data.count, engine * 1e9 / n,
                 stan * 1e9 / n, seed * 1e9 / n, hand * 1e9 / n, engine / hand, stan / hand, seed / hand, seed / stan))
    if sink.isNaN { print("(NaN)") }
}
