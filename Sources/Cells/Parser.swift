/// Parses cell source into statements. Precedence follows mathematics: `+ -` bind loosest, then
/// `· @ * /`, then unary minus, then postfix `^T`/`ᵀ`, calls, indexing and members, which bind tightest.
public struct Parser {
    /// Deepest nesting of expressions accepted; deeper input is refused with a diagnostic, not a stack overflow.
    public static let maxDepth = 64

    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    private let lines: [ArraySlice<Unicode.Scalar>]
    private let origin: CellOrigin

    public init(tokens: [Token], source: String, origin: CellOrigin) {
        self.tokens = tokens.filter { $0.kind != .comment }
        self.lines = Lexer.lines(source)
        self.origin = origin
    }

    /// Parses one expression (an inline `=…` value in prose).
    public static func parseExpression(_ source: String, origin: CellOrigin) throws(Diagnostic) -> Expression {
        var parser = Parser(tokens: try Lexer(origin: origin).tokens(source), source: source, origin: origin)
        parser.skipNewlines()
        let expression = try parser.expression()
        parser.skipNewlines()
        guard case .end = parser.current.kind else {
            throw Diagnostic("unexpected '\(parser.current.text)' after the value", at: parser.current.range)
        }
        return expression
    }

    // MARK: - Statements

    /// Parses a whole cell (its tokens come from `Cell.tokens`, lexed once).
    mutating func statements() throws(Diagnostic) -> [LocatedStatement] {
        var result: [LocatedStatement] = []
        while true {
            skipNewlines()
            if case .end = current.kind { return result }
            result.append(try statement())
            switch current.kind {
            case .newline, .end: break
            default: throw Diagnostic("unexpected '\(current.text)': each statement goes on its own line", at: current.range)
            }
        }
    }

    mutating func statement() throws(Diagnostic) -> LocatedStatement {
        let first = current
        if case .keyword("show") = first.kind {
            advance()
            let value = try expression()
            var view = View.matrix
            var viewRange: SourceRange?
            var row: Expression?
            if case .keyword("as") = current.kind {
                advance()
                guard case let .identifier(name) = current.kind else {
                    throw Diagnostic("expected a view name after 'as'", at: current.range,
                                     notes: ["views: " + View.allCases.map(\.rawValue).joined(separator: ", ")])
                }
                guard let chosen = View(rawValue: name) else {
                    throw Diagnostic("unknown view '\(name)'", at: current.range,
                                     notes: suggestion(for: name, among: View.allCases.map(\.rawValue))
                                        + ["views: " + View.allCases.map(\.rawValue).joined(separator: ", ")])
                }
                view = chosen
                viewRange = current.range
                advance()
            }
            if case .keyword("for") = current.kind {
                advance()
                row = try expression()
            }
            return LocatedStatement(statement: .show(value, view: view, viewRange: viewRange, row: row),
                                    range: first.range.extended(to: previous.range))
        }
        if case let .identifier(name) = first.kind, position + 1 < tokens.count, tokens[position + 1].kind == .symbol("=") {
            advance()
            advance()
            if case .newline = current.kind {
                throw Diagnostic("nothing after '=': write the value to give \(name)", at: current.range)
            }
            let value = try expression()
            return LocatedStatement(statement: .assignment(name: name, nameRange: first.range, value: value),
                                    range: first.range.extended(to: value.range))
        }
        let value = try expression()
        throw Diagnostic("a bare expression does nothing", at: value.range,
                         notes: ["write 'show \(value.source)' to display it, or 'name = \(value.source)' to keep it"])
    }

    // MARK: - Expressions

