// The widget model's gradient cost against hand-written Swift and C loops, in one process.
import CDecayReference
import Foundation
import Strata

/// Median over `rounds` of the mean time per call of `body`, run `calls` times per round.
func timePerCall(rounds: Int, calls: Int, _ body: () -> Void) -> Double {
    Spread(CallTimer.rounds(rounds, calls: calls, body)).median
}

/// The C reference (Benchmarks/CReference, -O3 -march=native -ffast-math) on one data set.
struct CReference {
    let n: Int, nMax: Double
    let elapsed: [Double], measured: [Double], inverseSigma: [Double]

    init(_ data: DecayData) {
        n = data.count; nMax = data.nInitialMax
        elapsed = zip(data.tMeasured, data.tInitial).map { $0 - $1 }
        measured = data.nMeasured
        inverseSigma = data.sigmaNMeasured.map { 1 / $0 }
    }

    func logDensity(_ x: [Double], gradient: inout [Double]) -> Double {
        decay_reference_lpg(n, nMax, elapsed, measured, inverseSigma, x, &gradient)
    }

    /// The constrained `N_initial` at the unconstrained point `x` (what the likelihood statement reads).
    func initialAmounts(_ x: [Double]) -> [Double] {
        (0..<n).map { nMax / (1 + exp(-x[1 + $0])) }
    }

    /// The likelihood statement alone (decay_seed.stan's loop), given the constrained `N_initial`.
    func likelihoodPart(logAlpha: Double, initialAmounts: [Double], gradient: inout [Double]) -> Double {
        decay_reference_likelihood_part(n, nMax, elapsed, measured, inverseSigma, logAlpha, initialAmounts, &gradient)
    }

    /// The full log density minus the likelihood statement: the bound transforms' log Jacobians and log nmax terms.
    func transformTerms(_ x: [Double]) -> Double {
        x[0] + (0..<n).reduce(0.0) { sum, i in
            let s = 1 / (1 + exp(-x[1 + i]))
            return sum + log(nMax) + log(s) + log1p(-s)
        }
    }
}

/// Prints ns per widget for the widget model's log density and gradient at each size.
func runGradientBenchmark(sizes: [String]) throws {
    print("Widget model, log density + gradient, ns per widget, median of 7 rounds (best of 2 passes), all at the same point")
    print("C = Benchmarks/CReference compiled with -O3 -march=native -ffast-math (libmvec); Swift = hand-written Swift loop")
    print("N        Swift API  decay.stan  decay_seed  Swift loop        C   API/C  stan/C  seed/C  Swift/C  API/Swift  seed/stan")
    for size in sizes {
        let path = "\(sharedRoot)/data/decay_days_\(size).json"
        let data = try DecayData.load(path: path)
        let model = try DecayModel.build(data)
        let evaluator = model.makeEvaluator()
        let dataSet = try DataSet(contentsOf: URL(fileURLWithPath: path))
        let stanVectorised = try StanModel.compile(path: "\(sharedRoot)/models/decay.stan", data: dataSet).model.makeEvaluator()
        let stanLoop = try StanModel.compile(path: "\(sharedRoot)/models/decay_seed.stan", data: dataSet).model.makeEvaluator()
        let baseline = DecayHandWrittenDensity(data)
        let reference = CReference(data)
        var rng = ChainRNG(seed: 1, chain: 0)
        let x = (0..<model.dimension).map { _ in rng.uniform(-2, 2) }
        var g = [Double](repeating: 0, count: x.count), gc = g
        // Same point, same function: the C reference must agree with the engine before it is timed.
        let lpEngine = try evaluator.logDensityAndGradient(at: x, gradient: &g)
        let lpC = reference.logDensity(x, gradient: &gc)
        let gradientError = zip(g, gc).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0
        guard abs(lpEngine - lpC) <= 1e-8 * max(1, abs(lpEngine)), gradientError <= 1e-8 else {
            print("C reference disagrees with the engine: lp \(lpEngine) vs \(lpC), gradient error \(gradientError)")
            exit(1)
        }
        // The likelihood statement alone must be the full density less the transforms' terms.
        let amounts = reference.initialAmounts(x)
        var gl = g
        let lpLikelihood = reference.likelihoodPart(logAlpha: x[0], initialAmounts: amounts, gradient: &gl)
        let transformTerms = reference.transformTerms(x)
        guard abs(lpC - lpLikelihood - transformTerms) <= 1e-7 * max(1, abs(lpC)) else {
            print("C likelihood part disagrees: \(lpC) - \(lpLikelihood) != \(transformTerms)")
            exit(1)
        }
        var sink = 0.0
        let calls = max(20, 20_000_000 / data.count / 10)
        _ = timePerCall(rounds: 1, calls: calls) { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) }
        _ = timePerCall(rounds: 1, calls: calls) { sink += baseline.logDensity(x, gradient: &g) }
        var engine = Double.infinity, hand = Double.infinity, stan = Double.infinity, seed = Double.infinity, c = Double.infinity
        var cLikelihood = Double.infinity
        for _ in 0..<2 {
            engine = min(engine, timePerCall(rounds: 7, calls: calls) { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) })
            stan = min(stan, timePerCall(rounds: 7, calls: calls) { sink += try! stanVectorised.logDensityAndGradient(at: x, gradient: &g) })
            seed = min(seed, timePerCall(rounds: 7, calls: calls) { sink += try! stanLoop.logDensityAndGradient(at: x, gradient: &g) })
            hand = min(hand, timePerCall(rounds: 7, calls: calls) { sink += baseline.logDensity(x, gradient: &g) })
            c = min(c, timePerCall(rounds: 7, calls: calls) { sink += reference.logDensity(x, gradient: &gc) })
            cLikelihood = min(cLikelihood, timePerCall(rounds: 7, calls: calls) {
                sink += reference.likelihoodPart(logAlpha: x[0], initialAmounts: amounts, gradient: &gl)
            })
        }
        if let before = AllocationCounter.count {
            for _ in 0..<100 { sink += try! evaluator.logDensityAndGradient(at: x, gradient: &g) }
            let per = Double(AllocationCounter.count! - before) / 100
            print("heap allocations per gradient (N = \(data.count)): \(per)")
        }
        let n = Double(data.count)
        print(String(format: "%-8d %9.2f %11.2f %11.2f %11.2f %8.2f %7.2f %7.2f %7.2f %8.2f %10.3f %10.3f", data.count,
                     engine * 1e9 / n, stan * 1e9 / n, seed * 1e9 / n, hand * 1e9 / n, c * 1e9 / n,
                     engine / c, stan / c, seed / c, hand / c, engine / hand, seed / stan))
        print(String(format: "C split (N = %d): likelihood statement alone %.2f ns/widget = %.0f %% of the full C kernel; "
                     + "bounds, Jacobian and chain rule the other %.0f %%", data.count, cLikelihood * 1e9 / n,
                     100 * cLikelihood / c, 100 - 100 * cLikelihood / c))
        if sink.isNaN { print("(NaN)") }
    }
}
