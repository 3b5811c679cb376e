// The table of built-in (non-distribution) Stan math functions supported by Strata, and known-unsupported ones.

/// Built-in Stan functions known to the checker.
///
/// Signatures follow the Stan Functions Reference; elementwise ("vectorized") unary functions accept any numeric
/// type and return the same shape with int promoted to real.
public enum BuiltinFunctions {
    private static let R = ArgumentPattern.type(.real), I = ArgumentPattern.type(.int)
    private static let V = ArgumentPattern.type(.vector), RV = ArgumentPattern.type(.rowVector)
    private static let M = ArgumentPattern.type(.matrix)
    private static let AR = ArgumentPattern.type(.array(.real)), AI = ArgumentPattern.type(.array(.int))

    /// Elementwise unary functions `f(T) -> T` (int promoted to real).
    static let elementwiseUnary: [String] = [
        "exp", "exp2", "log", "log2", "log10", "log1p", "expm1", "sqrt", "cbrt", "square", "inv", "inv_sqrt", "inv_square",
        "inv_logit", "logit", "log_inv_logit", "log1m_inv_logit", "log1m", "log1m_exp", "log1p_exp", "Phi",
        "Phi_approx", "inv_Phi", "lgamma", "tgamma", "digamma", "trigamma", "sin", "cos", "tan", "asin", "acos",
        "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "floor", "ceil", "round",
        "trunc", "inv_cloglog", "step", "lambert_w0", "lambert_wm1", "std_normal_qf", "std_normal_log_qf",
    ]

    /// Functions that exist in Stan but that Strata does not implement (reported as unsupported features).
    public static let unsupported: Set<String> = [
        "laplace_options",
    ]

    /// Library functions whose arguments must be data (Stan declares them `data`); outside transformed data and
    /// generated quantities a parameter-dependent argument is an error.
    public static let dataOnlyArguments: Set<String> = [
        "to_int", "linspaced_vector", "linspaced_row_vector", "linspaced_array", "linspaced_int_array", "quantile",
        "hmm_hidden_state_prob",
    ]

    /// Functions removed from the Stan language, with what to write instead (Stan 2.33 removed the deprecated
    /// names; stanc3 `test/integration/bad/removed_features`).
    public static let removed: [String: String] = [
        "fabs": "'abs'", "multiply_log": "'lmultiply'", "binomial_coefficient_log": "'lchoose'",
        "get_lp": "'target()'", "increment_log_prob": "'target +='", "if_else": "the conditional operator 'c ? a : b'",
    ]

    /// Overloads by function name.
    public static let signatures: [String: [FunctionSignature]] = build()

