// Exact decimal-to-double conversion for the common case (≤ 19 significant digits, |exponent| ≤ 19), 128-bit integer maths.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded conversion of `w × 10^e` to `Double` without `strtod`, for `w < 2^64` and
/// `|e| ≤ 19` (which covers the 16–17 digit numbers that Python, R and Swift print).
///
/// For `e ≥ 0` the product `w · 10^e` is formed exactly in 128 bits; for `e < 0`, `w · 2^s` is
/// divided by `10^-e` with a 128-by-64-bit division, keeping a sticky bit for the remainder. The
/// 128-bit integer is then rounded to 53 bits, half to even, as IEEE 754 requires. Results stay
/// between 1e-19 and 2^128, so they are never subnormal or infinite. Returns `nil` outside the
/// handled range so the caller can fall back to `strtod`.
enum DecimalToDouble {
    private static let powersOfTen: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...19 { p.append(p.last! * 10) }
        return p
    }()

    /// `w × 10^e`, correctly rounded, or `nil` if `|e| > 19`.
    static func convert(_ w: UInt64, exponent e: Int) -> Double? {
        if w == 0 { return 0 }
        if e >= 0 {
            guard e <= 19 else { return nil }
            let (hi, lo) = w.multipliedFullWidth(by: powersOfTen[e])
            return round(hi: hi, lo: lo, sticky: false, binaryExponent: 0)
        }
        guard e >= -19 else { return nil }
        let d = powersOfTen[-e]
        let a = 64 - w.leadingZeroBitCount, b = 64 - d.leadingZeroBitCount
        var s = 64 + b - a  // makes the quotient at least 2^63
        var (hi, lo) = shiftLeft(w, by: s)
        if hi >= d {  // quotient would not fit in 64 bits: use one bit less
            s -= 1
            (hi, lo) = shiftLeft(w, by: s)
        }
        let (q, r) = d.dividingFullWidth((high: hi, low: lo))
        return round(hi: 0, lo: q, sticky: r != 0, binaryExponent: -s)
    }

    /// `w << s` as a 128-bit (high, low) pair, for 0 ≤ s < 128.
    private static func shiftLeft(_ w: UInt64, by s: Int) -> (UInt64, UInt64) {
        if s == 0 { return (0, w) }
        if s < 64 { return (w >> (64 - s), w << s) }
        return (w << (s - 64), 0)
    }

    /// Rounds the integer `hi·2^64 + lo` (plus a sticky bit for discarded lower digits) to the
    /// nearest double, ties to even, and scales by `2^binaryExponent`.
    private static func round(hi: UInt64, lo: UInt64, sticky: Bool, binaryExponent: Int) -> Double {
        let length = hi != 0 ? 128 - hi.leadingZeroBitCount : 64 - lo.leadingZeroBitCount
        // Callers pass either an exact integer (sticky false) or a quotient of at least 63 bits,
        // so a value of 53 bits or fewer is always exact.
        if length <= 53 { return Double(sign: .plus, exponent: binaryExponent, significand: Double(lo)) }
        let shift = length - 53
        var keep: UInt64
        var roundBit = false
        var lowerSticky = sticky
        if shift < 64 {
            keep = (lo >> shift) | (hi << (64 - shift))
            roundBit = (lo >> (shift - 1)) & 1 == 1
            if shift > 1 { lowerSticky = lowerSticky || lo & ((1 << (shift - 1)) - 1) != 0 }
        } else if shift == 64 {
            keep = hi
            roundBit = lo >> 63 == 1
            lowerSticky = lowerSticky || lo & ((1 << 63) - 1) != 0
        } else {
            let h = shift - 64
            keep = hi >> h
            roundBit = (hi >> (h - 1)) & 1 == 1
            lowerSticky = lowerSticky || lo != 0 || (h > 1 && hi & ((1 << (h - 1)) - 1) != 0)
        }
        var exponent = binaryExponent + shift
        if roundBit && (lowerSticky || keep & 1 == 1) {
            keep += 1
            if keep == 1 << 53 { keep >>= 1; exponent += 1 }
        }
        return Double(sign: .plus, exponent: exponent, significand: Double(keep))
    }
}

extension DecimalToDouble {
    /// Parses the whole byte range `[p, p + count)` as a decimal number: optional sign, digits
    /// with an optional fraction, optional exponent (`-1.5`, `.5`, `3.`, `1e-05`, `+2E+3`).
    /// Returns `nil` if the range is anything else (including `nan`/`inf`, left to the caller).
    /// The bytes after the range must not continue the number (a delimiter or NUL follows), since
    /// the rare fallback to `strtod` reads up to the first non-numeric byte.
    static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        var i = 0
        var negative = false
        if i < count && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { negative = p[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var dropped = false
        var exponent = 0
        var digits = 0
        var fractional = false
        while i < count {
            let c = p[i]
            if c >= 48 && c <= 57 {
                digits += 1
                let d = UInt64(c - 48)
                if significant < 19 {
                    if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ d; significant += 1 }
                    if fractional { exponent -= 1 }
                } else {
                    if d != 0 { dropped = true }
                    if !fractional { exponent += 1 }
                }
            } else if c == UInt8(ascii: ".") && !fractional {
                fractional = true
            } else {
                break
            }
            i += 1
        }
        if digits == 0 { return nil }
        if i < count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < count && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { expNegative = p[i] == UInt8(ascii: "-"); i += 1 }
            let start = i
            var e = 0
            while i < count && p[i] >= 48 && p[i] <= 57 { if e < 100_000 { e = e * 10 + Int(p[i] - 48) }; i += 1 }
            if i == start { return nil }
            exponent += expNegative ? -e : e
        }
        if i != count { return nil }
        if !dropped, let magnitude = convert(mantissa, exponent: exponent) { return negative ? -magnitude : magnitude }
        return p.withMemoryRebound(to: CChar.self, capacity: count) { strtod($0, nil) }
    }
}
