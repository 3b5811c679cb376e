// The eight schools models (centred and non-centred) written with the Swift model API.
import StrataAutodiff
import StrataModeling

/// Rubin's eight schools: treatment effects y with known standard errors σ.
public enum EightSchoolsModel {
    /// Non-centred: θ = μ + τ θ̃, θ̃ ~ normal(0, 1); outputs mu, tau, theta_tilde, theta.
    public static func nonCentered(y: [Double], sigma: [Double]) throws -> GraphModel {
        let m = ModelBuilder()
        let mu = m.parameter("mu")
        let tau = m.parameter("tau", .lower(0))
        let thetaTilde = m.parameter("theta_tilde", count: y.count)
        let theta = mu + tau * thetaTilde
        m.output("theta", theta)
        m.sample(mu, .normal(m.data(0), m.data(5)))
        m.sample(tau, .cauchy(m.data(0), m.data(5)))
        m.sample(thetaTilde, .normal(m.data(0), m.data(1)))
        m.sample(m.data(y), .normal(theta, m.data(sigma)))
        return try m.build()
    }

    /// Centred: θ ~ normal(μ, τ) directly (a funnel: expect divergences).
    public static func centered(y: [Double], sigma: [Double]) throws -> GraphModel {
        let m = ModelBuilder()
        let mu = m.parameter("mu")
        let tau = m.parameter("tau", .lower(0))
        let theta = m.parameter("theta", count: y.count)
        m.sample(mu, .normal(m.data(0), m.data(5)))
        m.sample(tau, .cauchy(m.data(0), m.data(5)))
        m.sample(theta, .normal(mu, tau))
        m.sample(m.data(y), .normal(theta, m.data(sigma)))
        return try m.build()
    }
}
