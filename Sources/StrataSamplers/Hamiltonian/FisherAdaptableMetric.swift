// Metrics that the Fisher-divergence adaptation (nutpie) can set from warmup draws and gradients.
import StrataLinearAlgebra

/// A metric adaptable from draws and gradients (Seyboldt, Carlson & Carpenter's Fisher divergence).
public protocol FisherAdaptableMetric: Metric {
    /// What collects the warmup draws and gradients.
    associatedtype FisherEstimator: DrawGradientEstimator

    /// An empty estimator.
    func makeFisherEstimator() -> FisherEstimator

    /// Warmup draws between re-estimates with `estimator` as it is now (window switches always re-estimate).
    func fisherUpdateInterval(_ settings: LowRankSettings, estimator: FisherEstimator) -> Int

    /// Sets the metric from the estimator's foreground window.
    /// - Returns: whether the metric changed (false with fewer than 3 draws).
    /// - Throws: ``SamplerError/metricAdaptationFailed(_:)`` when a decomposition fails.
    mutating func adaptFisher(from estimator: FisherEstimator, settings: LowRankSettings) throws -> Bool

    /// nutpie's first metric, from the gradient at the initial point: `M⁻¹_ii = 1 / |g_i|`.
    mutating func initialize(fromGradient gradient: [Double]) throws
}

extension FisherAdaptableMetric {
    /// The low-rank and dense estimates cost about d n² for n draws: every `updateInterval` draws while
    /// that stays below ``LowRankSettings/frequentUpdateCost``, otherwise only at window switches.
    static func windowedInterval(_ settings: LowRankSettings, _ window: DrawGradientWindow) -> Int {
        let n = Double(window.count)
        return Double(window.dimension) * n * n <= settings.frequentUpdateCost ? settings.updateInterval : Int.max
    }

    /// `1 / |g_i|`, clamped to [1e-20, 1e20].
    static func inverseDiagonal(fromGradient gradient: [Double]) -> [Double] {
        gradient.map { g in
            let v = 1 / min(max(abs(g), 1e-20), 1e20)
            return v.isFinite ? v : 1
        }
    }
}

extension UnitMetric: FisherAdaptableMetric {
    public func makeFisherEstimator() -> DrawCounter { DrawCounter() }
    public func fisherUpdateInterval(_ settings: LowRankSettings, estimator: FisherEstimator) -> Int { 1 }
    /// The unit metric stays the identity (only the step size adapts).
    public mutating func adaptFisher(from estimator: DrawCounter, settings: LowRankSettings) throws -> Bool { false }
    public mutating func initialize(fromGradient gradient: [Double]) throws {}
}

extension DiagonalMetric: FisherAdaptableMetric {
    public func makeFisherEstimator() -> DrawGradientMoments { DrawGradientMoments(dimension: dimension) }
    public func fisherUpdateInterval(_ settings: LowRankSettings, estimator: FisherEstimator) -> Int { 1 }

    /// `M⁻¹_ii = sqrt(var x_i / var g_i)`; coordinates without a valid estimate keep their value.
    public mutating func adaptFisher(from estimator: DrawGradientMoments, settings: LowRankSettings) throws -> Bool {
        guard estimator.count >= 3 else { return false }
        let estimate = estimator.fisherDiagonal()
        var values = inverseDiagonal
        for i in 0..<values.count { if let v = estimate[i] { values[i] = v } }
        try setInverseDiagonal(values)
        return true
    }

    public mutating func initialize(fromGradient gradient: [Double]) throws {
        try setInverseDiagonal(Self.inverseDiagonal(fromGradient: gradient))
    }
}

extension LowRankMetric: FisherAdaptableMetric {
    public func makeFisherEstimator() -> DrawGradientWindow { DrawGradientWindow(dimension: dimension) }
    public func fisherUpdateInterval(_ settings: LowRankSettings, estimator: DrawGradientWindow) -> Int {
        Self.windowedInterval(settings, estimator)
    }

    /// nutpie's low-rank estimate (``LowRankEstimator``); unchanged when it is not available.
    public mutating func adaptFisher(from estimator: DrawGradientWindow, settings: LowRankSettings) throws -> Bool {
        guard let f = try LowRankEstimator.estimate(estimator, settings: settings) else { return false }
        try setFactors(f)
        return true
    }

    public mutating func initialize(fromGradient gradient: [Double]) throws {
        try setInverseDiagonal(Self.inverseDiagonal(fromGradient: gradient))
    }
}

extension DenseMetric: FisherAdaptableMetric {
    public func makeFisherEstimator() -> DrawGradientWindow { DrawGradientWindow(dimension: dimension) }
    public func fisherUpdateInterval(_ settings: LowRankSettings, estimator: DrawGradientWindow) -> Int {
        Self.windowedInterval(settings, estimator)
    }

    /// The full-rank Fisher estimate: the low-rank estimate keeping every direction, made dense.
    public mutating func adaptFisher(from estimator: DrawGradientWindow, settings: LowRankSettings) throws -> Bool {
        var all = settings
        all.eigenvalueCutoff = 1
        all.maxRank = dimension
        guard let f = try LowRankEstimator.estimate(estimator, settings: all) else { return false }
        let d = dimension
        var m = Matrix(rows: d, columns: d)
        for i in 0..<d { m[i, i] = 1 }
        for j in 0..<f.rank {
            let c = f.values[j] - 1
            for i in 0..<d { for l in 0..<d { m[i, l] += c * f.vectors[i, j] * f.vectors[l, j] } }
        }
        for i in 0..<d { for l in 0..<d { m[i, l] *= f.scale[i] * f.scale[l] } }
        do { try setInverse(m.symmetrised) } catch {
            throw SamplerError.metricAdaptationFailed("dense Fisher estimate is not positive definite: \(error)")
        }
        return true
    }

    public mutating func initialize(fromGradient gradient: [Double]) throws {
        let v = Self.inverseDiagonal(fromGradient: gradient)
        var m = Matrix(rows: v.count, columns: v.count)
        for i in 0..<v.count { m[i, i] = v[i] }
        try setInverse(m)
    }
}
