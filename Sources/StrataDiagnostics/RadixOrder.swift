// The ascending order of doubles by a least-significant-digit radix sort on their bit patterns.

/// Sorts doubles (no NaN; infinities are fine) ascending with their input positions, in byte-wise counting passes over an
/// order-preserving integer image of each value (sign bit flipped for positives, all bits for negatives; -0 is
/// taken as +0 so that the two zeros compare equal, as `<` and `==` see them). The passes are stable, so ties
/// keep input order; a byte that is the same in every key is skipped. Allocation: the results, plus scratch for two
/// key arrays and one position array of the input's length.
enum RadixOrder {
    /// The values ascending and, for each, its position in `values`.
    static func sort(_ values: [Double]) -> (sorted: [Double], positions: [Int32]) {
        let n = values.count
        guard n > 0 else { return ([], []) }
        // The keys and their scatter target in one allocation; 8 histograms of 256 counts.
        let keyBuffer = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 8 * 256)
        defer { keyBuffer.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0, count: 8 * 256)
        var keys = keyBuffer, otherKeys = keyBuffer + n
        var positions = [Int32](unsafeUninitializedCapacity: n) { p, c in
            for i in 0..<n { p[i] = Int32(i) }
            c = n
        }
        var otherPositions = positions
        values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                let bits = (v[i] + 0.0).bitPattern   // -0 + 0 is +0
                let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
                keys[i] = key
                for byte in 0..<8 { counts[byte &* 256 &+ Int(truncatingIfNeeded: (key >> (8 &* UInt64(byte))) & 255)] &+= 1 }
            }
        }
        positions.withUnsafeMutableBufferPointer { first in
            otherPositions.withUnsafeMutableBufferPointer { second in
                var from = first.baseAddress!, to = second.baseAddress!
                var swapped = false
                for byte in 0..<8 {
                    let histogram = counts + byte * 256
                    let shift = 8 * UInt64(byte)
                    // A byte shared by every key leaves the order as it is.
                    if histogram[Int((keys[0] >> shift) & 255)] == n { continue }
                    var start = 0
                    for d in 0..<256 { let c = histogram[d]; histogram[d] = start; start &+= c }
                    for i in 0..<n {
                        let key = keys[i], d = Int(truncatingIfNeeded: (key >> shift) & 255)
                        let slot = histogram[d]
                        histogram[d] = slot &+ 1
                        otherKeys[slot] = key
                        to[slot] = from[i]
                    }
                    swap(&keys, &otherKeys)
                    swap(&from, &to)
                    swapped.toggle()
                }
                // The result lives in `first` when an even number of passes ran.
                if swapped { first.baseAddress!.update(from: second.baseAddress!, count: n) }
            }
        }
        let sorted = values.withUnsafeBufferPointer { v in
            positions.withUnsafeBufferPointer { order in
                [Double](unsafeUninitializedCapacity: n) { p, c in
                    for k in 0..<n { p[k] = v[Int(order[k])] }
                    c = n
                }
            }
        }
        return (sorted, positions)
    }
}
