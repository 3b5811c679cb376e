// `strata-bench radon`: radon_noncentered's gradient against a hand-written Swift loop and JAX, same point, one run.
import Foundation
import Strata

/// Times radon_noncentered.stan's gradient on one data set: the engine on the full joint density
/// (`--marginalise off`, like for like), the engine on the marginal density (`alpha_raw` integrated out, what
/// `strata sample` runs by default), the hand-written Swift loop, and JAX's jitted value_and_grad (run from the
/// peers' virtual environment, single-threaded). Every system is checked to agree with the engine at the point.
struct RadonBenchmark {
    let dataPath: String
    let python: String?
    let seconds: Double

    init(arguments: [String], sharedRoot: String) throws {
        var data = "\(sharedRoot)/data/radon_1000.json"
        var python: String? = "/work/peers-venv/bin/python"
        var seconds = 1.0
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            func value() throws -> String {
                guard i + 1 < arguments.count else { throw BenchmarkError("\(a) needs a value") }
                i += 1; return arguments[i]
            }
            switch a {
            case "--data": data = try value()
            case "--python": python = try value()
            case "--no-jax": python = nil
            case "--seconds": guard let s = Double(try value()), s > 0 else { throw BenchmarkError("--seconds must be positive") }; seconds = s
            default: throw BenchmarkError("unknown option \(a) (radon [--data FILE] [--python PATH | --no-jax] [--seconds S])")
            }
            i += 1
        }
        dataPath = data; self.python = python; self.seconds = seconds
    }

    func run() throws {
        let data = try DataSet(contentsOf: URL(fileURLWithPath: dataPath))
        let program = "\(sharedRoot)/models/radon_noncentered.stan"
        let joint = try StanModel.compile(path: program, data: data).model.makeEvaluator()
        let marginalModel = try StanModel.compile(path: program, data: data, marginalise: true).model
        let marginal = marginalModel.makeEvaluator()
        let hand = try RadonHandWrittenDensity(data)
        var rng = ChainRNG(seed: 1, chain: 0)
        let x = (0..<hand.dimension).map { _ in rng.uniform(-1, 1) }
        let xMarginal = (0..<marginalModel.dimension).map { _ in rng.uniform(-1, 1) }
        var g = [Double](repeating: 0, count: x.count), gh = g, gm = xMarginal
        let lpEngine = try joint.logDensityAndGradient(at: x, gradient: &g)
        let lpHand = hand.logDensity(x, gradient: &gh)
        try Self.agree("hand-written loop", lpEngine, g, lpHand, gh)
        var sink = 0.0
        let calls = max(5, Int(seconds * 1e9 / 7 / 2e6))
        func time(_ body: () throws -> Void) rethrows -> Spread { Spread(try CallTimer.rounds(7, calls: calls, body)) }
        _ = try time { sink += try joint.logDensityAndGradient(at: x, gradient: &g) }
        let engine = try time { sink += try joint.logDensityAndGradient(at: x, gradient: &g) }
        let loop = time { sink += hand.logDensity(x, gradient: &gh) }
        let engineMarginal = try time { sink += try marginal.logDensityAndGradient(at: xMarginal, gradient: &gm) }
        let engineAgain = try time { sink += try joint.logDensityAndGradient(at: x, gradient: &g) }
        let loopAgain = time { sink += hand.logDensity(x, gradient: &gh) }
        var jax: Spread?
        if let python { jax = try runJAX(python: python, point: x, lp: lpEngine, gradient: g) }
        let n = Double(hand.n)
        print("radon_noncentered.stan on \(URL(fileURLWithPath: dataPath).lastPathComponent): \(hand.n) observations, "
              + "\(hand.groups) groups; ns per gradient (min/median/max of 7 rounds), ns per observation (median)")
        func row(_ name: String, _ s: Spread) {
            print(String(format: "%-44@ %11.0f %11.0f %11.0f %8.2f", name as NSString, s.min * 1e9, s.median * 1e9, s.max * 1e9,
                         s.median * 1e9 / n))
        }
        row("engine, full joint (--marginalise off)", engine)
        row("hand-written Swift loop", loop)
        row("engine, alpha_raw integrated out (auto)", engineMarginal)
        row("engine, full joint, again", engineAgain)
        row("hand-written Swift loop, again", loopAgain)
        if let jax { row("JAX jit(value_and_grad), 1 thread", jax) }
        print(String(format: "engine / hand-written loop: %.2f and %.2f (medians, two passes)",
                     engine.median / loop.median, engineAgain.median / loopAgain.median))
        if let jax {
            print(String(format: "JAX / engine: %.2f (full joint), %.2f (marginal)", jax.median / engine.median,
                         jax.median / engineMarginal.median))
        }
        if sink.isNaN { print("(NaN)") }
    }

    /// Fails unless `lp`/`grad` match the engine's to 1e-8 (relative).
    static func agree(_ who: String, _ lp0: Double, _ g0: [Double], _ lp: Double, _ g: [Double]) throws {
        let lpError = abs(lp - lp0) / max(1, abs(lp0))
        let gradientError = zip(g0, g).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0
        guard g.count == g0.count, lpError <= 1e-8, gradientError <= 1e-8 else {
            throw BenchmarkError("\(who) disagrees with the engine: lp \(lp) vs \(lp0), gradient error \(gradientError)")
        }
    }

    /// Runs Benchmarks/Peers/radon_jax.py at `point` and returns its seconds per call, after checking its result.
    func runJAX(python: String, point: [Double], lp: Double, gradient: [Double]) throws -> Spread {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-radon-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pointURL = dir.appendingPathComponent("point.json")
        try JSONEncoder().encode(point).write(to: pointURL)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/radon_jax.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, dataPath, pointURL.path, "\(seconds)"]
        var environment = ProcessInfo.processInfo.environment
        environment["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
        environment["JAX_PLATFORMS"] = "cpu"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("\(script.path) exited with \(process.terminationStatus)") }
        struct Result: Decodable { let lp: Double; let gradient: [Double]; let seconds: [Double] }
        let r = try JSONDecoder().decode(Result.self, from: bytes)
        try Self.agree("JAX", lp, gradient, r.lp, r.gradient)
        return Spread(r.seconds)
    }
}
