// The radioactive-widget data set of the seed lecture (CmdStan JSON: decay*.json in ../shared/data).
import Foundation
import StrataOutput

/// Measurements of `count` widgets: manufacture and measurement times, measured amounts and their
/// uncertainties, and the maximum initial amount.
public struct DecayData: Sendable {
    public let tInitial: [Double]
    public let tMeasured: [Double]
    public let nMeasured: [Double]
    public let sigmaNMeasured: [Double]
    public let nInitialMax: Double

    /// Number of widgets.
    public var count: Int { tInitial.count }

    /// Creates a data set, checking sizes and values.
    /// - Throws: ``DecayDataError`` naming the offending variable.
    public init(tInitial: [Double], tMeasured: [Double], nMeasured: [Double], sigmaNMeasured: [Double],
                nInitialMax: Double, source: String = "data") throws {
        let n = tInitial.count
        for (name, v) in [("t_measured", tMeasured), ("N_measured", nMeasured), ("sigma_N_measured", sigmaNMeasured)]
        where v.count != n {
            throw DecayDataError("\(source): variable '\(name)': expected \(n) elements (N_widgets), found \(v.count)")
        }
        for (name, v) in [("t_initial", tInitial), ("t_measured", tMeasured), ("N_measured", nMeasured),
                          ("sigma_N_measured", sigmaNMeasured)] {
            if let i = v.firstIndex(where: { !$0.isFinite }) {
                throw DecayDataError("\(source): variable '\(name)[\(i + 1)]' is \(v[i]); expected a finite number")
            }
        }
        if let i = sigmaNMeasured.firstIndex(where: { $0 <= 0 }) {
            throw DecayDataError("\(source): variable 'sigma_N_measured[\(i + 1)]' is \(sigmaNMeasured[i]); expected > 0")
        }
        guard nInitialMax.isFinite && nInitialMax > 0 else {
            throw DecayDataError("\(source): variable 'N_initial_max' is \(nInitialMax); expected a finite number > 0")
        }
        self.tInitial = tInitial; self.tMeasured = tMeasured; self.nMeasured = nMeasured
        self.sigmaNMeasured = sigmaNMeasured; self.nInitialMax = nInitialMax
    }

    /// Loads a CmdStan JSON file with the variables of decay.stan.
    /// - Throws: ``StrataOutput/DataError`` or ``DecayDataError`` naming the file and variable.
    public static func load(path: String) throws -> DecayData {
        let data = try DataSet(contentsOf: URL(fileURLWithPath: path))
        let name = (path as NSString).lastPathComponent
        let n = try data.int("N_widgets")
        guard n >= 1 else { throw DecayDataError("\(name): variable 'N_widgets' is \(n); expected >= 1") }
        return try DecayData(tInitial: data.realArray("t_initial", count: n),
                             tMeasured: data.realArray("t_measured", count: n),
                             nMeasured: data.realArray("N_measured", count: n),
                             sigmaNMeasured: data.realArray("sigma_N_measured", count: n),
                             nInitialMax: data.real("N_initial_max"), source: name)
    }
}

/// A problem with a decay data set.
public struct DecayDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
