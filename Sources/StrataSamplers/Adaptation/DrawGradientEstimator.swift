// What the Fisher adaptation feeds warmup draws and gradients into, and its per-coordinate version.

/// Collects warmup positions and their log-density gradients in two overlapping windows.
///
/// Every draw goes into both the *foreground* estimate (used to set the metric) and the
/// *background* one. ``switchWindow()`` makes the background the new foreground and starts an
/// empty background, so the metric always rests on the draws since the switch before last.
public protocol DrawGradientEstimator: Codable {
    /// Adds one draw and the gradient at it.
    mutating func add(position: [Double], gradient: [Double])
    /// Foreground <- background, background <- empty.
    mutating func switchWindow()
    /// Draws in the foreground estimate.
    var count: Int { get }
    /// Draws in the background estimate.
    var backgroundCount: Int { get }
}

/// An estimator that only counts (for the unit metric, whose Fisher adaptation tunes the step size).
public struct DrawCounter: DrawGradientEstimator {
    public private(set) var count = 0
    public private(set) var backgroundCount = 0
    /// Starts empty.
    public init() {}
    public mutating func add(position: [Double], gradient: [Double]) { count += 1; backgroundCount += 1 }
    public mutating func switchWindow() { count = backgroundCount; backgroundCount = 0 }
}

/// Per-coordinate means and variances of draws and gradients (Welford), foreground and background.
public struct DrawGradientMoments: DrawGradientEstimator {
    /// A foreground and a background estimate of the same quantity.
    struct Windows: Codable {
        var foreground: WelfordVariance
        var background: WelfordVariance
    }
    private var draws: Windows
    private var gradients: Windows

    /// Empty estimates for `dimension` coordinates.
    public init(dimension: Int) {
        draws = Windows(foreground: WelfordVariance(dimension: dimension), background: WelfordVariance(dimension: dimension))
        gradients = draws
    }

    public mutating func add(position: [Double], gradient: [Double]) {
        draws.foreground.add(position); draws.background.add(position)
        gradients.foreground.add(gradient); gradients.background.add(gradient)
    }

    public mutating func switchWindow() {
        draws.foreground = draws.background; draws.background.restart()
        gradients.foreground = gradients.background; gradients.background.restart()
    }

    public var count: Int { draws.foreground.count }
    public var backgroundCount: Int { draws.background.count }

    /// The Fisher-divergence diagonal `sqrt(var(x_i) / var(g_i))` of the foreground draws, clamped
    /// to [1e-20, 1e20]; nil where it is not finite and positive (too few or constant draws).
    public func fisherDiagonal() -> [Double?] {
        let vx = draws.foreground.sampleVariance(), vg = gradients.foreground.sampleVariance()
        return zip(vx, vg).map { x, g in
            let v = (x / g).squareRoot()
            return v.isFinite && v > 0 ? min(max(v, 1e-20), 1e20) : nil
        }
    }
}

/// The stored draws and gradients of the foreground window, for estimators that need more than
/// moments (low-rank and dense Fisher metrics). Memory: 2 d n doubles for n stored draws.
public struct DrawGradientWindow: DrawGradientEstimator {
    /// Number of coordinates.
    public let dimension: Int
    /// Stored positions, draw after draw (`count x dimension`, row-major).
    public private(set) var positions: [Double] = []
    /// Stored gradients, in the same layout.
    public private(set) var gradients: [Double] = []
    /// Draws stored before the last switch (the part dropped at the next switch).
    private var olderDraws = 0

    /// An empty window for `dimension` coordinates.
    public init(dimension: Int) { self.dimension = dimension }

    public mutating func add(position: [Double], gradient: [Double]) {
        positions.append(contentsOf: position)
        gradients.append(contentsOf: gradient)
    }

    public mutating func switchWindow() {
        positions.removeFirst(olderDraws * dimension)
        gradients.removeFirst(olderDraws * dimension)
        olderDraws = count
    }

    public var count: Int { dimension == 0 ? 0 : positions.count / dimension }
    public var backgroundCount: Int { count - olderDraws }
}
