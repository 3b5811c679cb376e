// The thread-local last-error message behind strata_last_error_message().
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread storage of the most recent failure message, as a malloc'd C string owned by the
/// thread (freed when it is replaced or when the thread exits).
enum ErrorMessage {
    /// The pthread key; its destructor frees the thread's string at thread exit.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let result = pthread_key_create(&key) { pointer in free(pointer) }
        precondition(result == 0, "strata: pthread_key_create failed (\(result))")
        return key
    }()

    /// An empty C string returned when no failure has been recorded on this thread.
    private static let empty: StaticString = ""

    /// Records `message` as this thread's last error (replacing and freeing the previous one).
    static func set(_ message: String) {
        let copy = strdup(message)
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, copy)
        free(previous)
    }

    /// This thread's last error message, or "" when none has been recorded.
    static var current: UnsafePointer<CChar> {
        if let pointer = pthread_getspecific(key) {
            return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
        }
        return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

/// Returns the calling thread's most recent failure message ("" if none). Valid until the next
/// failing call on the same thread.
@_cdecl("strata_last_error_message")
public func strata_last_error_message() -> UnsafePointer<CChar>? {
    ErrorMessage.current
}
