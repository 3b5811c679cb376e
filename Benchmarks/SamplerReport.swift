// Table rows, per-setting summary (geometric means of ratios) and the JSON document of the sampler benchmark.
import Foundation
import Strata

/// Printing of ``SamplerMeasurement``s.
enum SamplerReport {
    /// The JSON document.
    struct Document: Encodable {
        var chains: Int, warmup: Int, samples: Int, seed: UInt64, threads: Int
        var measurements: [SamplerMeasurement]
        var ratios: [String: [String: Double]]

        init(configuration c: SamplerConfiguration, measurements: [SamplerMeasurement]) {
            chains = c.chains; warmup = c.warmup; samples = c.samples; seed = c.seed; threads = c.threads
            self.measurements = measurements
            ratios = SamplerReport.geometricMeanRatios(measurements)
        }
    }

    /// `s` padded to 19 characters (`fisher-lowrank:off`).
    static func pad(_ s: String) -> String { s.padding(toLength: max(19, s.count), withPad: " ", startingAt: 0) }

    static func printRow(_ m: SamplerMeasurement, baseline: SamplerMeasurement?) {
        if m.setting == baseline?.setting {
            print("\n\(m.posterior) (d = \(m.dimension))")
            print("  " + pad("setting") + "  wall s  grad/draw  min bulk  min tail  ESS/1k grad   ESS/s  max R-hat  div"
                  + "  ×ESS/grad  ×ESS/s")
        }
        if let error = m.error {
            print("  " + pad(m.setting) + " failed: \(error)")
            return
        }
        let r1 = baseline.map { m.essPer1000Gradients / $0.essPer1000Gradients } ?? .nan
        let r2 = baseline.map { m.essPerSecond / $0.essPerSecond } ?? .nan
        print("  " + pad(m.setting) + String(format: " %7.2f %10.1f %9.0f %9.0f %12.2f %7.1f %10.3f %4d %10.2f %7.2f",
                     m.seconds, m.gradientsPerDraw, m.minBulkESS, m.minTailESS, m.essPer1000Gradients,
                     m.essPerSecond, m.maxRHat, m.divergences, r1, r2))
    }

    /// Per setting: geometric means over posteriors of the ESS-per-gradient and ESS-per-second ratios
    /// to the first setting, and how many posteriors converged (max R-hat < 1.01).
    static func geometricMeanRatios(_ all: [SamplerMeasurement]) -> [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        let baselineName = all.first?.setting
        let baselines = Dictionary(all.filter { $0.setting == baselineName }.map { ($0.posterior, $0) },
                                   uniquingKeysWith: { a, _ in a })
        for setting in Set(all.map(\.setting)) {
            var logGrad = 0.0, logTime = 0.0, n = 0, converged = 0
            for m in all where m.setting == setting && m.error == nil {
                if m.maxRHat < 1.01 { converged += 1 }
                guard let b = baselines[m.posterior], b.error == nil,
                      m.essPer1000Gradients > 0, b.essPer1000Gradients > 0 else { continue }
                logGrad += log(m.essPer1000Gradients / b.essPer1000Gradients)
                logTime += log(m.essPerSecond / b.essPerSecond)
                n += 1
            }
            out[setting] = ["essPerGradientRatio": n > 0 ? exp(logGrad / Double(n)) : .nan,
                            "essPerSecondRatio": n > 0 ? exp(logTime / Double(n)) : .nan,
                            "posteriorsCompared": Double(n), "converged": Double(converged)]
        }
        return out
    }

    static func printSummary(_ all: [SamplerMeasurement], settings: [String]) {
        let ratios = geometricMeanRatios(all)
        let total = Set(all.map(\.posterior)).count
        print("\nGeometric means over posteriors of the ratios to \(settings[0]) (same process):")
        for s in settings {
            guard let r = ratios[s] else { continue }
            print("  " + pad(s) + String(format: " ESS/gradient ×%.2f   ESS/s ×%.2f   converged (R-hat < 1.01) %d of %d",
                         r["essPerGradientRatio"]!, r["essPerSecondRatio"]!, Int(r["converged"]!), total))
        }
    }
}
