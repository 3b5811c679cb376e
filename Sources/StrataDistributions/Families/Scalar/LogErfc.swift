// log erfc(v) and its derivative without underflow, for the skew-normal and exponentially modified normal families.
import Glibc

enum LogErfc {
    /// log erfc(v); past v = 10 from the asymptotic series erfc(v) ≈ e^(−v²)/(v√π) Σ (−1)^k (2k−1)!!/(2v²)^k.
    static func value(_ v: Double) -> Double {
        if v < 10 { return log(erfc(v)) }
        return -v * v - log(v * 1.7724538509055160) + log(series(v))
    }

    /// d/dv log erfc(v) = −2 e^(−v²) / (√π erfc(v)).
    static func derivative(_ v: Double) -> Double {
        if v < 10 { return -1.1283791670955126 * exp(-v * v) / erfc(v) }
        return -2 * v / series(v)
    }

    /// Σ_k (−1)^k (2k−1)!!/(2v²)^k to k = 8 (relative error below 1e-12 for v ≥ 10).
    private static func series(_ v: Double) -> Double {
        let r = 1 / (2 * v * v)
        var term = 1.0, sum = 1.0
        for k in 1...8 {
            term *= -Double(2 * k - 1) * r
            sum += term
        }
        return sum
    }
}
