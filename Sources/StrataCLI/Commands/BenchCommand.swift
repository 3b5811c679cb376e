// `strata bench`: nanoseconds per log density and per gradient of a Stan program, optionally against another.
import ArgumentParser
import Foundation
import Strata

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a Stan program's log density and gradient (min/median/max over rounds); --compare a second one.")

    @Argument(help: "A Stan program (.stan).") var model: String
    @Option(help: "Data file (CmdStan JSON), shared by both programs.") var data: String?
    @Option(help: "A second Stan program to time on the same data, in the same process.") var compare: String?
    @Option(help: "Constrained values to evaluate at (CmdStan JSON); default: a uniform(-2, 2) point.") var `init`: String?
    @Option(help: "Evaluate at a draw of this Stan CSV (ours or CmdStan's) instead.") var draws: String?
    @Option(help: "Which draw of --draws (1-based; default: the last).") var draw: Int?
    @Option(help: "Evaluate at this unconstrained point instead (a JSON array of numbers, e.g. another engine's).")
    var unconstrained: String?
    @Option(help: "Seed of the default point.") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: "Timing rounds per measurement.") var rounds = 7
    @Option(help: "Seconds per measurement (split over the rounds).") var seconds = 1.0
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(name: .customLong("no-generated-quantities"), help: "Leave the generated quantities block out.") var noGeneratedQuantities = false
    @Flag(help: "Time the program as `strata sample` runs it by default (automatic marginalisation).") var marginalise = false
    @Option(name: .customLong("threads-per-chain"),
            help: "Comma-separated thread counts (e.g. 1,2): time each program with `--threads-per-chain T` too, in this process, rounds interleaved.")
    var threadsPerChain: String?

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1 (got \(rounds))") }
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        _ = try threadCounts()
        if unconstrained != nil && (`init` != nil || draws != nil) {
            throw ValidationError("give --unconstrained, --init or --draws, not more than one")
        }
    }

    /// The `--threads-per-chain` list: nil stands for the plain evaluator (always timed first).
    func threadCounts() throws -> [Int?] {
        guard let threadsPerChain else { return [nil] }
        let counts = threadsPerChain.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--threads-per-chain must list whole numbers >= 1, e.g. 1,2 (got '\(threadsPerChain)')")
        }
        return [nil] + counts
    }

    struct Result: Codable {
        let file: String
        let dimension: Int
        let logDensityNanoseconds: Spread, gradientNanoseconds: Spread
        let allocationsPerGradient: Double?
        /// The point timed, with the log density, gradient and parameter values there (plain evaluator only).
        var at: PointReport? = nil
    }

    func run() throws {
        var results: [Result] = []
        for path in [model] + (compare.map { [$0] } ?? []) {
            let program = try CompiledProgram(path: path, dataPath: data, generatedQuantities: !noGeneratedQuantities,
                                              marginalise: marginalise)
            let x = try unconstrained.map { try program.unconstrainedPoint(path: $0) }
                ?? program.point(initPath: `init`, drawsPath: draws, draw: draw, seed: seed)
            let counts = try threadCounts()
            results += counts.count == 1 ? [try measure(program, at: x, threadsPerChain: nil)]
                                         : try measureInterleaved(program, at: x, threadCounts: counts)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        print("program                       dim   log density ns (min/median/max)    gradient ns (min/median/max)   allocs/grad")
        for r in results {
            func f(_ s: Spread) -> String { String(format: "%10.0f %10.0f %10.0f", s.min, s.median, s.max) }
            print(ProfileFormatter.pad(r.file, 28) + ProfileFormatter.lpad("\(r.dimension)", 5) + "  " + f(r.logDensityNanoseconds)
                  + "  " + f(r.gradientNanoseconds) + ProfileFormatter.lpad(r.allocationsPerGradient.map { String(format: "%.1f", $0) } ?? "-", 13))
        }
        if let plain = results.first, results.count > 1, threadsPerChain != nil {
            for r in results.dropFirst() where r.file.hasPrefix(plain.file + " T=") {
                print(String(format: "%@ / %@: gradient %.3f, log density %.3f (medians: speed-up)", plain.file, r.file,
                             plain.gradientNanoseconds.median / r.gradientNanoseconds.median,
                             plain.logDensityNanoseconds.median / r.logDensityNanoseconds.median))
            }
        } else if results.count == 2 {
            print(String(format: "%@ / %@: gradient %.3f, log density %.3f (medians)", results[0].file, results[1].file,
                         results[0].gradientNanoseconds.median / results[1].gradientNanoseconds.median,
                         results[0].logDensityNanoseconds.median / results[1].logDensityNanoseconds.median))
        }
    }

    /// Timings of the plain evaluator and of `--threads-per-chain` evaluators, their rounds interleaved (round r
    /// of every evaluator, then round r + 1), so that on a shared machine each sees the same load.
    private func measureInterleaved(_ program: CompiledProgram, at x: [Double], threadCounts: [Int?]) throws -> [Result] {
        let (sink, gradient) = BenchBuffers.make(dimension: x.count)
        defer { BenchBuffers.free(sink, gradient) }
        let evaluators = threadCounts.map { program.stan.model.withThreadsPerChain($0).makeEvaluator() }
        let densities = evaluators.map { e in { sink.pointee += try e.logDensity(at: x) } }
        let gradients = evaluators.map { e in { sink.pointee += try e.logDensityAndGradient(at: x, gradient: &gradient.pointee) } }
        let densityCalls = try CallTimer.calls(lasting: seconds / Double(rounds), densities[0])
        let gradientCalls = try CallTimer.calls(lasting: seconds / Double(rounds), gradients[0])
        var d = [[Double]](repeating: [], count: evaluators.count), g = d
        for _ in 0..<rounds {
            for k in evaluators.indices {
                d[k] += try CallTimer.rounds(1, calls: densityCalls, densities[k])
                g[k] += try CallTimer.rounds(1, calls: gradientCalls, gradients[k])
            }
        }
        let allocations = try gradients.map(Self.allocationsPerCall)
        if sink.pointee.isNaN { FileHandle.standardError.write("strata: note: the log density is NaN at this point\n".data(using: .utf8)!) }
        return threadCounts.indices.map { k in
            Result(file: program.fileName + (threadCounts[k].map { " T=\($0)" } ?? ""), dimension: x.count,
                   logDensityNanoseconds: Spread(d[k]).scaled(1e9), gradientNanoseconds: Spread(g[k]).scaled(1e9),
                   allocationsPerGradient: allocations[k])
        }
    }

    /// Heap allocations per call of `call` over 20 calls, or nil when the allocation counter is not preloaded.
    private static func allocationsPerCall(_ call: () throws -> Void) throws -> Double? {
        guard let before = AllocationCounter.count else { return nil }
        for _ in 0..<20 { try call() }
        return Double(AllocationCounter.count! - before) / 20
    }

    /// Log density (forward sweep) and gradient timings of one program.
    private func measure(_ program: CompiledProgram, at x: [Double], threadsPerChain: Int?) throws -> Result {
        let evaluator = program.stan.model.withThreadsPerChain(threadsPerChain).makeEvaluator()
        let (sink, gradient) = BenchBuffers.make(dimension: x.count)
        defer { BenchBuffers.free(sink, gradient) }
        let density = { sink.pointee += try evaluator.logDensity(at: x) }
        let both = { sink.pointee += try evaluator.logDensityAndGradient(at: x, gradient: &gradient.pointee) }
        let densityCalls = try CallTimer.calls(lasting: seconds / Double(rounds), density)
        let gradientCalls = try CallTimer.calls(lasting: seconds / Double(rounds), both)
        let d = try CallTimer.rounds(rounds, calls: densityCalls, density)
        let g = try CallTimer.rounds(rounds, calls: gradientCalls, both)
        let allocations = try Self.allocationsPerCall(both)
        if sink.pointee.isNaN { FileHandle.standardError.write("strata: note: the log density is NaN at this point\n".data(using: .utf8)!) }
        return Result(file: program.fileName + (threadsPerChain.map { " T=\($0)" } ?? ""), dimension: x.count, logDensityNanoseconds: Spread(d).scaled(1e9),
                      gradientNanoseconds: Spread(g).scaled(1e9), allocationsPerGradient: allocations,
                      at: try PointReport(program, at: x))
    }
}

/// The timed closures' running sum and gradient buffer, behind pointers: variables captured by a closure would
/// be boxed and checked for exclusive access on every call, overhead the sampler's calls do not have.
private enum BenchBuffers {
    static func make(dimension: Int) -> (UnsafeMutablePointer<Double>, UnsafeMutablePointer<[Double]>) {
        let sink = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        sink.initialize(to: 0)
        let gradient = UnsafeMutablePointer<[Double]>.allocate(capacity: 1)
        gradient.initialize(to: [Double](repeating: 0, count: dimension))
        return (sink, gradient)
    }

    static func free(_ sink: UnsafeMutablePointer<Double>, _ gradient: UnsafeMutablePointer<[Double]>) {
        sink.deallocate()
        gradient.deinitialize(count: 1)
        gradient.deallocate()
    }
}
