import Cells

/// Highlights cell source with the cell language's own lexer, as `<span class="tok-…">` (no script).
public enum Highlighter {
    public static func html(_ source: String, into s: inout Markup) {
        var lines = Lexer.lines(source)
        while lines.last?.isEmpty == true { lines.removeLast() }
        let lexer = Lexer(origin: CellOrigin(file: "", firstLine: 0))
        // One pass over the whole cell; a cell that does not lex is highlighted line by line, so
        // one bad line keeps the others coloured.
        var tokensByLine = [[Token]](repeating: [], count: lines.count)
        if let tokens = try? lexer.tokens(source) {
            for token in tokens where token.range.start.line < lines.count { tokensByLine[token.range.start.line].append(token) }
        } else {
            for (index, line) in lines.enumerated() {
                guard let tokens = try? lexer.tokens(Lexer.string(line)) else { tokensByLine[index] = []; continue }
                tokensByLine[index] = tokens
            }
        }
        for (index, line) in lines.enumerated() {
            if index > 0 { s.newline() }
            highlight(Array(line), tokens: tokensByLine[index], into: &s)
        }
    }

    private static func highlight(_ chars: [Unicode.Scalar], tokens: [Token], into s: inout Markup) {
        var column = 0
        for token in tokens {
            guard let kind = cssClass(token) else { continue }
            let start = token.range.start.column - 1
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
