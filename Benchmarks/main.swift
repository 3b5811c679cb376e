// strata-bench: `strata-bench [N...]` times the widget model's gradient against hand-written Swift and C
// loops; `strata-bench radon` times radon_noncentered against a hand-written loop and JAX; `strata-bench allocations [NAME]` counts heap allocations per gradient of every shared program; `strata-bench sampler [options]` compares metric adaptations on a fixed suite of posteriors.
import Foundation
import Strata

/// The shared folder (`STRATA_SHARED`, or `../shared` beside the package).
let sharedRoot = ProcessInfo.processInfo.environment["STRATA_SHARED"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared").path

let args = Array(CommandLine.arguments.dropFirst())
do {
    if args.first == "radon" {
        try RadonBenchmark(arguments: Array(args.dropFirst()), sharedRoot: sharedRoot).run()
    } else if args.first == "allocations" {
        try runAllocationTable(sharedRoot: sharedRoot, only: args.dropFirst().first)
    } else if args.first == "sampler" {
        try SamplerBenchmark(arguments: Array(args.dropFirst()), sharedRoot: sharedRoot).run()
    } else {
        try runGradientBenchmark(sizes: args.isEmpty ? ["1000", "10000", "100000"] : args)
    }
} catch {
    FileHandle.standardError.write("strata-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
