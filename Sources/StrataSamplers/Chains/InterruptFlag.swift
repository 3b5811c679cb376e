// A thread-safe stop request checked by every chain once per iteration.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cooperative interruption flag (Stan's `interrupt` callback). Any thread may call
/// ``request()``; chains check ``isRequested`` once per iteration, stop, and return the draws
/// made so far.
public final class InterruptFlag: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var requested = false

    /// A flag that is not set.
    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Asks every chain to stop after its current iteration.
    public func request() {
        pthread_mutex_lock(mutex); requested = true; pthread_mutex_unlock(mutex)
    }

    /// Clears the request.
    public func reset() {
        pthread_mutex_lock(mutex); requested = false; pthread_mutex_unlock(mutex)
    }

    /// Whether a stop was requested.
    public var isRequested: Bool {
        pthread_mutex_lock(mutex); defer { pthread_mutex_unlock(mutex) }
        return requested
    }
}
