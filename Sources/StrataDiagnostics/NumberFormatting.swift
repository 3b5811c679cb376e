// Foundation-free fixed-width number formatting for the summary table.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats numbers with a given count of significant digits, like C's `%.*g` but keeping
/// trailing zeros so that columns line up.
public enum NumberFormatting {
    /// `x` with `digits` significant digits: fixed notation for 1e-4 <= |x| < 10^digits,
    /// scientific (`1.23e+07`) otherwise; `nan`, `inf`, `-inf` for non-finite values.
    /// - Parameters:
    ///   - x: the value.
    ///   - digits: significant digits, at least 1.
    public static func significant(_ x: Double, digits: Int) -> String {
        let digits = max(1, digits)
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return digits > 1 ? "0." + String(repeating: "0", count: digits - 1) : "0" }
        var exponent = Int(floor(log10(abs(x))))
        // Rounding can carry into the next decade (9.9996 -> 10.00).
        let scaledCheck = (abs(x) / pow(10, Double(exponent - digits + 1))).rounded()
        if scaledCheck >= pow(10, Double(digits)) { exponent += 1 }
        if exponent < -4 || exponent >= digits {
            let mantissa = x / pow(10, Double(exponent))
            var text = fixed(mantissa, decimals: digits - 1)
            if text.hasPrefix("10") || text.hasPrefix("-10") {  // mantissa rounded up to 10
                exponent += 1
                text = fixed(x / pow(10, Double(exponent)), decimals: digits - 1)
            }
            let sign = exponent < 0 ? "-" : "+"
            let e = abs(exponent)
            return text + "e" + sign + (e < 10 ? "0" : "") + String(e)
        }
        return fixed(x, decimals: max(0, digits - 1 - exponent))
    }

    /// `x` rounded to `decimals` places in fixed notation (|x| * 10^decimals must be below 2^53).
    public static func fixed(_ x: Double, decimals: Int) -> String {
        if !x.isFinite { return significant(x, digits: 1) }
        let decimals = max(0, decimals)
        let scaled = (abs(x) * pow(10, Double(decimals))).rounded()
        guard scaled < 9.0e15 else { return significant(x, digits: 6) }
        var digitsText = String(UInt64(scaled))
        if decimals > 0 {
            if digitsText.count <= decimals {
                digitsText = String(repeating: "0", count: decimals - digitsText.count + 1) + digitsText
            }
            digitsText.insert(".", at: digitsText.index(digitsText.endIndex, offsetBy: -decimals))
        }
        return (x < 0 && scaled != 0 ? "-" : "") + digitsText
    }
}
