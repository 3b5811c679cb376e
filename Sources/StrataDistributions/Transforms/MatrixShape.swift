// Shape helpers shared by the matrix transforms: square sizes and triangular index counts.

/// K such that K² = `count`, or nil when `count` is not a perfect square.
func squareSide(_ count: Int) -> Int? {
    if count < 0 { return nil }
    var k = Int(Double(count).squareRoot().rounded())
    while k * k > count { k -= 1 }
    while (k + 1) * (k + 1) <= count { k += 1 }
    return k * k == count ? k : nil
}

/// Numerically stable log(cosh(y)) = |y| + log1p(exp(−2|y|)) − log 2.
@inline(__always) func logCosh(_ y: Double) -> Double {
    let a = Swift.abs(y)
    return a + SpecialLog.log1p(SpecialLog.exp(-2 * a)) - 0.6931471805599453
}

#if canImport(Glibc)
import Glibc
/// Thin namespace so helpers above can call libm without clashing with local names.
enum SpecialLog {
    @inline(__always) static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { Glibc.exp(x) }
}
#endif
