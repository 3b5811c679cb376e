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
        for i in 0..<k { x[i] = 0 }
        var tail = 0.0
        for i in stride(from: k - 1, through: 1, by: -1) {
            let w = y[i - 1] / Double(i * (i + 1)).squareRoot()
            tail += w
            x[i - 1] += tail
            x[i] -= Double(i) * w
        }
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
        var prefix = 0.0
        for i in 1..<k {
            prefix += gz(i - 1)
            gu[i - 1] += (prefix - Double(i) * gz(i)) / Double(i * (i + 1)).squareRoot()
        }
    }
}

/// Stan ≤ 2.36 centred stick-breaking: zₖ = logit⁻¹(uₖ − log(K−1−k)) (0-based k), xₖ = sₖ zₖ,
/// sₖ₊₁ = sₖ − xₖ; output[K] = Σ [log sₖ + log zₖ + log(1 − zₖ)] (set, not added).
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
        var stick = 1.0
        var logJ = 0.0
        for i in 0..<km1 {
            let a = shifted(y, i, km1)
            let z = SpecialFunctions.invLogit(a)
            x[i] = stick * z
            // log z + log(1 − z) = −log1pexp(−a) − log1pexp(a), stable in both tails.
            logJ += Glibc.log(stick) - SpecialFunctions.log1pExp(-a) - SpecialFunctions.log1pExp(a)
            stick -= x[i]
        }
        x[km1] = stick
        x[km1 + 1] = logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let y = arena.value(u), x = arena.value(output), gx = arena.adjoint(output), gu = arena.adjoint(u)
        let km1 = u.count
        let gJ = gx[km1 + 1]
        // Reverse sweep; sₖ is rebuilt from the outputs as sₖ = sₖ₊₁ + xₖ.
        var stick = x[km1]
        var gStick = gx[km1]
        for i in stride(from: km1 - 1, through: 0, by: -1) {
            let a = shifted(y, i, km1)
            let z = SpecialFunctions.invLogit(a)
            let sPrev = stick + x[i]
            // s_{k+1} = s_k (1 − z_k); x_k = s_k z_k; logJ += log s_k + log z_k + log(1 − z_k).
            let gz = gx[i] * sPrev - gStick * sPrev
            gu[i] += gz * z * (1 - z) + gJ * (1 - 2 * z)
            gStick = gStick * (1 - z) + gx[i] * z + gJ / sPrev
            stick = sPrev
        }
    }
}
