import AttentionCore

/// Reads files that `load(...)` names. Supplied by the pipeline, which owns the file system and the
/// rule that nothing outside the content folder may be read.
public protocol FileLoading: Sendable {
    /// The text of `path` (relative to the lesson), or a message saying why it cannot be read.
    func read(_ path: String) -> Result<String, LoadFailure>
}

public struct LoadFailure: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// What running one cell gave.
public struct CellResult: Sendable, Equatable {
    public var cell: Cell
    public var outputs: [Output]
    /// For a cell marked `#| error: true`: the error it raised, shown as its output.
    public var expectedError: Diagnostic?
}

/// Runs the cells of one page, top to bottom, in one environment.
public final class Interpreter {
    public private(set) var environment: [String: Value] = [:]
    /// The expression each name was last assigned, for typesetting `name = formula`.
    var definitions: [String: Expression] = [:]
    let loader: FileLoading?
    /// Tokens across all lists of a page; beyond this a list literal or `embed` is refused.
    public static let maxTokensPerPage = 100_000
    var tokensSeen = 0

    public init(loader: FileLoading? = nil) {
        self.loader = loader
    }

    /// Runs a cell. On an unexpected error the diagnostic is thrown and the environment keeps what the
    /// statements before it assigned.
    public func run(_ cell: Cell) throws(Diagnostic) -> CellResult {
        let outputs: [Output]
        do {
            outputs = try execute(cell)
        } catch {
            guard cell.options.expectError else { throw error }
            return CellResult(cell: cell, outputs: [], expectedError: error)
        }
        if cell.options.expectError {
            throw Diagnostic("this cell is marked '#| error: true' but ran without an error",
                             at: SourceRange(start: cell.origin.location(line: 0, column: 1)))
        }
        return CellResult(cell: cell, outputs: outputs, expectedError: nil)
    }

    private func execute(_ cell: Cell) throws(Diagnostic) -> [Output] {
        var outputs: [Output] = []
        var parser = Parser(tokens: try cell.tokens.get(), source: cell.fullSource, origin: cell.fullOrigin)
        for statement in try parser.statements() {
            if let output = try execute(statement) { outputs.append(output) }
        }
        return outputs
    }

    /// Evaluates one inline `=…` expression in the page's current environment.
    public func evaluateInline(_ source: String, origin: CellOrigin) throws(Diagnostic) -> Value {
        try evaluate(try Parser.parseExpression(source, origin: origin))
    }

    func execute(_ located: LocatedStatement) throws(Diagnostic) -> Output? {
        switch located.statement {
        case let .assignment(name, nameRange, value):
            if Builtins.names.contains(name) {
                throw Diagnostic("'\(name)' is a built-in function and cannot be assigned", at: nameRange)
            }
            environment[name] = try evaluate(value)
            definitions[name] = value
            return nil
        case let .show(expression, view, viewRange, row):
            let value = try evaluate(expression)
            let rowValue: (Value, Expression)? = if let row { (try evaluate(row), row) } else { nil }
            var output = try Views.output(for: value, expression: expression, view: view,
                                          viewRange: viewRange ?? expression.range, row: rowValue, interpreter: self)
            if case let .name(name) = expression.kind, let definition = definitions[name] {
                output.definition = (name, definition)
            }
            return output
        }
    }

