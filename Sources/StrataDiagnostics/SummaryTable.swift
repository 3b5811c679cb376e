// Plain-text table of posterior summaries in the layout of CmdStan's stansummary.

/// Renders `PosteriorSummary` rows as an aligned text table:
///
/// ```
///            Mean      MCSE    StdDev        5%       50%       95%  ESS_bulk  ESS_tail     R_hat
/// mu        4.412  3.31e-02     3.303    -1.007     4.432     9.837      9990      9573     1.000
/// ```
///
/// Moments and quantiles use `digits` significant digits, ESS is rounded to an integer and R-hat
/// has three decimals. The name column is as wide as the longest name.
public enum SummaryTable {
    /// The column titles, in order.
    public static let headers = ["Mean", "MCSE", "StdDev", "5%", "50%", "95%", "ESS_bulk", "ESS_tail", "R_hat"]

    /// Formats the rows as a table, one line per summary plus a header line, each ending in "\n".
    /// - Parameters:
    ///   - summaries: the rows.
    ///   - digits: significant digits for the moment and quantile columns (default 4).
    /// - Returns: the table text.
    public static func format(_ summaries: [PosteriorSummary], digits: Int = 4) -> String {
        let cells = summaries.map { row(of: $0, digits: digits) }
        var widths = headers.map(\.count)
        for line in cells {
            for (k, cell) in line.enumerated() { widths[k] = max(widths[k], cell.count) }
        }
        let nameWidth = summaries.map(\.name.count).max() ?? 0
        var out = pad("", to: nameWidth, left: false)
        for (k, title) in headers.enumerated() { out += "  " + pad(title, to: widths[k], left: true) }
        out += "\n"
        for (summary, line) in zip(summaries, cells) {
            out += pad(summary.name, to: nameWidth, left: false)
            for (k, cell) in line.enumerated() { out += "  " + pad(cell, to: widths[k], left: true) }
            out += "\n"
        }
        return out
    }

    /// The nine formatted cells of one row (without the name), in the order of ``headers``.
    public static func cells(of s: PosteriorSummary, digits: Int = 4) -> [String] { row(of: s, digits: digits) }

    /// The nine formatted cells of one row (without the name).
    static func row(of s: PosteriorSummary, digits: Int) -> [String] {
        func num(_ x: Double) -> String { NumberFormatting.significant(x, digits: digits) }
        func ess(_ x: Double) -> String { x.isFinite ? NumberFormatting.fixed(x, decimals: 0) : "nan" }
        let rhat = s.rHat.isFinite ? NumberFormatting.fixed(s.rHat, decimals: 3) : "nan"
        return [num(s.mean), NumberFormatting.significant(s.mcseMean, digits: 2), num(s.sd), num(s.q5),
                num(s.median), num(s.q95), ess(s.essBulk), ess(s.essTail), rhat]
    }

    /// `text` padded with spaces to `width` (right-aligned when `left` padding is requested).
    static func pad(_ text: String, to width: Int, left: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
