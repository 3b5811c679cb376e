// Library and header versions reported to C callers (strata_version, strata_api_version).

/// The C API version this library implements; equals `STRATA_API_VERSION` in `CSupport/include/strata.h`.
public let strataAPIVersion: Int32 = 2

/// The library version string, kept in static storage so C callers never free it.
private let versionString: StaticString = "0.1.0"

/// Returns the library version as `"major.minor.patch"` (static storage; do not free).
@_cdecl("strata_version")
public func strata_version() -> UnsafePointer<CChar>? {
    UnsafeRawPointer(versionString.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Returns the `STRATA_API_VERSION` the library was built with, so a program can check that its
/// header matches the library it runs against.
@_cdecl("strata_api_version")
public func strata_api_version() -> Int32 {
    strataAPIVersion
}
