/// The syntax tree of the cell language. Every node keeps its source range so errors point at it
/// and renderers can typeset the formula that produced an output.

/// A binary operator as written in a cell.
public enum BinaryOperator: String, Sendable {
    case product = "·"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
}

public indirect enum ExpressionKind: Sendable, Equatable {
    case number(Double, text: String)
    case string(String)
    case name(String)
    case list([Expression])
    case unaryMinus(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case transpose(Expression)
    case call(name: String, arguments: [Argument])
    case index(Expression, [Expression])
    case member(Expression, String)
}

/// An expression with where it was written and the exact text the author typed.
public struct Expression: Sendable, Equatable {
    public var kind: ExpressionKind
    public var range: SourceRange
    public var source: String

    public init(_ kind: ExpressionKind, range: SourceRange, source: String) {
        self.kind = kind
        self.range = range
        self.source = source
    }
}

/// A call argument, positional (`label == nil`) or named (`seed: 2`).
public struct Argument: Sendable, Equatable {
    public var label: String?
    public var value: Expression
    public var labelRange: SourceRange?
}

/// How `show` presents a value.
public enum View: String, Sendable, CaseIterable {
    case matrix, heatmap, table, steps, sum, shape
}

public enum Statement: Sendable, Equatable {
    case assignment(name: String, nameRange: SourceRange, value: Expression)
    case show(Expression, view: View, viewRange: SourceRange?, row: Expression?)
}

/// A parsed statement with its range.
public struct LocatedStatement: Sendable, Equatable {
    public var statement: Statement
    public var range: SourceRange
}
