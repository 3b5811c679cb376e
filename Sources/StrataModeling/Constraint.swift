// The constraints a parameter can be declared with, mapped to their transforms.
import StrataAutodiff
import StrataDistributions

/// A parameter's support, as in a Stan declaration.
public enum Constraint {
    /// Unconstrained real values.
    case unconstrained
    /// `<lower=L>`.
    case lower(Bound)
    /// `<lower=L, upper=U>`.
    case bounds(Bound, Bound)
    /// `<upper=U>`.
    case upper(Bound)
    /// `<offset=μ, multiplier=σ>`.
    case offsetMultiplier(Bound, Bound)
    /// `ordered[K]`.
    case ordered
    /// `positive_ordered[K]`.
    case positiveOrdered
    /// `simplex[K]` (Stan's current softmax-of-sum-to-zero transform).
    case simplex
    /// `sum_to_zero_vector[K]`.
    case sumToZero
    /// `unit_vector[K]`.
    case unitVector
    /// `cholesky_factor_corr[K]` (declare with shape [K, K]).
    case choleskyFactorCorr
    /// `cholesky_factor_cov[M, N]`.
    case choleskyFactorCov(rows: Int, columns: Int)
    /// `corr_matrix[K]` (shape [K, K]).
    case corrMatrix
    /// `cov_matrix[K]` (shape [K, K]).
    case covMatrix
    /// `sum_to_zero_matrix[R, C]`.
    case sumToZeroMatrix(rows: Int, columns: Int)
    /// `row_stochastic_matrix[R, C]` (`byRow`) or `column_stochastic_matrix[R, C]`.
    case stochasticMatrix(rows: Int, columns: Int, byRow: Bool)

    /// The transform implementing this constraint in `graph`.
    public func transform(in graph: Graph) -> any ParameterTransform {
        switch self {
        case .unconstrained: return IdentityTransform()
        case let .lower(l): return LowerBoundTransform(lower: l.expression(in: graph))
        case let .bounds(l, u):
            return LowerUpperBoundTransform(lower: l.expression(in: graph), upper: u.expression(in: graph))
        case let .upper(u): return UpperBoundTransform(upper: u.expression(in: graph))
        case let .offsetMultiplier(o, m):
            return OffsetMultiplierTransform(offset: o.expression(in: graph), multiplier: m.expression(in: graph))
        case .ordered: return OrderedTransform()
        case .positiveOrdered: return PositiveOrderedTransform()
        case .simplex: return SimplexTransform()
        case .sumToZero: return SumToZeroTransform()
        case .unitVector: return UnitVectorTransform()
        case .choleskyFactorCorr: return CholeskyFactorCorrTransform()
        case let .choleskyFactorCov(rows, columns): return CholeskyFactorCovTransform(rows: rows, columns: columns)
        case .corrMatrix: return CorrMatrixTransform()
        case .covMatrix: return CovMatrixTransform()
        case let .sumToZeroMatrix(rows, columns): return SumToZeroMatrixTransform(rows: rows, columns: columns)
        case let .stochasticMatrix(rows, columns, byRow):
            return StochasticMatrixTransform(rows: rows, columns: columns, byRow: byRow)
        }
    }
}
