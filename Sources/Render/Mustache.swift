/// A small Mustache implementation (interpolation, sections, inverted sections, comments, partials,
/// set delimiters), checked against the official spec tests. Written here because no Swift package
/// registry is reachable; kept to what the spec requires.
public indirect enum MustacheValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([MustacheValue])
    case object([String: MustacheValue])

    var isFalsey: Bool {
        switch self {
        case .bool(false), .null: return true
        case let .list(items): return items.isEmpty
        default: return false
        }
    }

    var text: String {
        switch self {
        case let .string(s): return s
        case let .number(x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case let .bool(b): return b ? "true" : "false"
        case .null: return ""
        case .list, .object: return ""
        }
    }
}

public struct MustacheError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct MustacheTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(name: String, escaped: Bool)
        case section(name: String, inverted: Bool, children: [Node])
        case partial(name: String, indentation: String)
    }

    let nodes: [Node]

    /// Parses a template; errors name the unclosed or mismatched section.
    public init(_ source: String) throws(MustacheError) {
        var parser = MustacheParser(source: Array(source.unicodeScalars))
        nodes = try parser.parse()
    }

    /// Whether `{{{name}}}` (or `{{& name}}`) is the only way the template shows `name`: then its
    /// value can be spliced into the output after rendering without changing what it means.
    public func showsOnlyUnescaped(_ name: String) -> Bool {
        func check(_ nodes: [Node]) -> Bool {
            nodes.allSatisfy { node in
                switch node {
                case let .variable(variable, escaped): return !(variable == name && escaped)
                case let .section(_, _, children): return check(children)
                case .text, .partial: return true
                }
            }
        }
        return check(nodes)
    }

    /// Renders with `context`; `partials` are looked up by name, missing ones render as nothing.
    public func render(_ context: MustacheValue, partials: [String: String] = [:]) throws(MustacheError) -> String {
        var out = ""
        try Self.render(nodes, stack: [context], partials: partials, into: &out)
        return out
    }

    static func render(_ nodes: [Node], stack: [MustacheValue], partials: [String: String], into out: inout String) throws(MustacheError) {
        for node in nodes {
            switch node {
            case let .text(t):
                out += t
            case let .variable(name, escaped):
                let text = lookup(name, in: stack).text
                out += escaped ? Markup.escape(text).replacingApostrophe : text
            case let .section(name, inverted, children):
                let value = lookup(name, in: stack)
                if inverted {
                    if value.isFalsey { try render(children, stack: stack, partials: partials, into: &out) }
                } else if !value.isFalsey {
                    if case let .list(items) = value {
                        for item in items { try render(children, stack: stack + [item], partials: partials, into: &out) }
                    } else {
                        try render(children, stack: stack + [value], partials: partials, into: &out)
                    }
                }
            case let .partial(name, indentation):
                guard var source = partials[name] else { continue }
                if !indentation.isEmpty {
                    source = indent(source, with: indentation)
                }
                let template = try MustacheTemplate(source)
                try render(template.nodes, stack: stack, partials: partials, into: &out)
            }
        }
    }

    /// Prefixes every line of a standalone partial with the tag's indentation.
    static func indent(_ source: String, with indentation: String) -> String {
        var out = ""
        var atLineStart = true
        for c in source {
            if atLineStart { out += indentation }
            out.append(c)
            atLineStart = c == "\n"
        }
        return out
    }

    /// Resolves a (possibly dotted) name against the context stack, innermost first.
    static func lookup(_ name: String, in stack: [MustacheValue]) -> MustacheValue {
        if name == "." { return stack.last ?? .null }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for frame in stack.reversed() {
            guard case let .object(fields) = frame, let first = fields[parts[0]] else { continue }
            var value = first
            for part in parts.dropFirst() {
                guard case let .object(inner) = value, let next = inner[part] else { return .null }
                value = next
            }
            return value
        }
        return .null
    }
}

