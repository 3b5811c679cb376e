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
        var order = Array(0..<n)
        order.sort { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start + 1
            let v = values[order[start]]
            while end < n && values[order[end]] == v { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean:
            let shared = Double(start + 1 + end) / 2
            for k in start..<end { ranks[order[k]] = shared }
            start = end
        }
        return ranks
    }
}
