import Cells

/// Highlights cell source with the cell language's own lexer, as `<span class="tok-…">` (no script).
public enum Highlighter {
    public static func html(_ source: String) -> String {
        var lines: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(highlight(line: String(line)))
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func highlight(line: String) -> String {
        let chars = Array(line.unicodeScalars)
        guard let tokens = try? Lexer(origin: CellOrigin(file: "", firstLine: 0)).tokens(line) else {
            return Markup.escape(line)
        }
        var s = Markup()
        var column = 0
        for token in tokens {
            guard let kind = cssClass(token) else { continue }
            let start = token.range.start.column - 1
            guard start >= column, start + token.range.length <= chars.count else { continue }
            s.escaped(Lexer.string(chars[column..<start]))
            let text = Lexer.string(chars[start..<(start + token.range.length)])
            if kind.isEmpty { s.escaped(text) } else { s.element("span", [("class", kind)], text) }
            column = start + token.range.length
        }
        if column < chars.count { s.escaped(Lexer.string(chars[column...])) }
        return s.text
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
