// Stan 2.35's 7-argument wiener_lpdf (sw, st0) and Stan 2.37's wiener_lcdf_unnorm/wiener_lccdf_unnorm (WienerFull).
import StrataAutodiff
import StrataCore

/// The start must stay inside the boundaries over its whole range: 0 < w − sw/2 and w + sw/2 < 1.
private let startRange = FamilyRelation([3, 6]) { x in
    x[3] - 0.5 * x[6] > 0 && x[3] + 0.5 * x[6] < 1 ? nil : (6, "such that w ± sw/2 stays in (0, 1) (w = \(x[3]))")
}

/// Stan's `wiener_lpdf(y | a, t0, w, v, sv, sw, st0)`: the start uniform on [w − sw/2, w + sw/2] and the
/// non-decision time uniform on [t0, t0 + st0] (``WienerFull``); sw = st0 = 0 is the 5-argument density.
public enum Wiener7Family: ScalarFamily, WienerUnnormalisedCDF {
    public static let name = "wiener"
    public static let parameterNames = ["a", "t0", "w", "v", "sv", "sw", "st0"]
    public static let arguments = Wiener5Family.arguments + [
        .real("inter-trial variability of the start", .nonnegativeFinite),
        .real("inter-trial variability of the nondecision time", .nonnegativeFinite),
    ]
    public static let relations = wienerRelations + [startRange]
    public static let terms = [FamilyTerm(0, 1, 2, 3, 4, 5, 6, 7)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { WienerFull.evaluate(.density, x).value }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { WienerFull.evaluate(.density, x).gradient }
}

/// `wiener_lcdf_unnorm`/`wiener_lccdf_unnorm` of a Wiener family: log P(upper boundary, RT ≤ y) and
/// log P(upper boundary, RT > y), not divided by the probability of the upper boundary (``WienerFull``); the
/// arguments the family lacks (sv, sw, st0) are zero.
public protocol WienerUnnormalisedCDF: ScalarCDF {}

public extension WienerUnnormalisedCDF {
    static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { WienerFull.evaluate(.cdf, x) }
    static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { WienerFull.evaluate(.ccdf, x) }
    /// Every relation (y > t0, and the start's range) holds in the CDFs too.
    static var cdfRelations: [Int] { Array(relations.indices) }
}

extension Wiener4Family: WienerUnnormalisedCDF {}

public extension DistributionRegistry {
    /// The 7-argument wiener with a trailing precision, which is checked (positive, for data) and otherwise unused:
    /// the integrals are always computed to a relative error near 1e-11.
    internal static let wiener7Precision = Family(name: "wiener", arguments: Wiener7Family.parameterNames + ["precision"],
                                                  isDiscrete: false) { g, y, a, p in
        checkPrecision(a[7])
        return g.scalarFamilyLogDensity(Wiener7Family.self, [y] + a.dropLast(), propto: p)
    }

    /// Σ `wiener_lcdf_unnorm(y, a, t0, w, v[, sv, sw, st0][, precision])` (or `wiener_lccdf_unnorm` when
    /// `complement`); `arguments` start with the outcome.
    /// - Throws: ``LogDensityError/invalidModel(_:)`` for a number of arguments Stan does not have.
    static func wienerLogCDFUnnormalised(graph: Graph, arguments: [Expr], complement: Bool) throws -> Expr {
        switch arguments.count {
        case 5, 6:
            if arguments.count == 6 { checkPrecision(arguments[5]) }
            return graph.scalarFamilyLogCDF(Wiener4Family.self, Array(arguments.prefix(5)), complement: complement)
        case 8, 9:
            if arguments.count == 9 { checkPrecision(arguments[8]) }
            return graph.scalarFamilyLogCDF(Wiener7Family.self, Array(arguments.prefix(8)), complement: complement)
        default:
            throw LogDensityError.invalidModel("wiener_l\(complement ? "cc" : "c")df_unnorm takes (y, a, t0, w, v), with sv, sw, "
                                               + "st0, and with a trailing precision: 5, 6, 8 or 9 arguments, got \(arguments.count)")
        }
    }

    /// Records a build error for a precision given as data that is not positive and finite.
    private static func checkPrecision(_ precision: Expr) {
        DistributionArguments.checkConstant(precision, family: "wiener", argument: "precision",
                                            requirement: Requirement.positiveFinite.text) { Requirement.positiveFinite.holds($0) }
    }
}
