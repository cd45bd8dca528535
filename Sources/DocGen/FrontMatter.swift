import Cells

/// The YAML front matter of a lesson: flat `key: value` pairs between `---` lines at the very top.
///
/// docgen reads only scalar keys (`title`, `order`, `description`, …); nested YAML is not needed for a
/// lesson, so a small reader keeps the dependency list short. Values may be quoted.
struct FrontMatter: Equatable {
    var fields: [String: String] = [:]

    var title: String? { fields["title"] }
    var description: String? { fields["description"] }
    var order: Double? { fields["order"].flatMap(Double.init) }

    /// Splits `text` into front matter and body. The front matter's lines become blank lines in the
    /// body, so line numbers in the body are line numbers in the file.
    static func split(_ text: String, file: String) -> (FrontMatter, body: String, [Diagnostic]) {
        guard text.hasPrefix("---") else { return (FrontMatter(), text, []) }
        func closes(_ line: String) -> Bool { line.trimmingCR == "---" || line.trimmingCR == "..." }
        // Lines up to the closing marker; everything after it stays one piece, the body.
        var lines: [String] = []
        var rest = Substring(text)
        while let newline = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(rest[..<newline]))
            rest = rest[rest.utf8.index(after: newline)...]
            if lines.count > 1, closes(lines[lines.count - 1]) { break }
        }
        lines.append(String(rest))
        guard let first = lines.first, first.trimmingCR == "---" else { return (FrontMatter(), text, []) }
        guard let close = lines.dropFirst().firstIndex(where: closes) else {
            let location = SourceLocation(file: file, line: 1, column: 1)
            return (FrontMatter(), text, [Diagnostic("front matter starts with '---' but has no closing '---' line",
                                                     at: SourceRange(start: location, length: 3))])
        }
        var matter = FrontMatter()
        var diagnostics: [Diagnostic] = []
        for index in 1..<close {
            let line = lines[index].trimmingCR
            if line.trimmingCharacters(in: " \t").isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") else {
                diagnostics.append(Diagnostic("front matter lines are 'key: value'", at: SourceRange(
                    start: SourceLocation(file: file, line: index + 1, column: 1), length: line.count)))
                continue
            }
            let key = String(line[..<colon]).trimmingCharacters(in: " \t")
            var value = String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
                if q == "\"" { value = value.replacingEscapes }
            }
            matter.fields[key] = value
        }
        let after = lines[(close + 1)...]
        let body = after.isEmpty ? String(repeating: "\n", count: close)
            : String(repeating: "\n", count: close + 1) + after.joined(separator: "\n")
        return (matter, body, diagnostics)
    }
}

extension String {
    var trimmingCR: String { hasSuffix("\r") ? String(dropLast()) : self }
}

extension String {
    /// Drops leading and trailing characters found in `set` (ASCII characters only, compared as
    /// bytes: no grapheme walking for a few spaces).
    func trimmingCharacters(in set: String) -> String {
        let trimmed = Array(set.utf8)
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !trimmed.contains($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !trimmed.contains($0) })!
        return String(Substring(bytes[first..<bytes.index(after: last)]))
    }

    fileprivate var replacingEscapes: String {
        var out = ""
        var escaping = false
        for c in self {
            if escaping {
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
