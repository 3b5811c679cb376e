// Signatures of Stan's constraint transforms as functions (Stan 2.36+): `*_constrain`, `*_jacobian`, `*_unconstrain`.

/// The built-in transform functions: for each transform of a declared constraint, `T_constrain` maps free values
/// to the constrained set, `T_jacobian` does the same and adds the log Jacobian to the target, and
/// `T_unconstrain` maps back (Stan Functions Reference, "Variable Transformation Functions").
public enum TransformFunctions {
    /// The three suffixes.
    public static let suffixes = ["_constrain", "_jacobian", "_unconstrain"]
    /// Transforms of reals with scalar-or-matching bound arguments: name and number of bounds.
    public static let bounded: [String: Int] = [
        "lower_bound": 1, "upper_bound": 1, "lower_upper_bound": 2, "offset_multiplier": 2,
    ]
    /// Transforms of one vector (lifted over arrays).
    public static let vectorShaped: Set<String> = ["simplex", "ordered", "positive_ordered", "unit_vector", "sum_to_zero"]
    /// Transforms of one matrix (lifted over arrays); `sum_to_zero` has a matrix form too.
    public static let matrixShaped: Set<String> = ["stochastic_column", "stochastic_row", "sum_to_zero"]
    /// Matrix transforms whose free form is a vector and whose constrain takes the matrix sizes as ints.
    public static let factors: [String: Int] = [
        "cholesky_factor_corr": 1, "cholesky_factor_cov": 2, "corr_matrix": 1, "cov_matrix": 1,
    ]

    /// `(transform, suffix)` when `name` is one of these functions.
    public static func split(_ name: String) -> (transform: String, suffix: String)? {
        for suffix in suffixes where name.hasSuffix(suffix) {
            let transform = String(name.dropLast(suffix.count))
            if bounded[transform] != nil || vectorShaped.contains(transform) || matrixShaped.contains(transform)
                || factors[transform] != nil {
                return (transform, suffix)
            }
        }
        return nil
    }

    /// Every overload, keyed by function name.
    static func signatures() -> [String: [FunctionSignature]] {
        var table: [String: [FunctionSignature]] = [:]
        let depths = 0..<8
        func add(_ transform: String, _ suffixes: [String], _ params: [StanType], _ result: StanType) {
            for s in suffixes {
                table[transform + s, default: []].append(FunctionSignature(params.map { .type($0) }, .fixed(result)))
            }
        }
        for (name, bounds) in bounded {
            for depth in depths {
                for base in [BaseType.real, .vector, .rowVector, .matrix] {
                    let t = StanType(base, arrayDims: depth)
                    // Each bound is a real or a container of the value's own type.
                    for mask in 0..<(1 << bounds) {
                        add(name, suffixes, [t] + (0..<bounds).map { mask & (1 << $0) != 0 ? t : .real }, t)
                    }
                }
            }
        }
        for depth in depths {
            let v = StanType(.vector, arrayDims: depth), m = StanType(.matrix, arrayDims: depth)
            for name in vectorShaped { add(name, suffixes, [v], v) }
            for name in matrixShaped { add(name, suffixes, [m], m) }
            for (name, sizes) in factors {
                add(name, ["_constrain", "_jacobian"], [v] + [StanType](repeating: .int, count: sizes), m)
                add(name, ["_unconstrain"], [m], v)
            }
        }
        return table
    }
}
