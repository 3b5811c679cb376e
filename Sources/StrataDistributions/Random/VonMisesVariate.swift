// Von Mises draws by Best and Fisher's (1979) wrapped-Cauchy rejection sampler.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public extension ChainRNG {
    /// A von Mises(μ, κ) draw in [(μ mod 2π) − π, (μ mod 2π) + π] (Stan's range): Best and Fisher's (1979) rejection
    /// from a wrapped Cauchy envelope; uniform on the circle for κ below 1e-8, where the density is flat to that order.
    mutating func vonMises(_ mu: Double, _ kappa: Double) -> Double {
        let centre = fmod(mu, 2 * Double.pi)
        if kappa < 1e-8 { return centre + Double.pi * (2 * uniform() - 1) }
        let tau = 1 + (1 + 4 * kappa * kappa).squareRoot()
        let rho = (tau - (2 * tau).squareRoot()) / (2 * kappa)
        let r = (1 + rho * rho) / (2 * rho)
        while true {
            let z = cos(Double.pi * uniform()), f = (1 + r * z) / (r + z), c = kappa * (r - f)
            let u = openUniform()
            if c * (2 - c) - u > 0 || log(c / u) + 1 - c >= 0 {
                let angle = acos(Swift.min(Swift.max(f, -1), 1))
                return uniform() < 0.5 ? centre - angle : centre + angle
            }
        }
    }
}
