// Average ranks with ties (R's rank(ties.method = "average")).

/// Ranking of draws, as used by rank normalisation.
public enum Ranks {
    /// The 1-based rank of each value; tied values share the mean of the ranks they occupy.
    ///
    /// Equivalent to R's `rank(x, ties.method = "average")` and scipy's `rankdata`. Values are
    /// compared with `<` and `==`, so the input must not contain NaN.
    /// - Parameter values: the values to rank.
    /// - Returns: ranks in the input order.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let n = values.count
        // Sorting (value, index) pairs avoids indirect comparisons through the values array.
        var pairs = [(value: Double, index: Int)]()
        pairs.reserveCapacity(n)
        for (i, v) in values.enumerated() { pairs.append((v, i)) }
        pairs.sort { $0.value < $1.value }
        var ranks = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start + 1
            let v = pairs[start].value
            while end < n && pairs[end].value == v { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean:
            let shared = Double(start + 1 + end) / 2
            for k in start..<end { ranks[pairs[k].index] = shared }
            start = end
        }
        return ranks
    }
}
