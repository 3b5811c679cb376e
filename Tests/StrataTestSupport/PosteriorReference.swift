// Compares sampler output with a posteriordb reference posterior using MCSE-derived tolerances.
import Foundation
import StrataDiagnostics
import XCTest

/// One variable's reference summary from posteriordb's info.json.
public struct ReferenceParameter {
    public let name: String
    public let mean: Double
    public let sd: Double
    public let mcseMean: Double
}

/// Reference posteriors from ../shared/posteriordb.
public enum PosteriorReference {
    /// Reads `posteriordb/<posterior>/info.json`'s parameter list.
    public static func parameters(_ posterior: String) throws -> [ReferenceParameter] {
        let info = try SharedFiles.json("posteriordb/\(posterior)/info.json") as! [String: Any]
        let params = info["parameters"] as! [[String: Any]]
        return params.map {
            ReferenceParameter(name: $0["name"] as! String, mean: $0["mean"] as! Double, sd: $0["sd"] as! Double,
                               mcseMean: $0["pdb_mcse_mean"] as! Double)
        }
    }

    /// Asserts that draws (chains × iterations per variable, names in posteriordb's `theta[1]`
    /// style) agree with the reference: |mean − ref| ≤ 4·sqrt(mcse² + mcse_ref²), where mcse comes
    /// from the run's own ESS, and sd within `sdTolerance` (relative).
    public static func assertMatches(
        _ posterior: String, draws: (String) -> [[Double]]?, sdTolerance: Double = 0.15,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for ref in try parameters(posterior) {
            guard let d = draws(ref.name) else {
                XCTFail("no draws for \(ref.name)", file: file, line: line); continue
            }
            let summary = try PosteriorSummary(name: ref.name, draws: d)
            let tolerance = 4 * (summary.mcseMean * summary.mcseMean + ref.mcseMean * ref.mcseMean).squareRoot()
            XCTAssertLessThanOrEqual(abs(summary.mean - ref.mean), tolerance,
                                     "\(posterior) \(ref.name): mean \(summary.mean) vs reference \(ref.mean) (ESS \(summary.essBulk))",
                                     file: file, line: line)
            XCTAssertLessThanOrEqual(abs(summary.sd - ref.sd), sdTolerance * ref.sd,
                                     "\(posterior) \(ref.name): sd \(summary.sd) vs reference \(ref.sd)", file: file, line: line)
        }
    }

    /// Converts posteriordb's `theta[3]` to CmdStan's `theta.3`.
    public static func cmdStanName(_ name: String) -> String {
        name.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            .replacingOccurrences(of: ",", with: ".")
    }
}
