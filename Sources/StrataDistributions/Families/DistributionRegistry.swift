// Maps Stan distribution names to the graph builders, for the Stan front end's `~` and `_lpdf` calls.
import StrataAutodiff
import StrataCore

/// Name-based access to every distribution family, as the Stan front end needs it.
///
/// `y ~ family(args...)` becomes `logDensity(family:..., propto: true)` and
/// `target += family_lpdf(y | args...)` becomes the same call with `propto: false`
/// (`_lupdf`/`_lupmf` also use `propto: true`), matching Stan's semantics.
public enum DistributionRegistry {
    /// One registered family: its Stan name, argument names (after the outcome) and builder.
    public struct Family {
        /// Stan's name, e.g. "student_t".
        public let name: String
        /// Names of the arguments after the outcome, in Stan's order.
        public let arguments: [String]
        /// True for families over integer outcomes (`_lpmf`).
        public let isDiscrete: Bool
        /// Records the density: graph, outcome, arguments, propto, and the outcome's innermost size if known.
        let build: (Graph, Expr, [Expr], Bool, Int?) -> Expr

        init(name: String, arguments: [String], isDiscrete: Bool, build: @escaping (Graph, Expr, [Expr], Bool, Int?) -> Expr) {
            self.name = name; self.arguments = arguments; self.isDiscrete = isDiscrete; self.build = build
        }

        init(name: String, arguments: [String], isDiscrete: Bool, build: @escaping (Graph, Expr, [Expr], Bool) -> Expr) {
            self.init(name: name, arguments: arguments, isDiscrete: isDiscrete) { g, y, a, p, _ in build(g, y, a, p) }
        }

        /// The entry of a ``ScalarFamily``.
        init<F: ScalarFamily>(_ family: F.Type) {
            self.init(name: F.name, arguments: F.parameterNames, isDiscrete: F.isDiscrete) { g, y, a, p in
                g.scalarFamilyLogDensity(F.self, [y] + a, propto: p)
            }
        }
    }

    /// The univariate families built from a ``ScalarFamily`` description (normal has its own fused kernel).
    static let scalarFamilies: [any ScalarFamily.Type] = [
        StudentTFamily.self, CauchyFamily.self, ExponentialFamily.self, GammaFamily.self, InvGammaFamily.self,
        LognormalFamily.self, BetaFamily.self, UniformFamily.self, BernoulliFamily.self, BernoulliLogitFamily.self,
        BinomialFamily.self, BinomialLogitFamily.self, PoissonFamily.self, PoissonLogFamily.self,
        NegBinomialFamily.self, NegBinomial2Family.self, NegBinomial2LogFamily.self, BetaBinomialFamily.self,
        LogisticFamily.self, DoubleExponentialFamily.self, GumbelFamily.self, WeibullFamily.self, FrechetFamily.self,
        RayleighFamily.self, ParetoFamily.self, ParetoType2Family.self, ChiSquareFamily.self, InvChiSquareFamily.self,
        ScaledInvChiSquareFamily.self, SkewNormalFamily.self, ExpModNormalFamily.self, Wiener4Family.self,
        SkewDoubleExponentialFamily.self, LoglogisticFamily.self, YuleSimonFamily.self, BetaNegBinomialFamily.self,
        BetaProportionFamily.self, DiscreteRangeFamily.self, VonMisesFamily.self, HypergeometricFamily.self,
    ]

    /// Further forms of a family that differ in their number of arguments (wiener with sv, sw and st0, and with a precision).
    static let otherArities: [String: [Family]] = {
        let list: [any ScalarFamily.Type] = [Wiener5Family.self, Wiener5PrecisionFamily.self, Wiener7Family.self]
        return Dictionary(grouping: list.map { Family($0) } + [wiener7Precision], by: \.name)
    }()

