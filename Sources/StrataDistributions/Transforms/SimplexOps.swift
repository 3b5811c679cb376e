// Fused graph operations for the simplex transforms (ILR softmax and stick-breaking) with their log-Jacobians.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// x = softmax(V u) with V the K×(K−1) Helmert basis of the sum-to-zero subspace;
/// output[0..<K] = x, output[K] = Σ log xₖ + ½ log K (set, not added).
struct SimplexILROp: GraphOperation {
    let u: Slot
    let output: Slot
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let y = arena.value(u), x = arena.value(output)
        let k = u.count + 1
        // z = V u written into x, then replaced by softmax(z).
        Helmert.expand(y, into: x, count: k)
        var zmax = -Double.infinity
        for i in 0..<k { zmax = Swift.max(zmax, x[i]) }
        var total = 0.0
        for i in 0..<k { total += Glibc.exp(x[i] - zmax) }
        let r = zmax + Glibc.log(total)
        var logJ = 0.5 * Glibc.log(Double(k))
        for i in 0..<k {
            let logx = x[i] - r
            logJ += logx
            x[i] = Glibc.exp(logx)
        }
        x[k] = logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let x = arena.value(output), gx = arena.adjoint(output), gu = arena.adjoint(u)
        let k = u.count + 1
        let gJ = gx[k]
        var dot = 0.0
        for i in 0..<k { dot += gx[i] * x[i] }
        // d/dz_j of Σ gx_i x_i + gJ Σ log x_i = x_j (gx_j − Σ gx_i x_i) + gJ (1 − K x_j); then gu = Vᵀ gz.
        @inline(__always) func gz(_ j: Int) -> Double { x[j] * (gx[j] - dot) + gJ * (1 - Double(k) * x[j]) }
        Helmert.addTransposed(count: k, into: gu, gz)
    }
}

/// Stan ≤ 2.36 centred stick-breaking: aₖ = uₖ − log(K−1−k) (0-based k), zₖ = logit⁻¹(aₖ),
/// xₖ = sₖ zₖ with sₖ₊₁ = sₖ (1 − zₖ); output[K] = Σ [log sₖ + log zₖ + log(1 − zₖ)] (set, not added).
///
/// The stick is tracked on the log scale (log sₖ₊₁ = log sₖ + log logit⁻¹(−aₖ)), so a piece that
/// takes almost all of the stick never leaves a remainder of exactly 0 (Stan subtracts, which
/// gives log 0 for |u| ≳ 37).
struct SimplexStickBreakingOp: GraphOperation {
    let u: Slot
    let output: Slot
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    @inline(__always) private func shifted(_ y: UnsafeMutablePointer<Double>, _ i: Int, _ km1: Int) -> Double {
        y[i] - Glibc.log(Double(km1 - i))
    }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let y = arena.value(u), x = arena.value(output)
        let km1 = u.count
        var logStick = 0.0
        var logJ = 0.0
        for i in 0..<km1 {
            let a = shifted(y, i, km1)
            let logZ = SpecialFunctions.logInvLogit(a), log1mZ = SpecialFunctions.logInvLogit(-a)
            x[i] = Glibc.exp(logStick + logZ)
            logJ += logStick + logZ + log1mZ
            logStick += log1mZ
        }
        x[km1] = Glibc.exp(logStick)
        x[km1 + 1] = logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let y = arena.value(u), x = arena.value(output), gx = arena.adjoint(output), gu = arena.adjoint(u)
        let km1 = u.count
        let gJ = gx[km1 + 1]
        // log xₖ depends on aₖ through log zₖ (slope 1 − zₖ) and on every earlier aⱼ through log sₖ
        // (slope −zⱼ); log J has slope 1 − 2zⱼ − (K−2−j) zⱼ in aⱼ. `later` = Σₖ₎ⱼ gxₖ xₖ.
        var later = gx[km1] * x[km1]
        for j in stride(from: km1 - 1, through: 0, by: -1) {
            let z = SpecialFunctions.invLogit(shifted(y, j, km1))
            let own = gx[j] * x[j]
            gu[j] += own * (1 - z) - z * later + gJ * (1 - 2 * z - Double(km1 - 1 - j) * z)
            later += own
        }
    }
}
