import Cells

/// Highlights cell source with the cell language's own lexer, as `<span class="tok-…">` (no script).
public enum Highlighter {
    /// The cell's full source, coloured from the tokens the cell was lexed into for running it; a
    /// cell that does not lex is highlighted line by line, so one bad line keeps the others coloured.
    public static func html(_ cell: Cell, into s: inout Markup) {
        var lines = Lexer.lines(cell.fullSource)
        while lines.last?.isEmpty == true { lines.removeLast() }
        // Token positions are lesson positions: lines from the cell's first line, columns after
        // the fence's indentation.
        let firstLine = cell.fullOrigin.firstLine, indentation = cell.fullOrigin.indentation
        var tokensByLine = [[(token: Token, column: Int)]](repeating: [], count: lines.count)
        if case let .success(tokens) = cell.tokens {
            for token in tokens {
                let line = token.range.start.line - firstLine
                guard line >= 0, line < lines.count else { continue }
                tokensByLine[line].append((token, token.range.start.column - 1 - indentation))
            }
        } else {
            let lexer = Lexer(origin: CellOrigin(file: "", firstLine: 0))
            for (index, line) in lines.enumerated() {
                guard let tokens = try? lexer.tokens(Lexer.string(line)) else { continue }
                tokensByLine[index] = tokens.map { ($0, $0.range.start.column - 1) }
            }
        }
        for (index, line) in lines.enumerated() {
            if index > 0 { s.newline() }
            highlight(Array(line), tokens: tokensByLine[index], into: &s)
        }
    }

    /// One line: the tokens with their 0-based columns in it.
    private static func highlight(_ chars: [Unicode.Scalar], tokens: [(token: Token, column: Int)], into s: inout Markup) {
        var column = 0
        for (token, start) in tokens {
            guard let kind = cssClass(token) else { continue }
            guard start >= column, start + token.range.length <= chars.count else { continue }
            s.escaped(chars[column..<start])
            if kind.isEmpty {
                s.escaped(token.text)
            } else {
                s.begin("span")
                s.attribute("class", kind)
                s.endStart()
                s.escaped(token.text)
                s.literal("</span>")
            }
            column = start + token.range.length
        }
        if column < chars.count { s.escaped(chars[column...]) }
    }

    private static func cssClass(_ token: Token) -> String? {
        switch token.kind {
        case .number: return "tok-num"
        case .string: return "tok-str"
        case .keyword: return "tok-kw"
        case let .identifier(name): return Lexer.builtinNames.contains(name) ? "tok-fn" : ""
        case .symbol, .transpose: return "tok-op"
        case .comment: return token.text.hasPrefix("#|") ? "tok-opt" : "tok-comment"
        case .newline, .end: return nil
        }
    }
}
