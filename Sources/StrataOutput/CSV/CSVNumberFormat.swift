// Decimal text for numbers in Stan CSV files: shortest round-trip form or a fixed number of significant digits.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How draw values are printed.
///
/// CmdStan's default (`sig_figs = -1`) prints 6 significant digits, which loses information;
/// ``fullPrecision`` prints the shortest decimal that parses back to the identical `Double`
/// (Swift's `description`), so a write-read round trip is exact.
public enum CSVNumberFormat: Equatable, Sendable {
    /// Shortest representation that round-trips exactly (the default).
    case fullPrecision
    /// `%.Ng`-style output with N significant digits (CmdStan's `sig_figs = N`; 1...18).
    case significantDigits(Int)

    /// The value CmdStan prints for its `sig_figs` setting (-1 stands for full precision here).
    public var sigFigsSetting: Int {
        switch self {
        case .fullPrecision: return -1
        case .significantDigits(let n): return n
        }
    }

    /// Formats one value. Integral values below 1e15 print without a fraction ("3", "-12"); NaN
    /// and infinities print as `nan`, `inf`, `-inf`, which CmdStan's readers accept.
    public func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        switch self {
        case .fullPrecision:
            if x == x.rounded(), abs(x) < 1e15 {
                return x == 0 && x.sign == .minus ? "-0" : String(Int(x))
            }
            return x.description
        case .significantDigits(let n):
            let digits = Int32(min(max(n, 1), 18))
            var buffer = [CChar](repeating: 0, count: 40)
            _ = withVaList([digits, x]) { vsnprintf(&buffer, 40, "%.*g", $0) }
            return String(cString: buffer)
        }
    }
}