    // MARK: - Expressions

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression.kind {
        case let .number(value, _):
            return .number(value)
        case let .string(text):
            return .string(text)
        case let .name(name):
            guard let value = environment[name] else {
                var notes = suggestion(for: name, among: Array(environment.keys) + Builtins.names.sorted())
                let defined = environment.keys.sorted()
                notes.append(defined.isEmpty ? "nothing is defined yet on this page" : "defined names: " + defined.joined(separator: ", "))
                throw Diagnostic("'\(name)' is not defined", at: expression.range, notes: notes)
            }
            return value
        case let .list(items):
            return try list(items, range: expression.range)
        case let .unaryMinus(operand):
            switch try evaluate(operand) {
            case let .number(x): return .number(-x)
            case let .matrix(m): return .matrix(m.map { -$0 })
            case let other: throw Diagnostic("cannot negate \(other.kindDescription)", at: expression.range)
            }
        case let .binary(op, left, right):
            return try binary(op, left, right, range: expression.range)
        case let .transpose(operand):
            return .matrix(try matrix(operand).transposed)
        case let .call(name, arguments):
            return try Builtins.call(name, arguments: arguments, range: expression.range, interpreter: self)
        case let .index(base, indices):
            return try index(try evaluate(base), base: base, indices: indices, range: expression.range)
        case let .member(base, member):
            return try Views.member(try evaluate(base), member, range: expression.range)
        }
    }

    func list(_ items: [Expression], range: SourceRange) throws(Diagnostic) -> Value {
        tokensSeen += items.count
        if tokensSeen > Interpreter.maxTokensPerPage {
            throw Diagnostic("this page's lists hold more than \(Interpreter.maxTokensPerPage) items in all", at: range)
        }
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try evaluate(item)) }
        // A list of equal-length number lists is a matrix literal.
        if case .list = values.first {
            var rows: [[Double]] = []
            for (i, value) in values.enumerated() {
                guard case let .list(cells) = value else {
                    throw Diagnostic("row \(i) of this matrix is \(value.kindDescription), not a list of numbers", at: items[i].range)
                }
                var row: [Double] = []
                for (j, cell) in cells.enumerated() {
                    guard case let .number(x) = cell else {
                        throw Diagnostic("element \(j) of row \(i) is \(cell.kindDescription), not a number", at: items[i].range)
                    }
                    row.append(x)
                }
                rows.append(row)
            }
            for (i, row) in rows.enumerated() where row.count != rows[0].count {
                throw Diagnostic("row \(i) has \(row.count) numbers but row 0 has \(rows[0].count)", at: items[i].range)
            }
            return .matrix(try check(range) { () throws(MatrixError) in try Matrix(rows) })
        }
        return .list(values)
    }

    func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, range: SourceRange) throws(Diagnostic) -> Value {
        let a = try evaluate(left), b = try evaluate(right)
        let elementwise: ElementwiseOperation
        switch op {
        case .product:
            guard case let .matrix(x) = a, case let .matrix(y) = b else {
                if case .number = a, case .number = b { return .number(Self.scalar(.multiply, a, b)) }
                throw Diagnostic("'·' multiplies two matrices; here it has \(a.kindDescription) and \(b.kindDescription)", at: range,
                                 notes: ["use * to scale by a number"])
            }
            guard x.cols == y.rows else {
                throw Diagnostic("cannot multiply \(left.source) (\(x.shapeDescription)) by \(right.source) (\(y.shapeDescription)): inner sizes \(x.cols) and \(y.rows) differ",
                                 at: range)
            }
            return .matrix(try check(range) { () throws(MatrixError) in try x.multiplied(by: y) })
        case .add: elementwise = .add
        case .subtract: elementwise = .subtract
        case .multiply: elementwise = .multiply
        case .divide: elementwise = .divide
        }
        switch (a, b) {
        case (.number, .number):
            return .number(Self.scalar(elementwise, a, b))
        case let (.matrix(x), .number(s)):
            return .matrix(x.combined(withScalar: s, elementwise))
        case let (.number(s), .matrix(x)):
            return .matrix(x.combined(withScalar: s, elementwise, scalarOnLeft: true))
        case let (.matrix(x), .matrix(y)):
            do {
                return .matrix(try x.combined(with: y, elementwise))
            } catch {
                throw Diagnostic("cannot \(elementwise.rawValue) \(left.source) (\(x.shapeDescription)) and \(right.source) (\(y.shapeDescription)): shapes differ",
                                 at: range)
            }
        default:
            throw Diagnostic("cannot \(elementwise.rawValue) \(a.kindDescription) and \(b.kindDescription)", at: range)
        }
    }

    static func scalar(_ op: ElementwiseOperation, _ a: Value, _ b: Value) -> Double {
        guard case let .number(x) = a, case let .number(y) = b else { return .nan }
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        }
    }

    func index(_ value: Value, base: Expression, indices: [Expression], range: SourceRange) throws(Diagnostic) -> Value {
        switch value {
        case let .list(items):
            guard indices.count == 1 else { throw Diagnostic("a list takes one index", at: range) }
            let i = try position(indices[0], count: items.count, axis: "item")
            return items[i]
        case let .matrix(m):
            guard (1...2).contains(indices.count) else {
                throw Diagnostic("a matrix takes one index (a row) or two (row, column), not \(indices.count)", at: range)
            }
            let row = try matrixIndex(indices[0], in: m, axis: .rows)
            if indices.count == 1 {
                return .matrix(try check(range) { () throws(MatrixError) in try m.selectingRows([row]) })
            }
            let col = try matrixIndex(indices[1], in: m, axis: .columns)
            return .number(m[row, col])
        case let .attention(a):
            return try index(.matrix(a.result.weights), base: base, indices: indices, range: range)
        default:
            throw Diagnostic("cannot index \(value.kindDescription)", at: base.range)
        }
    }

    /// A row or column of `m` named by position or by label.
    func matrixIndex(_ expression: Expression, in m: Matrix, axis: Axis) throws(Diagnostic) -> Int {
        let value = try evaluate(expression)
        if case let .string(label) = value {
            let labels = (axis == .rows ? m.rowLabels : m.colLabels) ?? []
            guard let i = labels.firstIndex(of: label) else {
                let noun = axis == .rows ? "row" : "column"
                let notes = labels.isEmpty ? ["this matrix's \(axis.rawValue) have no labels; index by position"]
                    : suggestion(for: label, among: labels) + ["labels: " + labels.joined(separator: ", ")]
                throw Diagnostic("no \(noun) is labelled \"\(label)\"", at: expression.range, notes: notes)
            }
            return i
        }
        return try position(expression, value: value, count: axis == .rows ? m.rows : m.cols, axis: axis == .rows ? "row" : "column")
    }

    func position(_ expression: Expression, value: Value? = nil, count: Int, axis: String) throws(Diagnostic) -> Int {
        let value = if let value { value } else { try evaluate(expression) }
        guard case let .number(x) = value, x == x.rounded(), abs(x) < 1e15 else {
            throw Diagnostic("an index must be a whole number or a label, not \(value.kindDescription)", at: expression.range)
        }
        let i = Int(x)
        guard i >= 0, i < count else {
            throw Diagnostic("\(axis) \(i) is out of range: there are \(count) (0 to \(count - 1))", at: expression.range)
        }
        return i
    }

    // MARK: - Coercions

    func matrix(_ expression: Expression) throws(Diagnostic) -> Matrix {
        let value = try evaluate(expression)
        return try Self.asMatrix(value, expression)
    }

    static func asMatrix(_ value: Value, _ expression: Expression) throws(Diagnostic) -> Matrix {
        switch value {
        case let .matrix(m): return m
        case let .attention(a): return a.result.weights
        case let .multihead(h): return h.result.output
        default: throw Diagnostic("expected a matrix but \(expression.source) is \(value.kindDescription)", at: expression.range)
        }
    }

    /// Runs a core operation, turning its error value into a diagnostic at `range`.
    func check<T>(_ range: SourceRange, _ body: () throws(MatrixError) -> T) throws(Diagnostic) -> T {
        do { return try body() } catch { throw Diagnostic(error.description, at: range) }
    }
}
