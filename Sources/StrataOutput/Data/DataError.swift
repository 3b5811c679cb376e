// Errors raised while reading a CmdStan JSON data file or fetching a variable from it.

/// A problem with a data file: bad JSON syntax (with line and column), a missing variable, or a
/// variable whose shape, type or values differ from what the model declares.
///
/// Every case names the file (its last path component) so the message can be shown as is.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The JSON text is malformed or holds a value CmdStan does not accept; `line` and `column`
    /// are one-based and the column counts Unicode scalars.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// The variable does not occur in the file.
    case missingVariable(file: String, variable: String)
    /// The variable exists but its shape, type or values do not match the request.
    case mismatch(file: String, variable: String, expected: String, found: String)

    /// The message, e.g. `decay_days.json: variable 't_initial': expected 100 elements, found 99`.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read data file: \(reason)"
        case let .syntax(file, line, column, message):
            return "\(file):\(line):\(column): \(message)"
        case let .missingVariable(file, variable):
            return "\(file): variable '\(variable)' not found"
        case let .mismatch(file, variable, expected, found):
            return "\(file): variable '\(variable)': expected \(expected), found \(found)"
        }
    }
}
