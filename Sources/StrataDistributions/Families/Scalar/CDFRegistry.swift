// Name-based access to the families' log CDFs, for `_lcdf`/`_lccdf`/`_cdf` calls and truncation.
import StrataAutodiff
import StrataCore

public extension DistributionRegistry {
    /// Families with a CDF, keyed by Stan name.
    static let cdfFamilies: [String: any ScalarCDF.Type] = {
        let list: [any ScalarCDF.Type] = [NormalFamily.self, StudentTFamily.self, LognormalFamily.self, ExponentialFamily.self,
                                          CauchyFamily.self, LogisticFamily.self, GumbelFamily.self, DoubleExponentialFamily.self,
                                          WeibullFamily.self, SkewDoubleExponentialFamily.self, LoglogisticFamily.self,
                                          ParetoFamily.self, ParetoType2Family.self, RayleighFamily.self, FrechetFamily.self,
                                          UniformFamily.self, ExpModNormalFamily.self, StdNormalFamily.self, PoissonFamily.self,
                                          NegBinomialFamily.self, NegBinomial2Family.self, BernoulliFamily.self, BinomialFamily.self,
                                          BetaBinomialFamily.self, GammaFamily.self, InvGammaFamily.self, ChiSquareFamily.self,
                                          InvChiSquareFamily.self, ScaledInvChiSquareFamily.self, BetaFamily.self,
                                          BetaProportionFamily.self, SkewNormalFamily.self, YuleSimonFamily.self,
                                          BetaNegBinomialFamily.self, DiscreteRangeFamily.self, VonMisesFamily.self]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// The Stan names of the families with CDFs, sorted.
    static var cdfFamilyNames: [String] { cdfFamilies.keys.sorted() }

    /// Σ log P(Y ≤ y) (or Σ log P(Y > y) when `complement`) under `family`.
    /// - Throws: ``LogDensityError/invalidModel(_:)`` for a family without a CDF or a wrong argument count.
    static func logCDF(family: String, graph: Graph, outcome: Expr, arguments: [Expr], complement: Bool) throws -> Expr {
        guard let f = cdfFamilies[family] else {
            throw LogDensityError.invalidModel("\(family)\(complement ? "_lccdf" : "_lcdf") (Strata has the CDFs of \(cdfFamilyNames.joined(separator: ", ")))")
        }
        guard arguments.count == f.parameterNames.count else {
            throw LogDensityError.invalidModel("distribution '\(family)' takes \(f.parameterNames.count) arguments after the outcome, got \(arguments.count)")
        }
        func build<F: ScalarCDF>(_ family: F.Type) -> Expr { graph.scalarFamilyLogCDF(F.self, [outcome] + arguments, complement: complement) }
        return build(f)
    }
}