    mutating func expression() throws(Diagnostic) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else {
            throw Diagnostic("this expression is nested too deeply (more than \(Parser.maxDepth) levels)", at: current.range)
        }
        return try additive()
    }

    /// Most operands one chain of `+ -` or `· * /` may have: a chain is a left-leaning tree as deep
    /// as it is long, and evaluating or typesetting it recurses that deep.
    public static let maxChain = 256

    mutating func additive() throws(Diagnostic) -> Expression {
        var left = try multiplicative()
        var operands = 1
        while case let .symbol(s) = current.kind, s == "+" || s == "-" {
            operands += 1
            try checkChain(operands)
            advance()
            let right = try multiplicative()
            left = binary(s == "+" ? .add : .subtract, left, right)
        }
        return left
    }

    mutating func multiplicative() throws(Diagnostic) -> Expression {
        var left = try unary()
        var operands = 1
        while case let .symbol(s) = current.kind, s == "·" || s == "*" || s == "/" {
            operands += 1
            try checkChain(operands)
            advance()
            let right = try unary()
            left = binary(s == "·" ? .product : (s == "*" ? .multiply : .divide), left, right)
        }
        return left
    }

    func checkChain(_ operands: Int) throws(Diagnostic) {
        guard operands <= Parser.maxChain else {
            throw Diagnostic("this expression chains more than \(Parser.maxChain) operands; split it over several lines",
                             at: current.range)
        }
    }

    mutating func unary() throws(Diagnostic) -> Expression {
        if current.kind == .symbol("-") {
            let minus = current
            advance()
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else {
                throw Diagnostic("this expression is nested too deeply (more than \(Parser.maxDepth) levels)", at: minus.range)
            }
            let operand = try unary()
            let range = minus.range.extended(to: operand.range)
            return Expression(.unaryMinus(operand), range: range, source: text(range))
        }
        return try postfix()
    }

    mutating func postfix() throws(Diagnostic) -> Expression {
        var base = try primary()
        while true {
            switch current.kind {
            case .transpose:
                let range = base.range.extended(to: current.range)
                advance()
                base = Expression(.transpose(base), range: range, source: text(range))
            case .symbol("["):
                advance()
                var indices: [Expression] = []
                let open = previous
                if current.kind != .symbol("]") {
                    indices.append(try expression())
                    while current.kind == .symbol(",") {
                        advance()
                        indices.append(try expression())
                    }
                }
                let close = try expect("]", "to close the index", opening: open)
                let range = base.range.extended(to: close.range)
                base = Expression(.index(base, indices), range: range, source: text(range))
            case .symbol("."):
                advance()
                guard case let .identifier(member) = current.kind else {
                    throw Diagnostic("expected a name after '.'", at: current.range)
                }
                let range = base.range.extended(to: current.range)
                advance()
                base = Expression(.member(base, member), range: range, source: text(range))
            default:
                return base
            }
        }
    }

    mutating func primary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case let .number(value):
            advance()
            return Expression(.number(value, text: token.text), range: token.range, source: token.text)
        case let .string(value):
            advance()
            return Expression(.string(value), range: token.range, source: token.text)
        case let .identifier(name):
            advance()
            guard current.kind == .symbol("(") else {
                return Expression(.name(name), range: token.range, source: token.text)
            }
            let openIndex = position
            advance()
            var arguments: [Argument] = []
            var sawNamed = false
            while current.kind != .symbol(")") {
                if case let .identifier(label) = current.kind, position + 1 < tokens.count, tokens[position + 1].kind == .symbol(":") {
                    let labelRange = current.range
                    advance()
                    advance()
                    arguments.append(Argument(label: label, value: try expression(), labelRange: labelRange))
                    sawNamed = true
                } else {
                    let value = try expression()
                    if sawNamed {
                        throw Diagnostic("a positional argument cannot follow a named one", at: value.range)
                    }
                    arguments.append(Argument(label: nil, value: value))
                }
                guard current.kind == .symbol(",") else { break }
                advance()
            }
            let close = try expect(")", "to close the call to \(name)", opening: tokens[openIndex])
            let range = token.range.extended(to: close.range)
            return Expression(.call(name: name, arguments: arguments), range: range, source: text(range))
        case .symbol("("):
            advance()
            let inner = try expression()
            let close = try expect(")", "to close the parenthesis", opening: token)
            let range = token.range.extended(to: close.range)
            return Expression(inner.kind, range: range, source: text(range))
        case .symbol("["):
            advance()
            var items: [Expression] = []
            while current.kind != .symbol("]") {
                items.append(try expression())
                guard current.kind == .symbol(",") else { break }
                advance()
            }
            let close = try expect("]", "to close the list", opening: token)
            let range = token.range.extended(to: close.range)
            return Expression(.list(items), range: range, source: text(range))
        case .newline, .end:
            throw Diagnostic("the expression ends too early", at: token.range)
        default:
            throw Diagnostic("expected a value but found '\(token.text)'", at: token.range)
        }
    }

    // MARK: - Helpers

    var current: Token { tokens[min(position, tokens.count - 1)] }
    var previous: Token { tokens[max(0, min(position, tokens.count) - 1)] }

    mutating func advance() { position += 1 }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// Consumes the closing `symbol` of a bracket opened by `opening`. When the cell ends first, the
    /// error points at the unclosed opening bracket, which is where the author has to look.
    mutating func expect(_ symbol: String, _ purpose: String, opening: Token) throws(Diagnostic) -> Token {
        guard current.kind == .symbol(symbol) else {
            if current.kind == .end || current.range.start.line != previous.range.start.line {
                throw Diagnostic("this '\(opening.text)' is never closed", at: opening.range, notes: ["add '\(symbol)' \(purpose)"])
            }
            let found = current.kind == .newline ? "the end of the line" : "'\(current.text)'"
            throw Diagnostic("expected '\(symbol)' \(purpose), found \(found)", at: current.range)
        }
        let token = current
        advance()
        return token
    }

    func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression {
        let range = left.range.extended(to: right.range)
        return Expression(.binary(op, left, right), range: range, source: text(range))
    }

    /// The author's text for a range on one line of the cell.
    func text(_ range: SourceRange) -> String {
        let lineIndex = range.start.line - origin.firstLine
        guard lineIndex >= 0, lineIndex < lines.count else { return "" }
        let line = lines[lineIndex]
        let from = max(0, range.start.column - 1 - origin.indentation)
        let to = min(line.count, from + range.length)
        return from < to ? Lexer.string(line.dropFirst(from).prefix(to - from)) : ""
    }
}

/// "did you mean …?" for a near-miss name, by edit distance.
public func suggestion(for name: String, among candidates: [String]) -> [String] {
    let limit = max(1, name.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates.sorted() {
        let distance = editDistance(name.lowercased(), candidate.lowercased())
        if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    return best.map { ["did you mean \($0.name)?"] } ?? []
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var row = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = row
    }
    return previous[b.count]
}
