// The table of live model handles, so NULL, freed or foreign `strata_model *` values are reported
// as errors instead of being dereferenced.
import Foundation

/// Every handle given out by `strata_model_load` and not yet freed, keyed by its address.
///
/// Lookups return a strong reference, so a handle stays alive until the call using it returns
/// even if another thread frees it meanwhile.
enum HandleRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: [UnsafeMutableRawPointer: ModelHandle] = [:]

    /// Registers `handle` and returns the opaque pointer given to C.
    static func register(_ handle: ModelHandle) -> OpaquePointer {
        let address = Unmanaged.passUnretained(handle).toOpaque()
        lock.withLock { live[address] = handle }
        return OpaquePointer(address)
    }

    /// The live handle at `pointer`.
    /// - Throws: ``CAPIFailure`` naming `argument` when the pointer is NULL or not a live handle.
    static func handle(_ pointer: OpaquePointer?, argument: String = "model") throws -> ModelHandle {
        guard let pointer else { throw CAPIFailure.argument(argument, "is NULL") }
        let found = lock.withLock { live[UnsafeMutableRawPointer(pointer)] }
        guard let found else {
            throw CAPIFailure.argument(argument, "is not a live strata_model (already freed, or not from strata_model_load)")
        }
        return found
    }

    /// Removes the handle at `pointer`; returns false when it was not live.
    static func remove(_ pointer: OpaquePointer) -> Bool {
        lock.withLock { live.removeValue(forKey: UnsafeMutableRawPointer(pointer)) != nil }
    }

    /// Number of live handles (for leak checks in tests).
    static var count: Int { lock.withLock { live.count } }
}

/// Number of model handles currently loaded and not freed (a leak check for tests and callers'
/// debugging; not part of the C header).
public func strataLiveModelCount() -> Int { HandleRegistry.count }
