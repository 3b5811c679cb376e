// The `_rng` functions of Stan's multivariate and categorical families, on plain numbers.
import StrataCore
import StrataLinearAlgebra
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public extension RandomDraws {
    /// `categorical_rng(theta)`: a 1-based category; `theta` must be a simplex.
    static func categorical(_ theta: [Double], rng: inout ChainRNG) throws -> Double {
        try checkSimplex(theta, "categorical_rng", "theta")
        return Double(rng.categorical(theta) + 1)
    }

    /// `categorical_logit_rng(beta)`: a 1-based category with probabilities softmax(beta).
    static func categoricalLogit(_ beta: [Double], rng: inout ChainRNG) throws -> Double {
        try checkFinite(beta, "categorical_logit_rng", "beta")
        return Double(rng.categorical(softmax(beta)) + 1)
    }

    /// `ordered_logistic_rng(eta, c)`: 1 + the number of cut points the latent logistic draw exceeds.
    static func orderedLogistic(_ eta: Double, _ cuts: [Double], rng: inout ChainRNG) throws -> Double {
        try checkFinite([eta], "ordered_logistic_rng", "eta")
        try checkFinite(cuts, "ordered_logistic_rng", "c")
        for k in 1..<Swift.max(cuts.count, 1) where cuts[k] <= cuts[k - 1] {
            throw RandomArgumentError("ordered_logistic_rng: c is not a valid ordered vector: element \(k + 1) is "
                                      + "\(format(cuts[k])), but must be greater than \(format(cuts[k - 1]))")
        }
        var p = [Double](repeating: 0, count: cuts.count + 1)
        var previous = 1.0
        for (k, c) in cuts.enumerated() {
            let above = 1 / (1 + exp(-(eta - c)))
            p[k] = previous - above
            previous = above
        }
        p[cuts.count] = previous
        return Double(rng.categorical(p.map { Swift.max($0, 0) }) + 1)
    }

    /// `multinomial_rng(theta, N)`: counts of N draws, by successive conditional binomials.
    static func multinomial(_ theta: [Double], _ n: Double, rng: inout ChainRNG, function: String = "multinomial_rng") throws -> [Double] {
        try checkSimplex(theta, function, "theta")
        guard n >= 0, n == n.rounded() else {
            throw RandomArgumentError("\(function): N (argument 2) is \(format(n)), but must be a non-negative integer")
        }
        var counts = [Double](repeating: 0, count: theta.count)
        var remaining = n, mass = 1.0
        for k in 0..<theta.count {
            if remaining <= 0 { break }
            if k == theta.count - 1 { counts[k] = remaining; break }
            let p = mass > 0 ? Swift.min(Swift.max(theta[k] / mass, 0), 1) : 0
            counts[k] = rng.binomial(remaining, p)
            remaining -= counts[k]; mass -= theta[k]
        }
        return counts
    }

    /// `multinomial_logit_rng(gamma, N)`: `multinomial_rng(softmax(gamma), N)`.
    static func multinomialLogit(_ gamma: [Double], _ n: Double, rng: inout ChainRNG) throws -> [Double] {
        try checkFinite(gamma, "multinomial_logit_rng", "gamma")
        return try multinomial(softmax(gamma), n, rng: &rng, function: "multinomial_logit_rng")
    }

    /// `dirichlet_multinomial_rng(alpha, N)`: `multinomial_rng(dirichlet_rng(alpha), N)`.
    static func dirichletMultinomial(_ alpha: [Double], _ n: Double, rng: inout ChainRNG) throws -> [Double] {
        let theta = try dirichlet(alpha, rng: &rng, function: "dirichlet_multinomial_rng")
        return try multinomial(theta, n, rng: &rng, function: "dirichlet_multinomial_rng")
    }

    /// `dirichlet_rng(alpha)`: normalised gamma draws, computed in log space so that tiny shapes keep a valid simplex.
    static func dirichlet(_ alpha: [Double], rng: inout ChainRNG, function: String = "dirichlet_rng") throws -> [Double] {
        for (i, a) in alpha.enumerated() where !(a.isFinite && a > 0) {
            throw RandomArgumentError("\(function): alpha[\(i + 1)] (argument 1) is \(format(a)), but must be positive and finite")
        }
        return softmax(alpha.map { rng.logGamma(shape: $0) })
    }

    /// `multi_normal_cholesky_rng(mu, L)`: mu + L z for K standard normals z (L is K x K, row-major).
    static func multiNormalCholesky(_ mu: [Double], _ l: [Double], rng: inout ChainRNG,
                                    function: String = "multi_normal_cholesky_rng") throws -> [Double] {
        let k = mu.count
        guard l.count == k * k else {
            throw RandomArgumentError("\(function): the covariance factor has \(l.count) elements, but must be \(k) x \(k)")
        }
        try checkFinite(mu, function, "mu")
        let z = (0..<k).map { _ in rng.normal() }
        var out = mu
        for i in 0..<k { for j in 0...i { out[i] += l[i * k + j] * z[j] } }
        return out
    }

    /// `multi_normal_rng(mu, Sigma)`: Sigma must be symmetric positive definite.
    static func multiNormal(_ mu: [Double], _ sigma: [Double], rng: inout ChainRNG) throws -> [Double] {
        let l = try choleskyOfCovariance(sigma, mu.count, "multi_normal_rng")
        return try multiNormalCholesky(mu, l, rng: &rng, function: "multi_normal_rng")
    }

    /// `multi_student_t_rng(nu, mu, Sigma)`: a multi-normal draw scaled by sqrt(nu / chi2(nu)).
    static func multiStudentT(_ nu: Double, _ mu: [Double], _ sigma: [Double], rng: inout ChainRNG) throws -> [Double] {
        try checkDegreesOfFreedom(nu, "multi_student_t_rng")
        let l = try choleskyOfCovariance(sigma, mu.count, "multi_student_t_rng")
        return try multiStudentTCholesky(nu, mu, l, rng: &rng, function: "multi_student_t_rng")
    }

    /// `multi_student_t_cholesky_rng(nu, mu, L)`: mu + sqrt(nu / chi2(nu)) L z.
    static func multiStudentTCholesky(_ nu: Double, _ mu: [Double], _ l: [Double], rng: inout ChainRNG,
                                      function: String = "multi_student_t_cholesky_rng") throws -> [Double] {
        try checkDegreesOfFreedom(nu, function)
        let w = (nu / (2 * rng.gamma(shape: nu / 2))).squareRoot()
        let zero = try multiNormalCholesky([Double](repeating: 0, count: mu.count), l, rng: &rng, function: function)
        return zip(mu, zero).map { $0 + w * $1 }
    }

    private static func checkDegreesOfFreedom(_ nu: Double, _ function: String) throws {
        guard nu.isFinite && nu > 0 else {
            throw RandomArgumentError("\(function): nu (argument 1) is \(format(nu)), but must be positive and finite")
        }
    }

    /// `wishart_rng(nu, S)`: L A Aᵀ Lᵀ with S = L Lᵀ and A the Bartlett factor (chi draws on the diagonal).
    static func wishart(_ nu: Double, _ s: [Double], rng: inout ChainRNG) throws -> [Double] {
        let k = Int(Double(s.count).squareRoot().rounded())
        guard nu.isFinite && nu > Double(k - 1) else {
            throw RandomArgumentError("wishart_rng: nu (argument 1) is \(format(nu)), but must be greater than \(k - 1)")
        }
        let l = try choleskyOfCovariance(s, k, "wishart_rng")
        return bartlett(nu, l, k, &rng)
    }

    /// `inv_wishart_rng(nu, S)`: the inverse of a wishart(nu, S⁻¹) draw.
    static func invWishart(_ nu: Double, _ s: [Double], rng: inout ChainRNG) throws -> [Double] {
        let k = Int(Double(s.count).squareRoot().rounded())
        guard nu.isFinite && nu > Double(k - 1) else {
            throw RandomArgumentError("inv_wishart_rng: nu (argument 1) is \(format(nu)), but must be greater than \(k - 1)")
        }
        _ = try choleskyOfCovariance(s, k, "inv_wishart_rng")
        let sInverse = try Cholesky(Matrix(rows: k, columns: k, elements: s)).inverse()
        let l = try Cholesky(Matrix(rows: k, columns: k, elements: sInverse)).lower.elements
        let w = bartlett(nu, l, k, &rng)
        return try Cholesky(Matrix(rows: k, columns: k, elements: w)).inverse()
    }

    /// `wishart_cholesky_rng(nu, L_S)`: the Cholesky factor L_S A of a wishart(nu, L_S L_Sᵀ) draw (A the Bartlett
    /// factor: lower triangular with a positive diagonal, so the product is the factor itself).
    static func wishartCholesky(_ nu: Double, _ l: [Double], rng: inout ChainRNG) throws -> [Double] {
        let k = try choleskyFactorSize(nu, l, "wishart_cholesky_rng")
        return bartlettFactor(nu, l, k, &rng)
    }

    /// `inv_wishart_cholesky_rng(nu, L_S)`: the Cholesky factor of an inv_wishart(nu, L_S L_Sᵀ) draw.
    static func invWishartCholesky(_ nu: Double, _ l: [Double], rng: inout ChainRNG) throws -> [Double] {
        let k = try choleskyFactorSize(nu, l, "inv_wishart_cholesky_rng")
        var s = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { for m in 0...Swift.min(i, j) { s[i * k + j] += l[i * k + m] * l[j * k + m] } } }
        return try Cholesky(Matrix(rows: k, columns: k, elements: try invWishart(nu, s, rng: &rng))).lower.elements
    }

    /// The size K of a K × K Cholesky factor (lower triangular, positive diagonal) after checking it and nu > K − 1.
    private static func choleskyFactorSize(_ nu: Double, _ l: [Double], _ function: String) throws -> Int {
        let k = Int(Double(l.count).squareRoot().rounded())
        guard k * k == l.count else { throw RandomArgumentError("\(function): the Cholesky factor must be square") }
        guard nu.isFinite && nu > Double(k - 1) else {
            throw RandomArgumentError("\(function): nu (argument 1) is \(format(nu)), but must be greater than \(k - 1)")
        }
        for i in 0..<k {
            guard l[i * k + i] > 0 && l[i * k + i].isFinite else {
                throw RandomArgumentError("\(function): the Cholesky factor's diagonal [\(i + 1), \(i + 1)] is \(format(l[i * k + i])), "
                                          + "but must be positive")
            }
            for j in (i + 1)..<k where l[i * k + j] != 0 {
                throw RandomArgumentError("\(function): the Cholesky factor is not lower triangular: [\(i + 1), \(j + 1)] is "
                                          + "\(format(l[i * k + j]))")
            }
        }
        return k
    }

    private static func bartlett(_ nu: Double, _ l: [Double], _ k: Int, _ rng: inout ChainRNG) -> [Double] {
        let la = bartlettFactor(nu, l, k, &rng)
        var out = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { var t = 0.0; for m in 0...Swift.min(i, j) { t += la[i * k + m] * la[j * k + m] }; out[i * k + j] = t } }
        return out
    }

    /// L A for the lower-triangular L and a Bartlett factor A (chi draws on the diagonal, normals below).
    private static func bartlettFactor(_ nu: Double, _ l: [Double], _ k: Int, _ rng: inout ChainRNG) -> [Double] {
        var a = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            a[i * k + i] = (2 * rng.gamma(shape: (nu - Double(i)) / 2)).squareRoot()
            for j in 0..<i { a[i * k + j] = rng.normal() }
        }
        var la = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0...i { var t = 0.0; for m in j...i { t += l[i * k + m] * a[m * k + j] }; la[i * k + j] = t } }
        return la
    }

    private static func softmax(_ x: [Double]) -> [Double] {
        let m = x.max() ?? 0
        let e = x.map { exp($0 - m) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    private static func checkFinite(_ x: [Double], _ function: String, _ argument: String) throws {
        for (i, v) in x.enumerated() where !v.isFinite {
            let element = x.count == 1 ? "" : "[\(i + 1)]"
            throw RandomArgumentError("\(function): \(argument)\(element) is \(format(v)), but must be finite")
        }
    }

    private static func checkSimplex(_ theta: [Double], _ function: String, _ argument: String) throws {
        for (i, v) in theta.enumerated() where !(v >= 0) {
            throw RandomArgumentError("\(function): \(argument) is not a valid simplex: \(argument)[\(i + 1)] is \(format(v)), but must be >= 0")
        }
        let total = theta.reduce(0, +)
        guard Swift.abs(total - 1) <= 1e-8 else {
            throw RandomArgumentError("\(function): \(argument) is not a valid simplex: its sum is \(total), but must be 1")
        }
    }

    private static func choleskyOfCovariance(_ sigma: [Double], _ k: Int, _ function: String) throws -> [Double] {
        guard sigma.count == k * k else {
            throw RandomArgumentError("\(function): the covariance matrix has \(sigma.count) elements, but must be \(k) x \(k)")
        }
        for i in 0..<k { for j in 0..<i where Swift.abs(sigma[i * k + j] - sigma[j * k + i]) > 1e-8 * Swift.max(1, Swift.abs(sigma[i * k + j])) {
            throw RandomArgumentError("\(function): the covariance matrix is not symmetric: [\(i + 1), \(j + 1)] is "
                                      + "\(format(sigma[i * k + j])), but [\(j + 1), \(i + 1)] is \(format(sigma[j * k + i]))")
        } }
        do {
            return try Cholesky(Matrix(rows: k, columns: k, elements: sigma)).lower.elements
        } catch {
            throw RandomArgumentError("\(function): the covariance matrix is not positive definite")
        }
    }
}

extension Cholesky {
    /// A⁻¹ for A = L Lᵀ, column by column.
    func inverse() throws -> [Double] {
        let k = dimension
        var out = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            var e = [Double](repeating: 0, count: k); e[j] = 1
            let column = solve(e)
            for i in 0..<k { out[i * k + j] = column[i] }
        }
        return out
    }
}
