// One sort of a variable's pooled draws serving its quantiles, its rank-normalised draws and its folded ones.

/// The pooled draws of one finite variable sorted once, and what the summary derives from that order: the sorted
/// values (quantiles, median), the normal scores of the draws' pooled ranks (bulk ESS and R-hat) and the normal
/// scores of the draws folded about their median (tail R-hat). The folded draws' order comes from merging the two
/// halves of the sorted draws on either side of the median, so it costs no second sort.
///
/// The results equal those of ``ChainMatrix/rankNormalized()`` on the split chains, value for value: splitting a
/// chain of even length only reorders the pooled draws, so every draw keeps its rank. For chains of odd length the
/// split drops each chain's middle draw (other pooled ranks), so ``init(_:)`` returns nil and callers take the
/// general path.
struct RankedDraws {
    /// The draws sorted ascending.
    let sorted: [Double]
    /// Normal scores of the pooled average ranks, same shape as the draws.
    let normalized: ChainMatrix
    /// Normal scores of the pooled average ranks of `|x - median|`, same shape as the draws.
    let foldedNormalized: ChainMatrix

    /// Ranks `x` (all finite); nil when its chains have odd length above one (see the type's discussion).
    init?(_ x: ChainMatrix) {
        guard x.iterations % 2 == 0 || x.iterations == 1 else { return nil }
        let values = x.values, n = values.count
        let (sorted, positions) = RadixOrder.sort(values)
        let scores = NormalScores.shared(count: n)
        normalized = ChainMatrix(values: scores.inInputOrder(count: n) { k in
            (sorted[k], Int(positions[k]))
        }, chains: x.chains, iterations: x.iterations)

        // |x - m| decreases over the sorted draws below the median and increases from it on: merging the two runs
        // (walking down from the median and up from it) lists the folded draws in ascending order.
        let center = Quantiles.median(sorted: sorted)
        var foldedOrder = [Int32](repeating: 0, count: n)
        var down = (sorted.firstIndex { $0 >= center } ?? n) - 1, up = down + 1
        for k in 0..<n {
            let takeDown: Bool
            if down < 0 { takeDown = false } else if up >= n { takeDown = true } else {
                takeDown = abs(sorted[down] - center) <= abs(sorted[up] - center)
            }
            if takeDown { foldedOrder[k] = Int32(down); down -= 1 } else { foldedOrder[k] = Int32(up); up += 1 }
        }
        foldedNormalized = ChainMatrix(values: scores.inInputOrder(count: n) { k in
            let position = Int(foldedOrder[k])
            return (abs(sorted[position] - center), Int(positions[position]))
        }, chains: x.chains, iterations: x.iterations)
        self.sorted = sorted
    }
}

/// `Φ⁻¹((r - 3/8) / (S + 1/4))` for the integer ranks r = 1...S of S pooled draws, computed once per S and shared
/// by every variable of a summary (the same function of the same argument as ``RankNormalization/normalScores(_:offset:)``,
/// so the same values); tied draws' half-integer average ranks are computed as they come.
final class NormalScores: @unchecked Sendable {
    private let table: [Double]
    private let denominator: Double

    private init(count: Int) {
        let c = RankNormalization.blomOffset
        denominator = Double(count) - 2 * c + 1
        let d = denominator
        table = (0..<count).map { NormalQuantile.inverseCDF((Double($0 + 1) - c) / d) }
    }

    private static let cache = SharedLatest<NormalScores>()

    /// The scores for `count` pooled draws (the last table built is kept: a summary's variables share S).
    static func shared(count: Int) -> NormalScores {
        cache.value(fitting: { $0.table.count == count }) { NormalScores(count: count) }
    }

    /// The score of each draw in input order, given the draws in ascending order as `entry(k)` = (the value ranked
    /// by, the draw's index in the input) for k = 0..<count; equal values share the mean of their ranks.
    @inline(__always)
    func inInputOrder(count n: Int, _ entry: (Int) -> (Double, Int)) -> [Double] {
        var scores = [Double](repeating: 0, count: n)
        Ranks.forEachTie(count: n, value: { entry($0).0 }) { start, end in
            let score: Double
            if end == start + 1 { score = table[start] } else {
                let rank = Double(start + 1 + end) / 2
                score = NormalQuantile.inverseCDF((rank - RankNormalization.blomOffset) / denominator)
            }
            for k in start..<end { scores[entry(k).1] = score }
        }
        return scores
    }
}
