// The limited-memory inverse Hessian: a ring of (s, y) pairs and the two-loop recursion.

/// A limited-memory BFGS approximation of the inverse Hessian of a function being minimised.
///
/// Keeps the last `capacity` pairs `s_k = x_{k+1} - x_k`, `y_k = g_{k+1} - g_k` and applies the
/// implicit inverse Hessian with the two-loop recursion (Nocedal & Wright 2006, Algorithm 7.4),
/// starting from `H0 = gamma I` with `gamma = s'y / y'y` of the newest pair (their eq. 7.20), as
/// Stan's `LBFGSUpdate` does. All storage is allocated once in ``init(dimension:capacity:)``.
public struct LBFGSHistory {
    /// Length of the vectors.
    public let dimension: Int
    /// Maximum number of stored pairs.
    public let capacity: Int
    private var steps: [Double]
    private var gradientChanges: [Double]
    private var inverseCurvatures: [Double]
    private var coefficients: [Double]
    private var oldest = 0
    /// Number of pairs currently stored.
    public private(set) var count = 0
    /// Scale of the initial inverse Hessian `H0 = gamma I` (1 while the history is empty).
    public private(set) var gamma = 1.0

    /// Creates an empty history for vectors of length `dimension` holding up to `capacity` pairs.
    public init(dimension: Int, capacity: Int) {
        precondition(dimension >= 0 && capacity >= 1, "LBFGSHistory: bad dimension or capacity")
        self.dimension = dimension
        self.capacity = capacity
        steps = [Double](repeating: 0, count: dimension * capacity)
        gradientChanges = [Double](repeating: 0, count: dimension * capacity)
        inverseCurvatures = [Double](repeating: 0, count: capacity)
        coefficients = [Double](repeating: 0, count: capacity)
    }

    /// Forgets every pair (the approximation becomes the identity).
    public mutating func reset() {
        oldest = 0
        count = 0
        gamma = 1
    }

    /// Adds the pair `(s, y)`, dropping the oldest one when full.
    ///
    /// The pair is skipped when the curvature `s'y` is not positive and finite, since it would
    /// make the approximation indefinite (a strong Wolfe line search guarantees `s'y > 0` in exact
    /// arithmetic).
    /// - Returns: whether the pair was stored.
    @discardableResult
    public mutating func update(step s: [Double], gradientChange y: [Double]) -> Bool {
        precondition(s.count == dimension && y.count == dimension, "LBFGSHistory.update: wrong length")
        let sy = dot(s, y), yy = dot(y, y)
        guard sy > 0, sy.isFinite, yy > 0, yy.isFinite else { return false }
        let slot: Int
        if count < capacity {
            slot = (oldest + count) % capacity
            count += 1
        } else {
            slot = oldest
            oldest = (oldest + 1) % capacity
        }
        let base = slot * dimension
        for i in 0..<dimension {
            steps[base + i] = s[i]
            gradientChanges[base + i] = y[i]
        }
        inverseCurvatures[slot] = 1 / sy
        gamma = sy / yy
        return true
    }

    /// Writes `direction = -H g`, the quasi-Newton descent direction for gradient `g`.
    public mutating func searchDirection(gradient g: [Double], into direction: inout [Double]) {
        precondition(g.count == dimension && direction.count == dimension,
                     "LBFGSHistory.searchDirection: wrong length")
        let n = dimension, m = capacity
        steps.withUnsafeBufferPointer { s in
            gradientChanges.withUnsafeBufferPointer { y in
                inverseCurvatures.withUnsafeBufferPointer { rho in
                    coefficients.withUnsafeMutableBufferPointer { a in
                        g.withUnsafeBufferPointer { gp in
                            direction.withUnsafeMutableBufferPointer { p in
                                for i in 0..<n { p[i] = -gp[i] }
                                // Newest to oldest: a_j = rho_j s_j'q, q -= a_j y_j.
                                var k = count - 1
                                while k >= 0 {
                                    let slot = (oldest + k) % m, base = slot * n
                                    var sq = 0.0
                                    for i in 0..<n { sq += s[base + i] * p[i] }
                                    let aj = rho[slot] * sq
                                    a[slot] = aj
                                    for i in 0..<n { p[i] -= aj * y[base + i] }
                                    k -= 1
                                }
                                for i in 0..<n { p[i] *= gamma }
                                // Oldest to newest: b = rho_j y_j'r, r += (a_j - b) s_j.
                                for k in 0..<count {
                                    let slot = (oldest + k) % m, base = slot * n
                                    var yr = 0.0
                                    for i in 0..<n { yr += y[base + i] * p[i] }
                                    let c = a[slot] - rho[slot] * yr
                                    for i in 0..<n { p[i] += c * s[base + i] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
