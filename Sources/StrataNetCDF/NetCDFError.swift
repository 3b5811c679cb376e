// Errors of the netCDF C library, turned into Swift errors naming the file and the call that failed.
import CNetCDF

/// A netCDF call failed.
public struct NetCDFError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What was being done, and the library's message.
    public let message: String

    public var description: String { "\(path): netCDF: \(message)" }

    /// Throws unless `status` is `NC_NOERR`.
    static func check(_ status: Int32, _ what: @autoclosure () -> String, path: String) throws {
        guard status != NC_NOERR else { return }
        throw NetCDFError(path: path, message: "\(what()): \(String(cString: nc_strerror(status)))")
    }
}
