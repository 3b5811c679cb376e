// The most recently built value of an immutable table, shared between threads.
import Foundation

/// Keeps the last value built and hands it to every caller it fits (e.g. one FFT length or one draw count for all
/// the variables of a summary), so a table is built once per run of like requests rather than once per request.
final class SharedLatest<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: Value?

    /// The kept value if `fits` accepts it, else `build()`, which is then kept.
    func value(fitting fits: (Value) -> Bool, build: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let v = latest, fits(v) { return v }
        let v = build()
        latest = v
        return v
    }
}
