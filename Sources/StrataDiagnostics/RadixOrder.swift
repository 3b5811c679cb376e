// The ascending order of doubles by a least-significant-digit radix sort on their bit patterns.

/// Sorts doubles (no NaN; infinities are fine) ascending with their input positions, in byte-wise counting passes over an
/// order-preserving integer image of each value (sign bit flipped for positives, all bits for negatives; -0 is
/// taken as +0 so that the two zeros compare equal, as `<` and `==` see them). The passes are stable, so ties
/// keep input order; a byte that is the same in every key is skipped. Allocation: four arrays of the input's length.
enum RadixOrder {
    /// The values ascending and, for each, its position in `values`.
    static func sort(_ values: [Double]) -> (sorted: [Double], positions: [Int32]) {
        let n = values.count
        var keys = [UInt64](repeating: 0, count: n), positions = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 8 * 256)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                let bits = (v[i] + 0.0).bitPattern   // -0 + 0 is +0
                let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
                keys[i] = key
                positions[i] = Int32(i)
                for byte in 0..<8 { counts[byte * 256 + Int((key >> (8 * UInt64(byte))) & 255)] += 1 }
            }
        }
        var otherKeys = keys, otherPositions = positions
        for byte in 0..<8 {
            let base = byte * 256
            // A byte shared by every key leaves the order as it is.
            if n == 0 || counts[base + Int((keys[0] >> (8 * UInt64(byte))) & 255)] == n { continue }
            var start = 0
            for d in 0..<256 { let c = counts[base + d]; counts[base + d] = start; start += c }
            for i in 0..<n {
                let key = keys[i], d = base + Int((key >> (8 * UInt64(byte))) & 255)
                let to = counts[d]
                counts[d] = to + 1
                otherKeys[to] = key
                otherPositions[to] = positions[i]
            }
            swap(&keys, &otherKeys)
            swap(&positions, &otherPositions)
        }
        var sorted = [Double](repeating: 0, count: n)
        for k in 0..<n { sorted[k] = values[Int(positions[k])] }
        return (sorted, positions)
    }
}
