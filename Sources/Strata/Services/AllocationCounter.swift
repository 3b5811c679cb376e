// Reads the malloc counter of Sources/CStrataAllocationCounter/allocation_counter.c when it is preloaded (LD_PRELOAD).
import Foundation

/// Heap allocations counted by the optional LD_PRELOAD counter (nil when it is not loaded).
public enum AllocationCounter {
    private typealias CountFunction = @convention(c) () -> Int
    private static let function: CountFunction? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "strata_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: CountFunction.self)
    }()

    /// Current count, or nil without the preload.
    public static var count: Int? { function?() }
}
