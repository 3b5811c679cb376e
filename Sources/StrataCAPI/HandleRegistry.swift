// The table of live model handles, so NULL, freed or foreign `strata_model *` values are reported
// as errors instead of being dereferenced.
import Foundation

/// Every handle given out by `strata_model_load` and not yet freed, keyed by its id.
///
/// The `strata_model *` given to C is not an address but a never-reused id (a tag in the high bits and
/// a 64-bit counter), so a freed handle can never alias a later one: using it after
/// `strata_model_free` is always reported, even when the same memory holds a new model.
/// Lookups return a strong reference, so a handle stays alive until the call using it returns
/// even if another thread frees it meanwhile.
enum HandleRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: [UInt: ModelHandle] = [:]
    nonisolated(unsafe) private static var issued: UInt = 0
    /// High bits of every id (keeps ids away from NULL and from small integers passed by mistake).
    private static let tag: UInt = 0x57A7A << 40

    /// Registers `handle` and returns the opaque id given to C.
    static func register(_ handle: ModelHandle) -> OpaquePointer {
        let id: UInt = lock.withLock {
            issued += 1
            let id = tag | issued
            live[id] = handle
            return id
        }
        return OpaquePointer(bitPattern: id)!
    }

    /// The live handle with id `pointer`.
    /// - Throws: ``CAPIFailure`` naming `argument` when the pointer is NULL or not a live handle.
    static func handle(_ pointer: OpaquePointer?, argument: String = "model") throws -> ModelHandle {
        guard let pointer else { throw CAPIFailure.argument(argument, "is NULL") }
        let found = lock.withLock { live[UInt(bitPattern: pointer)] }
        guard let found else {
            throw CAPIFailure.argument(argument, "is not a live strata_model (already freed, or not from strata_model_load)")
        }
        return found
    }

    /// Removes the handle `pointer`; returns false when it was not live.
    static func remove(_ pointer: OpaquePointer) -> Bool {
        lock.withLock { live.removeValue(forKey: UInt(bitPattern: pointer)) != nil }
    }

    /// Number of live handles (for leak checks in tests).
    static var count: Int { lock.withLock { live.count } }
}

/// Number of model handles currently loaded and not freed (a leak check for tests and callers'
/// debugging; not part of the C header).
public func strataLiveModelCount() -> Int { HandleRegistry.count }