    private static func build() -> [String: [FunctionSignature]] {
        var table: [String: [FunctionSignature]] = [:]
        func add(_ names: [String], _ params: [ArgumentPattern], _ returns: ReturnRule?) {
            for name in names { table[name, default: []].append(FunctionSignature(params, returns)) }
        }
        let real = ReturnRule.fixed(.real), int = ReturnRule.fixed(.int)
        let vector = ReturnRule.fixed(.vector), rowVector = ReturnRule.fixed(.rowVector)
        let matrix = ReturnRule.fixed(.matrix)
        add(elementwiseUnary, [.anyNumeric], .promotedArgument(0))
        add(["abs"], [.anyNumeric], .argument(0))
        add(["int_step", "is_inf", "is_nan"], [.scalar], int)
        add(["to_int"], [.scalar], int)
        for depth in 1...8 {
            add(["to_int"], [.type(.array(.real, depth))], .fixed(.array(.int, depth)))
        }
        add(["pi", "e", "sqrt2", "log2", "log10", "not_a_number", "positive_infinity", "negative_infinity",
             "machine_precision", "target"], [], real)
        addVectorizedBinary(to: &table)
        addTupleFunctions(to: &table)
        add(["inc_beta", "inv_inc_beta"], [R, R, R], real)
        add(["hypergeometric_1F0"], [R, R], real)
        add(["hypergeometric_2F1"], [R, R, R, R], real)
        for a in [V, RV, AR] { for b in [V, RV, AR] { add(["hypergeometric_3F2", "hypergeometric_pFq"], [a, b, R], real) } }
        // student_t_qf(p, nu, mu, sigma): each a real or a 1-D container; a vector when any is a container.
        let quantileArguments = [R, AR, V, RV]
        for p in quantileArguments { for nu in quantileArguments { for mu in quantileArguments { for sigma in quantileArguments {
            let all = [p, nu, mu, sigma]
            add(["student_t_qf"], all, all.allSatisfy { $0 == R } ? real : vector)
        } } } }
        // (y, a, t0, w, v), with sv, sw, st0, and with a trailing precision; vectorised like a density's arguments.
        for count in [5, 6, 8, 9] {
            add(["wiener_lcdf_unnorm", "wiener_lccdf_unnorm"], Array(repeating: .reals, count: count), real)
        }
        add(["fma"], [.scalar, .scalar, .scalar], real)
        add(["log_mix"], [.scalar, .scalar, .scalar], real)
        add(["log_mix"], [V, .vectors], real)
        add(["min", "max"], [.type(.int), .type(.int)], int)
        add(["min", "max", "sum", "prod"], [.anyContainer], .intIfAllInt)
        add(["mean", "variance", "sd", "norm1", "norm2"], [.anyContainer], real)
        for container in [V, RV, M, AR] { add(["log_sum_exp"], [container], real) }
        add(["size", "num_elements"], [.anyContainer], int)
        add(["size"], [.scalar], int)
        add(["rows", "cols"], [.type(.vector)], int)
        add(["rows", "cols"], [.type(.rowVector)], int)
        add(["rows", "cols"], [.type(.matrix)], int)
        add(["dims"], [.anyNumeric], .fixed(.array(.int)))
        for base in [BaseType.complex, .complexVector, .complexRowVector, .complexMatrix] {
            for depth in 0...8 { add(["dims"], [.type(StanType(base, arrayDims: depth))], .fixed(.array(.int))) }
        }
        add(["rep_vector"], [R, I], vector)
        add(["rep_row_vector"], [R, I], rowVector)
        add(["rep_matrix"], [R, I, I], matrix)
        add(["rep_matrix"], [V, I], matrix)
        add(["rep_matrix"], [RV, I], matrix)
        add(["rep_array"], [.anyNumeric, I], .repArray)
        add(["rep_array"], [.anyNumeric, I, I], .repArray)
        add(["rep_array"], [.anyNumeric, I, I, I], .repArray)
        add(["zeros_vector", "ones_vector", "uniform_simplex"], [I], vector)
        add(["zeros_row_vector", "ones_row_vector"], [I], rowVector)
        add(["zeros_int_array", "ones_int_array"], [I], .fixed(.array(.int)))
        add(["zeros_array", "ones_array"], [I], .fixed(.array(.real)))
        add(["linspaced_vector"], [I, R, R], vector)
        add(["linspaced_row_vector"], [I, R, R], rowVector)
        add(["linspaced_array"], [I, R, R], .fixed(.array(.real)))
        add(["linspaced_int_array"], [I, I, I], .fixed(.array(.int)))
        add(["one_hot_vector"], [I, I], vector)
        add(["one_hot_int_array"], [I, I], .fixed(.array(.int)))
        add(["identity_matrix"], [I], matrix)
        add(["diag_matrix"], [V], matrix)
        add(["diagonal"], [M], vector)
        add(["add_diag"], [M, .scalar], matrix)
        add(["add_diag"], [M, V], matrix)
        add(["add_diag"], [M, RV], matrix)
        add(["diag_pre_multiply"], [V, M], matrix)
        add(["diag_pre_multiply"], [RV, M], matrix)
        add(["diag_post_multiply"], [M, V], matrix)
        add(["diag_post_multiply"], [M, RV], matrix)
        add(["cholesky_decompose", "inverse", "inverse_spd", "chol2inv", "crossprod", "tcrossprod",
             "multiply_lower_tri_self_transpose"], [M], matrix)
        add(["determinant", "log_determinant", "log_determinant_spd", "trace"], [M], real)
        add(["trace_dot"], [M, M], real)
        for x in [V, RV, AR] {
            add(["quantile"], [x, R], real)
            add(["quantile"], [x, AR], .fixed(.array(.real)))
        }
        add(["mdivide_left_tri_low", "mdivide_left_spd", "mdivide_left"], [M, V], vector)
        add(["mdivide_left_tri_low", "mdivide_left_spd", "mdivide_left"], [M, M], matrix)
        add(["mdivide_right_tri_low", "mdivide_right_spd", "mdivide_right"], [RV, M], rowVector)
        add(["mdivide_right_tri_low", "mdivide_right_spd", "mdivide_right"], [M, M], matrix)
        add(["quad_form", "trace_quad_form"], [M, V], real)
        add(["quad_form"], [M, M], matrix)
        add(["quad_form_diag"], [M, V], matrix)
        add(["quad_form_sym"], [M, V], real)
        add(["eigenvalues_sym"], [M], vector)
        add(["hmm_marginal"], [M, M, V], real)
        add(["hmm_hidden_state_prob"], [M, M, V], matrix)
        add(["hmm_latent_rng"], [M, M, V], .fixed(.array(.int)))
        add(["eigenvectors_sym"], [M], matrix)
        add(["quad_form_sym"], [M, M], matrix)
        add(["dot_product"], [.vectors, .vectors], real)
        add(["dot_product"], [AR, AR], real)
        add(["dot_self"], [.vectors], real)
        for x in [V, RV, M] {
            add(["columns_dot_product"], [x, x], rowVector)
            add(["rows_dot_product"], [x, x], vector)
            add(["columns_dot_self"], [x], rowVector)
            add(["rows_dot_self"], [x], vector)
        }
        add(["softmax", "log_softmax", "cumulative_sum"], [V], vector)
        add(["softmax", "log_softmax"], [RV], rowVector)
        add(["cumulative_sum"], [RV], rowVector)
        add(["cumulative_sum"], [AR], .fixed(.array(.real)))
        add(["cumulative_sum"], [AI], .fixed(.array(.int)))
        // Stan's reshapes take the vector types, matrices and 1-D arrays (2-D arrays for to_matrix), no scalars.
        for source in [V, RV, M, AR] {
            add(["to_vector"], [source], vector)
            add(["to_row_vector"], [source], rowVector)
            add(["to_matrix"], [source, I, I], matrix)
        }
        for source in [V, RV, M, .type(.array(.real, 2)), .type(.array(.rowVector))] {
            add(["to_matrix"], [source], matrix)
        }
        for source in [V, RV, M, AR] { add(["to_matrix"], [source, I, I, I], matrix) }
        for depth in 1...8 { add(["to_array_1d"], [.type(.array(.int, depth))], .fixed(.array(.int))) }
        for container in [V, RV, M] { add(["to_array_1d"], [container], .fixed(.array(.real))) }
        for depth in 1...8 { add(["to_array_1d"], [.type(.array(.real, depth))], .fixed(.array(.real))) }
        add(["to_array_2d"], [M], .fixed(.array(.real, 2)))
        add(["append_row"], [V, V], vector)
        add(["append_row"], [R, V], vector)
        add(["append_row"], [V, R], vector)
        add(["append_row"], [M, M], matrix)
        add(["append_row"], [RV, M], matrix)
        add(["append_row"], [M, RV], matrix)
        add(["append_row"], [RV, RV], matrix)
        add(["append_col"], [RV, RV], rowVector)
        add(["append_col"], [R, RV], rowVector)
        add(["append_col"], [RV, R], rowVector)
        add(["append_col"], [M, M], matrix)
        add(["append_col"], [V, M], matrix)
        add(["append_col"], [M, V], matrix)
        add(["append_col"], [V, V], matrix)
        add(["append_array"], [.anyContainer, .anyContainer], .argument(0))
        add(["head", "tail"], [.anyContainer, I], .argument(0))
        add(["segment"], [.anyContainer, I, I], .argument(0))
        add(["reverse", "sort_asc", "sort_desc"], [.anyContainer], .argument(0))
        add(["sort_indices_asc", "sort_indices_desc"], [.anyContainer], .fixed(.array(.int)))
        add(["rank"], [.anyContainer, I], int)
        add(["block"], [M, I, I, I, I], matrix)
        add(["sub_col"], [M, I, I, I], vector)
        add(["sub_row"], [M, I, I, I], rowVector)
        add(["col"], [M, I], vector)
        add(["row"], [M, I], rowVector)
        add(["symmetrize_from_lower_tri"], [M], matrix)
        add(["transpose"], [V], rowVector)
        add(["transpose"], [RV], vector)
        add(["transpose"], [M], matrix)
        // Gaussian-process covariances of one or two point sets (array[] real or array[] vector); the distance
        // kernels also take one length scale per dimension (array[] real) with vector points.
        let AV = ArgumentPattern.type(.array(.vector))
        add(["cov_exp_quad"], [AR, R, R], matrix)
        add(["cov_exp_quad"], [AR, AR, R, R], matrix)
        for points in [AR, AV] {
            add(["gp_exp_quad_cov", "gp_matern32_cov", "gp_matern52_cov", "gp_exponential_cov"], [points, R, R], matrix)
            add(["gp_exp_quad_cov", "gp_matern32_cov", "gp_matern52_cov", "gp_exponential_cov"], [points, points, R, R], matrix)
            add(["gp_dot_prod_cov"], [points, R], matrix)
            add(["gp_dot_prod_cov"], [points, points, R], matrix)
            add(["gp_periodic_cov"], [points, R, R, R], matrix)
            add(["gp_periodic_cov"], [points, points, R, R, R], matrix)
        }
        add(["gp_exp_quad_cov", "gp_matern32_cov", "gp_matern52_cov", "gp_exponential_cov"], [AV, R, AR], matrix)
        add(["gp_exp_quad_cov", "gp_matern32_cov", "gp_matern52_cov", "gp_exponential_cov"], [AV, AV, R, AR], matrix)
        add(["distance", "squared_distance"], [.vectors, .vectors], real)
        addMatrixFunctions(to: &table)
        table.merge(TransformFunctions.signatures()) { $0 + $1 }
        table.merge(ComplexSignatures.signatures()) { $0 + $1 }
        addDecompositionFunctions(to: &table)  // after the real overloads, which the first match prefers
        return table
    }
}