    /// Every supported family, keyed by Stan name.
    public static let families: [String: Family] = {
        var list: [Family] = [
            Family(name: "normal", arguments: ["mu", "sigma"], isDiscrete: false) { g, y, a, p in g.normalLpdf(y, a[0], a[1], propto: p) },
            Family(name: "std_normal", arguments: [], isDiscrete: false) { g, y, _, p in g.stdNormalLpdf(y, propto: p) },
            Family(name: "multi_normal_cholesky", arguments: ["mu", "L"], isDiscrete: false) { g, y, a, p in
                g.multiNormalCholeskyLpdf(y, a[0], a[1], propto: p) },
            Family(name: "lkj_corr_cholesky", arguments: ["eta"], isDiscrete: false) { g, y, a, p in
                g.lkjCorrCholeskyLpdf(y, a[0], propto: p) },
            Family(name: "multi_normal", arguments: ["mu", "Sigma"], isDiscrete: false) { g, y, a, p in
                g.multiNormalLpdf(y, a[0], a[1], propto: p) },
            Family(name: "multi_normal_prec", arguments: ["mu", "Omega"], isDiscrete: false) { g, y, a, p in
                g.multiNormalPrecLpdf(y, a[0], a[1], propto: p) },
            Family(name: "dirichlet", arguments: ["alpha"], isDiscrete: false) { g, y, a, p, k in
                g.dirichletLpdf(y, a[0], dimension: k, propto: p) },
            Family(name: "categorical", arguments: ["theta"], isDiscrete: true) { g, y, a, p in g.categoricalLpmf(y, a[0], propto: p) },
            Family(name: "categorical_logit", arguments: ["beta"], isDiscrete: true) { g, y, a, p in
                g.categoricalLogitLpmf(y, a[0], propto: p) },
            Family(name: "multinomial", arguments: ["theta"], isDiscrete: true) { g, y, a, p in g.multinomialLpmf(y, a[0], propto: p) },
            Family(name: "multinomial_logit", arguments: ["gamma"], isDiscrete: true) { g, y, a, p in
                g.multinomialLogitLpmf(y, a[0], propto: p) },
            Family(name: "lkj_corr", arguments: ["eta"], isDiscrete: false) { g, y, a, p in g.lkjCorrLpdf(y, a[0], propto: p) },
            Family(name: "lkj_cov", arguments: ["mu", "sigma", "eta"], isDiscrete: false) { g, y, a, p in
                g.lkjCovLpdf(y, a[0], a[1], a[2], propto: p) },
            Family(name: "dirichlet_multinomial", arguments: ["alpha"], isDiscrete: true) { g, y, a, p in
                g.dirichletMultinomialLpmf(y, a[0], propto: p) },
            Family(name: "multi_gp", arguments: ["Sigma", "w"], isDiscrete: false) { g, y, a, p in g.multiGPLpdf(y, a[0], a[1], propto: p) },
            Family(name: "multi_gp_cholesky", arguments: ["L", "w"], isDiscrete: false) { g, y, a, p in
                g.multiGPCholeskyLpdf(y, a[0], a[1], propto: p) },
            Family(name: "multi_student_t", arguments: ["nu", "mu", "Sigma"], isDiscrete: false) { g, y, a, p in
                g.multiStudentTLpdf(y, a[0], a[1], a[2], propto: p) },
            Family(name: "multi_student_t_cholesky", arguments: ["nu", "mu", "L"], isDiscrete: false) { g, y, a, p in
                g.multiStudentTCholeskyLpdf(y, a[0], a[1], a[2], propto: p) },
            Family(name: "wishart", arguments: ["nu", "Sigma"], isDiscrete: false) { g, y, a, p in g.wishartLpdf(y, a[0], a[1], propto: p) },
            Family(name: "inv_wishart", arguments: ["nu", "Sigma"], isDiscrete: false) { g, y, a, p in
                g.invWishartLpdf(y, a[0], a[1], propto: p) },
            Family(name: "wishart_cholesky", arguments: ["nu", "L_S"], isDiscrete: false) { g, y, a, p in
                g.wishartCholeskyLpdf(y, a[0], a[1], propto: p) },
            Family(name: "inv_wishart_cholesky", arguments: ["nu", "L_S"], isDiscrete: false) { g, y, a, p in
                g.invWishartCholeskyLpdf(y, a[0], a[1], propto: p) },
        ]
        list += scalarFamilies.map { Family($0) }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// The Stan names of all supported families, sorted.
    public static var familyNames: [String] { families.keys.sorted() }

    /// Records the log density of `outcome` under `family` in `graph`.
    /// - Parameters:
    ///   - family: Stan's name without suffix ("normal", "poisson_log", ...).
    ///   - graph: the graph to record into.
    ///   - outcome: the variate (for multivariate families, vectors laid end to end; matrices row-major).
    ///   - arguments: the distribution's arguments in Stan's order.
    ///   - propto: drop terms constant in the parameters (`~` and `_lupdf`), or keep all (`_lpdf`).
    ///   - outcomeLength: the size of one outcome vector of a multivariate family (the outcome's innermost size).
    /// - Returns: the scalar log density.
    /// - Throws: ``LogDensityError/invalidModel(_:)`` for an unknown family or a wrong argument count.
    ///   Size and data errors are recorded in the graph and reported by ``Graph/validate()``.
    public static func logDensity(family: String, graph: Graph, outcome: Expr, arguments: [Expr], propto: Bool,
                                  outcomeLength: Int? = nil) throws -> Expr {
        guard let first = families[family] else {
            throw LogDensityError.invalidModel("unknown distribution '\(family)'; supported: \(familyNames.joined(separator: ", "))")
        }
        let forms = [first] + (otherArities[family] ?? [])
        guard let f = forms.first(where: { $0.arguments.count == arguments.count }) else {
            let expected = forms.map { $0.arguments.isEmpty ? "no arguments" : "\($0.arguments.count) (\($0.arguments.joined(separator: ", ")))" }
                .joined(separator: " or ")
            throw LogDensityError.invalidModel("distribution '\(family)' takes \(expected) after the outcome, got \(arguments.count)")
        }
        return f.build(graph, outcome, arguments, propto, outcomeLength)
    }
}
