// The radioactive-widget data set of the seed lecture (CmdStan JSON: decay*.json in ../shared/data).
import Foundation

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
    public static func load(path: String) throws -> DecayData {
        let name = (path as NSString).lastPathComponent
        guard let raw = FileManager.default.contents(atPath: path) else { throw DecayDataError("\(path): cannot read file") }
        guard let obj = try? JSONSerialization.jsonObject(with: raw) as? [String: Any] else {
            throw DecayDataError("\(name): not a JSON object")
        }
        func vector(_ key: String) throws -> [Double] {
            guard let v = obj[key] else { throw DecayDataError("\(name): missing variable '\(key)'") }
            guard let a = v as? [NSNumber] else { throw DecayDataError("\(name): variable '\(key)': expected an array of numbers") }
            return a.map(\.doubleValue)
        }
        guard let nMax = (obj["N_initial_max"] as? NSNumber)?.doubleValue else {
            throw DecayDataError("\(name): missing or non-numeric variable 'N_initial_max'")
        }
        let data = try DecayData(tInitial: vector("t_initial"), tMeasured: vector("t_measured"),
                                 nMeasured: vector("N_measured"), sigmaNMeasured: vector("sigma_N_measured"),
                                 nInitialMax: nMax, source: name)
        if let declared = (obj["N_widgets"] as? NSNumber)?.intValue, declared != data.count {
            throw DecayDataError("\(name): variable 'N_widgets' is \(declared) but 't_initial' has \(data.count) elements")
        }
        return data
    }
}

/// A problem with a decay data set.
public struct DecayDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
