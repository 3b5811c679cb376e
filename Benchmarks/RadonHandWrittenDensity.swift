// radon_noncentered.stan's joint log density and gradient written by hand in Swift: the baseline for the engine.
import Foundation
import Strata

/// The unconstrained log density of radon_noncentered.stan (as Stan's `~`, constants dropped; Jacobians of
/// the two `<lower=0>` scales included) and its gradient, in one pass over the observations.
/// x = (mu_a, log sigma_a, alpha_raw[1..J], beta, log sigma_y), the engine's order.
final class RadonHandWrittenDensity {
    let n: Int, groups: Int
    let group: [Int32], x: [Double], y: [Double]
    private var groupAdjoint: [Double]

    init(_ data: DataSet) throws {
        n = try data.int("n"); groups = try data.int("J")
        group = try data.intArray("group", count: n).map { Int32($0 - 1) }
        x = try data.realArray("x", count: n); y = try data.realArray("y", count: n)
        groupAdjoint = [Double](repeating: 0, count: groups)
    }

    var dimension: Int { groups + 4 }

    func logDensity(_ p: [Double], gradient g: inout [Double]) -> Double {
        let J = groups
        let muA = p[0], sigmaA = Foundation.exp(p[1]), beta = p[J + 2], sigmaY = Foundation.exp(p[J + 3])
        let invSigmaY = 1 / sigmaY
        var sumSquares = 0.0, dMu = 0.0, dBeta = 0.0
        groupAdjoint.withUnsafeMutableBufferPointer { ga in
            ga.update(repeating: 0)
            p.withUnsafeBufferPointer { pp in
                let alphaRaw = pp.baseAddress! + 2
                group.withUnsafeBufferPointer { gr in x.withUnsafeBufferPointer { xs in y.withUnsafeBufferPointer { ys in
                    for i in 0..<n {
                        let j = Int(gr[i])
                        let z = (ys[i] - (muA + sigmaA * alphaRaw[j] + beta * xs[i])) * invSigmaY
                        sumSquares += z * z
                        let d = z * invSigmaY             // d lp / d mean_i
                        dMu += d
                        dBeta += d * xs[i]
                        ga[j] += d
                    }
                } } }
            }
        }
        var lp = -0.5 * (muA / 10) * (muA / 10) - 0.5 * (sigmaA / 5) * (sigmaA / 5) + p[1]
            - 0.5 * (beta / 10) * (beta / 10) - 0.5 * (sigmaY / 5) * (sigmaY / 5) + p[J + 3]
            - 0.5 * sumSquares - Double(n) * p[J + 3]
        var dSigmaA = 0.0
        for j in 0..<J {
            let a = p[2 + j]
            lp -= 0.5 * a * a
            dSigmaA += groupAdjoint[j] * a
            g[2 + j] = sigmaA * groupAdjoint[j] - a
        }
        g[0] = dMu - muA / 100
        g[1] = sigmaA * dSigmaA - sigmaA * sigmaA / 25 + 1
        g[J + 2] = dBeta - beta / 100
        g[J + 3] = sumSquares - Double(n) - sigmaY * sigmaY / 25 + 1
        return lp
    }
}
