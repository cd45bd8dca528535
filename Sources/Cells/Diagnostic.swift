/// A position in a lesson file: 1-based line and column. Columns count Unicode scalars, which is what
/// editors show as characters except inside combining sequences.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:column`, the form editors and CI logs jump to.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A span on one line of a lesson; `length` is in characters and at least 1, for the caret line.
public struct SourceRange: Hashable, Sendable {
    public var start: SourceLocation
    public var length: Int

    public init(start: SourceLocation, length: Int = 1) {
        self.start = start
        self.length = Swift.max(1, length)
    }

    /// The range from the start of `self` to the end of `other` when both are on one line.
    public func extended(to other: SourceRange) -> SourceRange {
        guard other.start.line == start.line, other.start.column >= start.column else { return self }
        return SourceRange(start: start, length: other.start.column + other.length - start.column)
    }
}

/// A problem found in a lesson, as a value: where, how bad, what went wrong in the author's terms.
public struct Diagnostic: Hashable, Sendable, Error {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    /// Extra hints such as "did you mean softmax?".
    public var notes: [String]

    public init(_ message: String, at range: SourceRange, notes: [String] = [], severity: Severity = .error) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
    }

    public var location: SourceLocation { range.start }
}
