// Small dense-vector kernels (dot, norm, axpy) used by the optimiser; no allocation.

@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            var sum = 0.0
            for i in 0..<pa.count { sum += pa[i] * pb[i] }
            return sum
        }
    }
}

@inline(__always)
func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

/// Writes `out = a - b`.
@inline(__always)
func subtract(_ a: [Double], _ b: [Double], into out: inout [Double]) {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { po in
                for i in 0..<po.count { po[i] = pa[i] - pb[i] }
            }
        }
    }
}

/// Writes `out = x + t * p`.
@inline(__always)
func pointAlong(_ x: [Double], _ t: Double, _ p: [Double], into out: inout [Double]) {
    x.withUnsafeBufferPointer { px in
        p.withUnsafeBufferPointer { pp in
            out.withUnsafeMutableBufferPointer { po in
                for i in 0..<po.count { po[i] = px[i] + t * pp[i] }
            }
        }
    }
}
