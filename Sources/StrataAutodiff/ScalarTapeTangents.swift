// Forward-mode derivatives through an instruction tape: several tangent directions pushed in one pass.
#if canImport(Glibc)
import Glibc
#endif

extension ScalarTape {
    /// Whether every instruction has a tangent rule (densities and log-sum-exp have none: they end scalar runs of
    /// log densities, not the small vector functions forward mode is used for).
    var supportsTangents: Bool {
        instructions.allSatisfy { ins in ins.code != .normal && ins.code != .logSumExp && ins.code != .sumStart && ins.code != .sumMore }
    }

    /// Tangent directions are pushed eight at a time (one AVX-512 register).
    typealias Lanes = SIMD8<Double>

    /// After ``forward(_:_:probe:)`` has filled `values`: for every instruction, the tangents of its output in
    /// `directions` directions (a multiple of ``Lanes``' width) from those of its inputs, `tangents[o * directions + d]`
    /// for arena offset o and direction d. Constant inputs count as zero (their tangents are not read). The partial
    /// derivatives are those of ``backward(_:_:probe:)``; a sum over two inputs may round differently from the
    /// reverse sweep's.
    func pushTangents(_ values: UnsafeMutablePointer<Double>, _ tangents: UnsafeMutablePointer<Double>, directions: Int) {
        let m = directions, width = Lanes.scalarCount
        precondition(m % width == 0, "tangent directions come in blocks of \(width)")
        @inline(__always) func load(_ p: UnsafeMutablePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
        @inline(__always) func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self) }
        instructions.withUnsafeBufferPointer { tape in
            /// Pushes one (unfused) instruction.
            func push(_ ins: Instruction) {
                let n = Int(ins.count), sa = Int(ins.sa) * m, sb = Int(ins.sb) * m
                let va = values + Int(ins.a), vb = values + Int(ins.b), y = values + Int(ins.out)
                let ta = tangents + Int(ins.a) * m, tb = tangents + Int(ins.b) * m, ty = tangents + Int(ins.out) * m
                let useA = !ins.aConstant, useB = !ins.bConstant
                /// ty[i] = pa · ta[i] + pb · tb[i] over the directions, for the partials (pa, pb) of element i.
                @inline(__always) func combine(_ i: Int, _ pa: Double, _ pb: Double) {
                    let out = ty + i * m, da = ta + i * sa, db = tb + i * sb
                    let la = Lanes(repeating: pa), lb = Lanes(repeating: pb)
                    var d = 0
                    while d < m {
                        switch (useA, useB) {
                        case (true, true): store(la * load(da + d) + lb * load(db + d), out + d)
                        case (true, false): store(la * load(da + d), out + d)
                        case (false, true): store(lb * load(db + d), out + d)
                        case (false, false): store(Lanes(repeating: 0), out + d)
                        }
                        d += width
                    }
                }
                switch ins.code {
                case .add, .add1: for i in 0..<n { combine(i, 1, 1) }
                case .subtract, .subtract1: for i in 0..<n { combine(i, 1, -1) }
                case .multiply, .multiply1: for i in 0..<n { combine(i, vb[i * Int(ins.sb)], va[i * Int(ins.sa)]) }
                case .divide, .divide1:
                    for i in 0..<n {
                        let b = vb[i * Int(ins.sb)]
                        combine(i, 1 / b, -y[i] / b)
                    }
                case .power:
                    for i in 0..<n {
                        let a = va[i * Int(ins.sa)], b = vb[i * Int(ins.sb)]
                        combine(i, b == 0 ? 0 : b * Glibc.pow(a, b - 1), a == 0 ? 0 : y[i] * Glibc.log(a))
                    }
                case .negate, .negate1: for i in 0..<n { combine(i, -1, 0) }
                case .square, .square1: for i in 0..<n { combine(i, 2 * va[i], 0) }
                case .exp: for i in 0..<n { combine(i, y[i], 0) }
                case .copy: for i in 0..<n { combine(i, 1, 0) }
                case .sqrt, .sqrt1: for i in 0..<n { combine(i, 0.5 / y[i], 0) }
                case .log, .log1p, .unary: for i in 0..<n { combine(i, ins.function.derivative(va[i], y[i]), 0) }
                case .normal, .logSumExp, .sumStart, .sumMore: preconditionFailure("no tangent rule (see supportsTangents)")
                case .squaredDifference1, .multiplyAdd1, .squareMultiply1, .addSqrt1: preconditionFailure("fused pairs are split below")
                }
            }
            for ins in tape {
                // A fused pair pushes its two halves in turn.
                if let (first, second) = ins.halves {
                    push(first)
                    push(second)
                } else {
                    push(ins)
                }
            }
        }
    }
}
