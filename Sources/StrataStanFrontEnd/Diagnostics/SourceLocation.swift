// Source positions (line, column, byte offset) and ranges attached to tokens, AST nodes and diagnostics.

/// A position in a Stan source file.
///
/// `line` and `column` are 1-based (columns count UTF-8 bytes, which equals characters for ASCII source);
/// `offset` is the 0-based UTF-8 byte offset from the start of the file.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column (UTF-8 bytes).
    public var column: Int
    /// 0-based byte offset into the source.
    public var offset: Int

    /// Creates a location.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a file.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// A half-open range `[start, end)` of source text.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// First byte of the range.
    public var start: SourceLocation
    /// One past the last byte of the range.
    public var end: SourceLocation

    /// Creates a range from `start` (inclusive) to `end` (exclusive).
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at `location`.
    public init(at location: SourceLocation) {
        self.start = location
        self.end = location
    }

    /// The empty range at the start of the file (used for synthesized nodes).
    public static let unknown = SourceRange(at: .start)

    /// The smallest range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: start.offset <= other.start.offset ? start : other.start,
                    end: end.offset >= other.end.offset ? end : other.end)
    }

    /// `line:column` of the start.
    public var description: String { start.description }
}

/// Wraps AST metadata (source ranges, inferred types) so that it does not take part in `==` or hashing.
///
/// AST equality is structural: two programs that differ only in layout compare equal, which is what the
/// parse → print → parse round-trip property needs (as in swift-syntax's round-trip tests).
@propertyWrapper
public struct IgnoredInEquality<Value>: Hashable {
    /// The wrapped metadata.
    public var wrappedValue: Value

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    /// Always `true`: metadata never distinguishes two nodes.
    public static func == (lhs: Self, rhs: Self) -> Bool { true }

    /// Contributes nothing to the hash.
    public func hash(into hasher: inout Hasher) {}
}

extension IgnoredInEquality: Sendable where Value: Sendable {}
