// Refuses work whose memory need exceeds the machine's, before allocating it (no fatal allocation failure).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run or value that would need more memory than the machine has.
public struct InsufficientMemoryError: Error, CustomStringConvertible, Equatable {
    /// What needs the memory ("the draws of 4 chains", "transformed data 'K'").
    public let what: String
    /// Bytes needed (a Double: the product may not fit an integer).
    public let neededBytes: Double
    /// Physical memory of the machine in bytes.
    public let availableBytes: Double

    public var description: String {
        "\(what) needs \(MemoryBudget.gibibytes(neededBytes)) GiB; the machine has \(MemoryBudget.gibibytes(availableBytes)) GiB"
    }
}

/// Memory checks made before large allocations.
public enum MemoryBudget {
    /// Physical memory in bytes (sysconf), or 2^40 if it cannot be read. `STRATA_MEMORY_LIMIT_BYTES`
    /// lowers it (tests use it to exercise the refusal path cheaply).
    public static var physicalBytes: Double {
        if let text = getenv("STRATA_MEMORY_LIMIT_BYTES").map({ String(cString: $0) }), let limit = Double(text), limit > 0 {
            return limit
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 1_099_511_627_776 }
        return Double(pages) * Double(size)
    }

    /// Throws unless `bytes` fit in the machine's physical memory.
    public static func require(_ bytes: Double, for what: String) throws {
        let available = physicalBytes
        if !(bytes <= available) {
            throw InsufficientMemoryError(what: what, neededBytes: bytes, availableBytes: available)
        }
    }

    /// `bytes` in GiB, rounded to two decimals below 1000 and to whole GiB above.
    static func gibibytes(_ bytes: Double) -> String {
        let g = bytes / 1_073_741_824
        if g >= 1e15 { return "\(g)" }
        if g >= 1000 { return "\(Int(g.rounded()))" }
        return "\((g * 100).rounded() / 100)"
    }
}
