// Exact decimal-to-double conversion for the common case (≤ 19 significant digits, |exponent| ≤ 19), 128-bit integer maths.

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

    /// The powers of ten that are exact doubles, 10^0 ... 10^22.
    private static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

    /// `w × 10^e`, correctly rounded, or `nil` if `|e| > 19`.
    ///
    /// When `w ≤ 2^53` and `|e| ≤ 22` both `w` and `10^|e|` are exact doubles, so one IEEE multiplication or
    /// division rounds the exact value correctly (Clinger's fast path); otherwise 128-bit integer maths.
    static func convert(_ w: UInt64, exponent e: Int) -> Double? {
        if w == 0 { return 0 }
        if w <= 1 << 53 && e >= -22 && e <= 22 {
            let x = Double(w)
            return e < 0 ? x / exactPowersOfTen[-e] : x * exactPowersOfTen[e]
        }
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
    /// The decimal number at the start of `[p, p + limit)` (optional sign, digits with an optional fraction,
    /// optional exponent: `-1.5`, `.5`, `3.`, `1e-05`, `+2E+3`) and the number of bytes it spans; the length is 0
    /// when no number starts there, and the value nil when there is none (`nan`, `inf`, `1e`) or it is one of the
    /// rare numbers this exact conversion does not cover (more than 19 significant digits, or a decimal exponent
    /// beyond ±19 with a long mantissa), which the caller converts with `Double(String)`. Reads nothing outside
    /// the range.
    static func number(_ p: UnsafePointer<UInt8>, limit count: Int) -> (value: Double?, length: Int) {
        var i = 0
        var negative = false
        if i < count && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { negative = p[i] == UInt8(ascii: "-"); i += 1 }
        let integerStart = i
        i = digitRunEnd(p, from: i, limit: count)
        let integerDigits = i - integerStart
        var fractionStart = i, fractionDigits = 0
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            fractionStart = i
            i = digitRunEnd(p, from: i, limit: count)
            fractionDigits = i - fractionStart
        }
        if integerDigits + fractionDigits == 0 { return (nil, 0) }
        var exponent = 0
        if i < count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            var k = i + 1
            var expNegative = false
            if k < count && (p[k] == UInt8(ascii: "-") || p[k] == UInt8(ascii: "+")) { expNegative = p[k] == UInt8(ascii: "-"); k += 1 }
            let start = k
            var e = 0
            while k < count && p[k] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(p[k] - 48) }; k += 1 }
            if k == start { return (nil, k) }   // "1e" or "1e+": not a number, and not one that ends before the 'e'
            exponent = expNegative ? -e : e
            i = k
        }
        let magnitude: Double?
        if integerDigits + fractionDigits <= 19 {
            // At most 19 digits: the integer they spell (leading zeros included) is below 10^19 < 2^64.
            let whole = digitsValue(p + integerStart, count: integerDigits)
            let mantissa = whole &* powersOfTen[fractionDigits] &+ digitsValue(p + fractionStart, count: fractionDigits)
            magnitude = convert(mantissa, exponent: exponent - fractionDigits)
        } else {
            magnitude = longMantissa(p + integerStart, integerDigits: integerDigits, fraction: p + fractionStart,
                                     fractionDigits: fractionDigits, exponent: exponent)
        }
        guard let magnitude else { return (nil, i) }
        return (negative ? -magnitude : magnitude, i)
    }

    /// The index of the first byte at or after `start` (and before `limit`) that is not an ASCII digit, eight
    /// bytes at a time where it can: a byte is a digit when it is 0x30 ^ d with d's high nibble 0 and d + 6 < 16.
    @inline(__always)
    private static func digitRunEnd(_ p: UnsafePointer<UInt8>, from start: Int, limit: Int) -> Int {
        var k = start
        #if _endian(little)
        while limit - k >= 8 {
            let d = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
            let notDigit = (d & 0xF0F0_F0F0_F0F0_F0F0)
                | (((d & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010)
            if notDigit != 0 { return k + notDigit.trailingZeroBitCount / 8 }
            k += 8
        }
        #endif
        while k < limit && p[k] &- 48 < 10 { k += 1 }
        return k
    }

    /// The integer spelled by `count` ASCII digits (at most 19), eight at a time where it can.
    @inline(__always)
    private static func digitsValue(_ q: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var value: UInt64 = 0
        var k = 0
        #if _endian(little)
        while count - k >= 8 {
            value = value &* 100_000_000 &+ eightDigits(UnsafeRawPointer(q + k).loadUnaligned(as: UInt64.self))
            k += 8
        }
        #endif
        while k < count { value = value &* 10 &+ UInt64(q[k] &- 48); k += 1 }
        return value
    }

    /// The value of eight ASCII digits loaded little-endian (the first digit in the lowest byte): adjacent
    /// digits are combined into pairs, pairs into fours, fours into the eight-digit number; no lane overflows.
    @inline(__always)
    private static func eightDigits(_ raw: UInt64) -> UInt64 {
        let d = raw &- 0x3030_3030_3030_3030
        let pairs = (d &* 10 &+ (d >> 8)) & 0x00FF_00FF_00FF_00FF
        let fours = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return (fours &* 10_000 &+ (fours >> 32)) & 0xFFFF_FFFF
    }

    /// More than 19 digits: the first 19 significant ones exactly, or `nil` when a later nonzero digit
    /// was dropped.
    private static func longMantissa(_ integer: UnsafePointer<UInt8>, integerDigits: Int, fraction: UnsafePointer<UInt8>,
                                     fractionDigits: Int, exponent: Int) -> Double? {
        var mantissa: UInt64 = 0
        var significant = 0
        var dropped = false
        var decimalExponent = exponent
        func digit(_ c: UInt8, fractional: Bool) {
            let d = UInt64(c - 48)
            if significant < 19 {
                if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ d; significant += 1 }
                if fractional { decimalExponent -= 1 }
            } else {
                if d != 0 { dropped = true }
                if !fractional { decimalExponent += 1 }
            }
        }
        for k in 0..<integerDigits { digit(integer[k], fractional: false) }
        for k in 0..<fractionDigits { digit(fraction[k], fractional: true) }
        return dropped ? nil : convert(mantissa, exponent: decimalExponent)
    }
}
