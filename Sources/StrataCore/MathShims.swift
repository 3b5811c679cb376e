// Elementary functions from the C library, usable without importing Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) @usableFromInline func _log(_ x: Double) -> Double { log(x) }
