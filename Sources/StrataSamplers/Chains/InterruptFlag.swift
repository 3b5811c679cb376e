// A thread-safe stop request checked by every chain once per iteration.

/// A cooperative interruption flag (Stan's `interrupt` callback). Any thread may call
/// ``request()``; chains check ``isRequested`` once per iteration, stop, and return the draws
/// made so far.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = PthreadLock()
    private var requested = false

    /// A flag that is not set.
    public init() {}

    /// Asks every chain to stop after its current iteration.
    public func request() { lock.withLock { requested = true } }

    /// Clears the request.
    public func reset() { lock.withLock { requested = false } }

    /// Whether a stop was requested.
    public var isRequested: Bool { lock.withLock { requested } }
}