extension String {
    /// The spec escapes `& < > "` only; Markup also escapes `'`, which the spec's expectations do not.
    var replacingApostrophe: String {
        contains("&#39;") ? replacingAll("&#39;", with: "'") : self
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Turns template characters into nodes, handling standalone lines and delimiter changes.
struct MustacheParser {
    let source: [Unicode.Scalar]
    var position = 0
    var open: [Unicode.Scalar] = ["{", "{"]
    var close: [Unicode.Scalar] = ["}", "}"]

    init(source: [Unicode.Scalar]) { self.source = source }

    mutating func parse() throws(MustacheError) -> [MustacheTemplate.Node] {
        var stack: [(name: String, inverted: Bool, nodes: [MustacheTemplate.Node])] = [("", false, [])]
        var text = ""
        func flush() {
            if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)); text = "" }
        }
        while position < source.count {
            guard matches(open, at: position) else {
                text.unicodeScalars.append(source[position])
                position += 1
                continue
            }
            let tagStart = position
            var contentStart = position + open.count
            var kind: Unicode.Scalar = " "
            if contentStart < source.count, "#^/!>&={".unicodeScalars.contains(source[contentStart]) {
                kind = source[contentStart]
                contentStart += 1
            }
            var closeSequence = close
            if kind == "{" { closeSequence = ["}"] + close }
            if kind == "=" { closeSequence = ["="] + close }
            guard let end = find(closeSequence, from: contentStart) else {
                throw MustacheError(message: "unclosed tag at character \(tagStart)")
            }
            let content = String(String.UnicodeScalarView(source[contentStart..<end])).trimmingWhitespace
            var tagEnd = end + closeSequence.count
            // Standalone: only whitespace before the tag on its line and after it up to the newline.
            var standaloneIndent: String?
            if "#^/!>=".unicodeScalars.contains(kind) {
                let lineStart = lastLineStart(before: tagStart)
                let before = source[lineStart..<tagStart]
                let lineIsFresh = lineStart == 0 || source[lineStart - 1] == "\n"
                if lineIsFresh, before.allSatisfy({ $0 == " " || $0 == "\t" }), let afterEnd = restOfLineIsBlank(from: tagEnd) {
                    standaloneIndent = String(String.UnicodeScalarView(before))
                    text = String(String.UnicodeScalarView(text.unicodeScalars.dropLast(before.count)))
                    tagEnd = afterEnd
                }
            }
            flush()
            switch kind {
            case "#", "^":
                stack.append((content, kind == "^", []))
            case "/":
                guard stack.count > 1, let top = stack.last, top.name == content else {
                    throw MustacheError(message: "unexpected closing tag {{/\(content)}}")
                }
                stack.removeLast()
                stack[stack.count - 1].nodes.append(.section(name: top.name, inverted: top.inverted, children: top.nodes))
            case "!":
                break
            case ">":
                stack[stack.count - 1].nodes.append(.partial(name: content, indentation: standaloneIndent ?? ""))
            case "=":
                let parts = content.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count == 2 else { throw MustacheError(message: "bad delimiter change '\(content)'") }
                open = Array(parts[0].unicodeScalars)
                close = Array(parts[1].unicodeScalars)
            case "&", "{":
                stack[stack.count - 1].nodes.append(.variable(name: content, escaped: false))
            default:
                stack[stack.count - 1].nodes.append(.variable(name: content, escaped: true))
            }
            position = tagEnd
        }
        flush()
        guard stack.count == 1 else { throw MustacheError(message: "section {{#\(stack.last!.name)}} is never closed") }
        return stack[0].nodes
    }

    func matches(_ sequence: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + sequence.count <= source.count else { return false }
        for (k, c) in sequence.enumerated() where source[index + k] != c { return false }
        return true
    }

    func find(_ sequence: [Unicode.Scalar], from index: Int) -> Int? {
        var i = index
        while i + sequence.count <= source.count {
            if matches(sequence, at: i) { return i }
            i += 1
        }
        return nil
    }

    func lastLineStart(before index: Int) -> Int {
        var i = index
        while i > 0, source[i - 1] != "\n" { i -= 1 }
        return i
    }

    /// When only spaces follow up to a newline (or the end), the index just past that newline.
    func restOfLineIsBlank(from index: Int) -> Int? {
        var i = index
        while i < source.count, source[i] == " " || source[i] == "\t" { i += 1 }
        if i == source.count { return i }
        if source[i] == "\n" { return i + 1 }
        if source[i] == "\r", i + 1 < source.count, source[i + 1] == "\n" { return i + 2 }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}
