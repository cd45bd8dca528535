import Cells
import Foundation

/// Prints diagnostics for people (with the source line and a caret), for GitHub Actions, or as JSON.
public enum DiagnosticStyle: String, Sendable, CaseIterable {
    case terminal, github, json
}

public enum DiagnosticPrinter {
    /// `sourceLines` gives the text of a file's lines for the caret display, by display path.
    public static func format(_ diagnostics: [Diagnostic], style: DiagnosticStyle, sourceLines: (String) -> [String]?) -> String {
        switch style {
        case .terminal:
            return diagnostics.map { terminal($0, lines: sourceLines($0.location.file)) }.joined()
        case .github:
            return diagnostics.map(github).joined()
        case .json:
            return json(diagnostics)
        }
    }

    /// `path:line:col: error: message`, the source line, a caret under the range, then notes.
    static func terminal(_ d: Diagnostic, lines: [String]?) -> String {
        var out = "\(d.location): \(d.severity.rawValue): \(d.message)\n"
        if let lines, d.location.line >= 1, d.location.line <= lines.count {
            let line = lines[d.location.line - 1].replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: "")
            let number = String(d.location.line)
            let gutter = String(repeating: " ", count: number.count)
            out += " \(number) | \(line)\n"
            out += " \(gutter) | " + String(repeating: " ", count: max(0, d.location.column - 1)) + String(repeating: "^", count: d.range.length) + "\n"
        }
        for note in d.notes { out += "note: \(note)\n" }
        return out
    }

    /// A GitHub Actions workflow command: the annotation appears on the lesson's line in the pull request.
    static func github(_ d: Diagnostic) -> String {
        func escapeData(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        let level = d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "notice")
        let message = ([d.message] + d.notes).joined(separator: "\n")
        return "::\(level) file=\(escapeProperty(d.location.file)),line=\(d.location.line),col=\(d.location.column),endColumn=\(d.location.column + d.range.length)::\(escapeData(message))\n"
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let quote = JSONText.string
        let items = diagnostics.map { d in
            "{\"severity\":\(quote(d.severity.rawValue)),\"file\":\(quote(d.location.file)),\"line\":\(d.location.line),"
                + "\"column\":\(d.location.column),\"length\":\(d.range.length),\"message\":\(quote(d.message)),"
                + "\"notes\":[" + d.notes.map(quote).joined(separator: ",") + "]}"
        }
        return "[" + items.joined(separator: ",\n") + "]\n"
    }
}
