// Small numeric helpers shared by the matrix transforms: square sizes and a stable log cosh.
#if canImport(Glibc)
import Glibc
#endif

/// K such that K² = `count`, or nil when `count` is not a perfect square.
func squareSide(_ count: Int) -> Int? {
    if count < 0 { return nil }
    var k = Int(Double(count).squareRoot().rounded())
    while k * k > count { k -= 1 }
    while (k + 1) * (k + 1) <= count { k += 1 }
    return k * k == count ? k : nil
}

/// log(cosh y) = |y| + log1p(exp(−2|y|)) − log 2, without overflow for large |y|.
@inline(__always) func logCosh(_ y: Double) -> Double {
    let a = Swift.abs(y)
    return a + Glibc.log1p(Glibc.exp(-2 * a)) - 0.6931471805599453
}
