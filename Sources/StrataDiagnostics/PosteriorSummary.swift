// Per-variable posterior summary (moments, quantiles, ESS, R-hat) and its multi-variable builders.

/// Summary of one scalar variable's draws, the row of a CmdStan-style `stansummary` table.
///
/// Codable: non-finite numbers (e.g. NaN R-hat of a constant quantity) are encoded as JSON `null`
/// and decoded back as NaN, so the default `JSONEncoder` never fails on them.
public struct PosteriorSummary: Equatable, Codable, Sendable {
    /// Variable name, e.g. `beta[2]`.
    public var name: String
    /// Pooled mean over all chains.
    public var mean: Double
    /// Monte Carlo standard error of the mean, `sd / sqrt(ess_mean)`.
    public var mcseMean: Double
    /// Pooled standard deviation (n - 1 denominator).
    public var sd: Double
    /// Pooled median.
    public var median: Double
    /// Pooled 5% quantile (type 7).
    public var q5: Double
    /// Pooled 95% quantile (type 7).
    public var q95: Double
    /// Bulk effective sample size.
    public var essBulk: Double
    /// Tail effective sample size.
    public var essTail: Double
    /// Rank-normalised split R-hat (max of bulk and tail).
    public var rHat: Double

    /// Memberwise initialiser.
    public init(name: String, mean: Double, mcseMean: Double, sd: Double, median: Double, q5: Double,
                q95: Double, essBulk: Double, essTail: Double, rHat: Double) {
        self.name = name; self.mean = mean; self.mcseMean = mcseMean; self.sd = sd
        self.median = median; self.q5 = q5; self.q95 = q95
        self.essBulk = essBulk; self.essTail = essTail; self.rHat = rHat
    }

    /// Summarises one variable from `draws[chain][iteration]`.
    /// - Throws: `DiagnosticsError` naming `name` when the chains are missing, empty or ragged.
    public init(name: String, draws: [[Double]]) throws {
        let x = try ChainMatrix(draws, variable: name)
        let finite = x.allFinite
        // One sort gives the quantiles and both rank normalisations (chains of even length, the usual case).
        let ranked = finite ? RankedDraws(x) : nil
        let sorted = ranked?.sorted ?? x.values.sorted()
        // The rank-normalised split chains feed both bulk-ESS and bulk R-hat.
        let splitNormalized = ranked?.normalized.split() ?? (finite ? x.split().rankNormalized() : x)
        self.init(
            name: name,
            mean: Quantiles.mean(x.values),
            mcseMean: MonteCarloStandardError.mean(x),
            sd: Quantiles.standardDeviation(x.values),
            median: finite ? Quantiles.median(sorted: sorted) : .nan,
            q5: finite ? Quantiles.quantile(sorted: sorted, probability: 0.05) : .nan,
            q95: finite ? Quantiles.quantile(sorted: sorted, probability: 0.95) : .nan,
            essBulk: EffectiveSampleSize.bulk(x, splitNormalized: splitNormalized),
            essTail: EffectiveSampleSize.tail(x, sorted: sorted),
            rHat: SplitRHat.rhat(x, splitNormalized: splitNormalized, sorted: sorted,
                                 foldedSplitNormalized: ranked?.foldedNormalized.split()))
    }

    /// Summaries of many variables laid out as `draws[variable][chain][iteration]`.
    /// - Parameters:
    ///   - names: one name per variable.
    ///   - draws: the draws, same order as `names`.
    /// - Throws: `DiagnosticsError` on a count mismatch or a variable with bad chains.
    public static func summarize(names: [String], draws: [[[Double]]]) throws -> [PosteriorSummary] {
        guard names.count == draws.count else {
            throw DiagnosticsError.nameCountMismatch(names: names.count, variables: draws.count)
        }
        return try zip(names, draws).map { try PosteriorSummary(name: $0.0, draws: $0.1) }
    }

    /// Summaries of many variables from sampler-style output `rows[chain][iteration][variable]`
    /// (one row of all variables per draw, as in a Stan CSV file).
    /// - Throws: `DiagnosticsError` when a row has the wrong width or chains are ragged/empty.
    public static func summarize(names: [String], chainRows rows: [[[Double]]]) throws -> [PosteriorSummary] {
        guard !rows.isEmpty else { throw DiagnosticsError.noChains(variable: names.first ?? "x") }
        var result = [PosteriorSummary]()
        result.reserveCapacity(names.count)
        for (v, name) in names.enumerated() {
            var draws = [[Double]]()
            draws.reserveCapacity(rows.count)
            for (c, chain) in rows.enumerated() {
                var column = [Double]()
                column.reserveCapacity(chain.count)
                for (i, row) in chain.enumerated() {
                    guard row.count == names.count else {
                        throw DiagnosticsError.invalidSamplerInput(
                            "chain \(c), draw \(i): row has \(row.count) values for \(names.count) variables")
                    }
                    column.append(row[v])
                }
                draws.append(column)
            }
            result.append(try PosteriorSummary(name: name, draws: draws))
        }
        return result
    }

    private enum CodingKeys: String, CodingKey {
        case name, mean, mcseMean, sd, median, q5, q95, essBulk, essTail, rHat
    }

    /// Decodes a summary; `null` numbers become NaN.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        self.init(name: try c.decode(String.self, forKey: .name), mean: try number(.mean),
                  mcseMean: try number(.mcseMean), sd: try number(.sd), median: try number(.median),
                  q5: try number(.q5), q95: try number(.q95), essBulk: try number(.essBulk),
                  essTail: try number(.essTail), rHat: try number(.rHat))
    }

    /// Encodes a summary; non-finite numbers become `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        let fields: [(CodingKeys, Double)] = [(.mean, mean), (.mcseMean, mcseMean), (.sd, sd),
                                              (.median, median), (.q5, q5), (.q95, q95),
                                              (.essBulk, essBulk), (.essTail, essTail), (.rHat, rHat)]
        for (key, value) in fields {
            if value.isFinite { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
    }

    /// Equality that treats two NaNs in the same field as equal (for round-trip checks).
    public static func == (a: PosteriorSummary, b: PosteriorSummary) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.name == b.name && same(a.mean, b.mean) && same(a.mcseMean, b.mcseMean) && same(a.sd, b.sd)
            && same(a.median, b.median) && same(a.q5, b.q5) && same(a.q95, b.q95)
            && same(a.essBulk, b.essBulk) && same(a.essTail, b.essTail) && same(a.rHat, b.rHat)
    }
}
