/// Builds HTML and SVG text. Text and attribute values always pass through `escape`, so token text
/// such as `<script>` or `"><svg onload=…>` can never become markup; only this file's callers
/// decide what is a tag.
public struct Markup {
    public private(set) var text = ""

    public init() {}

    /// Escapes `& < > " '` for use in element content and in quoted attribute values.
    public static func escape(_ s: String) -> String {
        // Most text (numbers, labels) needs nothing: return it as it is.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == 0xEF }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML; drop them.
                if c.value < 0x20 && c != "\t" && c != "\n" { continue }
                if (0xFFFE...0xFFFF).contains(c.value) { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Opens an element with attributes in the order given (fixed order keeps snapshots stable).
    public mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        text += "<" + tag
        for (name, value) in attributes { text += " \(name)=\"\(Markup.escape(value))\"" }
        text += ">"
    }

    public mutating func close(_ tag: String) { text += "</\(tag)>" }

    /// A self-closing element (SVG).
    public mutating func empty(_ tag: String, _ attributes: [(String, String)] = []) {
        open(tag, attributes)
        text.removeLast()
        text += "/>"
    }

    /// An element with escaped text content.
    public mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ content: String) {
        open(tag, attributes)
        text += Markup.escape(content)
        close(tag)
    }

    public mutating func escaped(_ content: String) { text += Markup.escape(content) }

    /// Markup produced by another `Markup` (already escaped).
    public mutating func raw(_ markup: String) { text += markup }

    public mutating func newline() { text += "\n" }
}
