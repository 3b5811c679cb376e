// Average ranks with ties (R's rank(ties.method = "average")).

/// Ranking of draws, as used by rank normalisation.
public enum Ranks {
    /// The 1-based rank of each value; tied values share the mean of the ranks they occupy.
    ///
    /// Equivalent to R's `rank(x, ties.method = "average")` and scipy's `rankdata`. Values are
    /// compared with `<` and `==` (so -0 ties with +0), and the input must not contain NaN.
    /// - Parameter values: the values to rank.
    /// - Returns: ranks in the input order.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let (sorted, positions) = RadixOrder.sort(values)
        var ranks = [Double](repeating: 0, count: values.count)
        forEachTie(count: sorted.count, value: { sorted[$0] }) { start, end in
            // Positions start..<end hold ranks start+1 ... end; their mean:
            let shared = Double(start + 1 + end) / 2
            for k in start..<end { ranks[Int(positions[k])] = shared }
        }
        return ranks
    }

    /// Calls `body(start, end)` for each run `start..<end` of equal values in the ascending sequence `value(0)`,
    /// ..., `value(count - 1)`, in order.
    @inline(__always)
    static func forEachTie(count: Int, value: (Int) -> Double, _ body: (Int, Int) -> Void) {
        var start = 0
        while start < count {
            let v = value(start)
            var end = start + 1
            while end < count && value(end) == v { end += 1 }
            body(start, end)
            start = end
        }
    }
}
