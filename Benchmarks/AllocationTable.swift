// `strata-bench allocations`: heap allocations per log density and per gradient of every shared program and posterior.
import CStrataAllocationCounter
import Foundation
import Strata

/// The shared programs with the data they are run on (../shared/models with ../shared/data), then every
/// posteriordb posterior in ../shared/posteriordb (model.stan with its data.json).
func allocationPrograms(sharedRoot: String) throws -> [(name: String, model: String, data: String)] {
    let models = "\(sharedRoot)/models", data = "\(sharedRoot)/data"
    var programs: [(name: String, model: String, data: String)] = [
        ("complete_pooling", "complete_pooling", "pooling"), ("no_pooling", "no_pooling", "pooling"),
        ("partial_pooling", "partial_pooling", "partial_pooling"),
        ("eight_schools_centered", "eight_schools_centered", "eight_schools"),
        ("eight_schools_noncentered", "eight_schools_noncentered", "eight_schools"),
        ("decay", "decay", "decay_days_10000"), ("decay_seed", "decay_seed", "decay_days_10000"),
        ("decay_t0_unknown", "decay_t0_unknown", "decay_t0u_days_1000"),
        ("radon_noncentered (85)", "radon_noncentered", "radon_85"),
        ("radon_noncentered (1000)", "radon_noncentered", "radon_1000"),
    ].map { ($0.0, "\(models)/\($0.1).stan", "\(data)/\($0.2).json") }
    let posteriordb = "\(sharedRoot)/posteriordb"
    let folders = try FileManager.default.contentsOfDirectory(atPath: posteriordb).sorted()
    for folder in folders where FileManager.default.fileExists(atPath: "\(posteriordb)/\(folder)/model.stan") {
        programs.append((folder, "\(posteriordb)/\(folder)/model.stan", "\(posteriordb)/\(folder)/data.json"))
    }
    return programs
}

/// Heap allocations per call of `body`: the fewest over three rounds of `calls` calls after one warm-up call (counts
/// are deterministic; the minimum leaves out anything another thread happened to allocate meanwhile).
func allocationsPerCall(calls: Int = 10, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var fewest = Int.max
    for _ in 0..<3 {
        let before = strata_malloc_count()
        for _ in 0..<calls { try body() }
        fewest = min(fewest, strata_malloc_count() - before)
    }
    return Double(fewest) / Double(calls)
}

/// Prints one row per program: unconstrained dimension, allocations per log density and per gradient.
/// `only`: keep the programs whose name contains this text.
func runAllocationTable(sharedRoot: String, only: String? = nil) throws {
    print("Heap allocations per call (malloc/calloc/realloc/aligned, counted in-process), at the first uniform(-2, 2) point (seed 1) with a finite density")
    print("program                                                    dim  log density  gradient  gradient T=2")
    var allocating = 0
    for (name, model, data) in try allocationPrograms(sharedRoot: sharedRoot) where only.map(name.contains) ?? true {
        let row = { (text: String) in print(name.padding(toLength: 56, withPad: " ", startingAt: 0) + " " + text) }
        let evaluator: GraphModelEvaluator, threaded: GraphModelEvaluator
        let dimension: Int
        do {
            let compiled = try StanModel.compile(path: model, data: try DataSet(contentsOf: URL(fileURLWithPath: data)))
            evaluator = compiled.model.makeEvaluator()
            threaded = compiled.model.withThreadsPerChain(2).makeEvaluator()
            dimension = compiled.model.dimension
        } catch {
            row("not compiled: \(error)".split(separator: "\n").first.map(String.init) ?? "")
            continue
        }
        var rng = ChainRNG(seed: 1, chain: 0)
        var gradient = [Double](repeating: 0, count: dimension)
        var point: [Double]?
        for _ in 0..<100 where point == nil {
            let x = (0..<dimension).map { _ in rng.uniform(-2, 2) }
            if let lp = try? evaluator.logDensityAndGradient(at: x, gradient: &gradient), lp.isFinite { point = x }
        }
        guard let x = point else { row("no finite log density at 100 points"); continue }
        let density = try allocationsPerCall { _ = try evaluator.logDensity(at: x) }
        let both = try allocationsPerCall { _ = try evaluator.logDensityAndGradient(at: x, gradient: &gradient) }
        let twoThreads = try allocationsPerCall { _ = try threaded.logDensityAndGradient(at: x, gradient: &gradient) }
        if both > 0 { allocating += 1 }
        row(String(format: "%4d %12.1f %9.1f %13.1f", dimension, density, both, twoThreads))
    }
    print("\(allocating) program(s) allocate per gradient (one thread per chain)")
}
