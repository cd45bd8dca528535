/// A lexical token of the cell language.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case keyword(String)
        case symbol(String)
        case transpose
        case comment
        case newline
        case end
    }

    public var kind: Kind
    public var text: String
    public var range: SourceRange
}

/// Where a cell's first source line sits in its lesson, so cell positions map to file positions.
public struct CellOrigin: Sendable, Hashable {
    public var file: String
    /// File line of the cell's first source line (the line after the opening fence).
    public var firstLine: Int
    /// Characters of indentation before each cell line (a fence indented inside a list).
    public var indentation: Int

    public init(file: String, firstLine: Int, indentation: Int = 0) {
        self.file = file
        self.firstLine = firstLine
        self.indentation = indentation
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: firstLine + line, column: indentation + column)
    }
}

/// Splits cell source into tokens. Used by the parser and by the HTML highlighter, so the colours a
/// reader sees come from the same rules that run the cell.
public struct Lexer {
    public static let keywords: Set<String> = ["show", "as", "for"]
    /// Names of the built-in functions, for highlighting.
    public static var builtinNames: Set<String> { Builtins.names }

    let origin: CellOrigin

    public init(origin: CellOrigin) { self.origin = origin }

    // The lexer reads Unicode scalars, not grapheme clusters (which need a lookup per step); columns
    // therefore count scalars, which equals characters except inside combining sequences.

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    static func startsName(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_" }
        return c != "ᵀ" && c.properties.isAlphabetic
    }

    static func continuesName(_ c: Unicode.Scalar) -> Bool {
        startsName(c) || isDigit(c) || (!c.isASCII && c != "ᵀ" && c.properties.numericType != nil)
    }

    /// The text of a run of scalars. Cell source is mostly ASCII, whose bytes are written directly
    /// (appending scalars one by one to a String is several times slower).
    public static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        if scalars.allSatisfy(\.isASCII) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                var i = 0
                for scalar in scalars {
                    buffer[i] = UInt8(truncatingIfNeeded: scalar.value)
                    i += 1
                }
                return i
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// The source split into lines of scalars, a trailing carriage return dropped from each.
    public static func lines(_ source: String) -> [ArraySlice<Unicode.Scalar>] {
        // Appended one by one: `Array(source.unicodeScalars)` decodes the text twice (once to count).
        var all: [Unicode.Scalar] = []
        all.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars { all.append(scalar) }
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for (i, c) in all.enumerated() where c == "\n" {
            lines.append(all[start..<i])
            start = i + 1
        }
        lines.append(all[start...])
        return lines.map { $0.last == "\r" ? $0.dropLast() : $0 }
    }

    static func symbol(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "(": "("
        case ")": ")"
        case "[": "["
        case "]": "]"
        case "=": "="
        case ",": ","
        case ":": ":"
        case "+": "+"
        case "-": "-"
        case "*": "*"
        case "/": "/"
        case ".": "."
        case "·", "@", "⋅": "·"
        default: nil
        }
    }

    /// Tokens of the whole source, comments included (the parser skips them). Newlines inside
    /// brackets or parentheses are dropped so literals may span lines.
    public func tokens(_ source: String) throws(Diagnostic) -> [Token] {
        var result: [Token] = []
        var depth = 0
        let lines = Lexer.lines(source)
        for (lineIndex, line) in lines.enumerated() {
            let chars = Array(line)
            var i = 0
            func range(_ start: Int, _ length: Int) -> SourceRange {
                SourceRange(start: origin.location(line: lineIndex, column: start + 1), length: length)
            }
            func add(_ kind: Token.Kind, _ start: Int, _ end: Int, text: String? = nil) {
                result.append(Token(kind: kind, text: text ?? Lexer.string(chars[start..<end]), range: range(start, end - start)))
            }
            while i < chars.count {
                let c = chars[i]
                let start = i
                if c == " " || c == "\t" {
                    i += 1
                } else if c == "#" {
                    add(.comment, start, chars.count)
                    i = chars.count
                } else if Lexer.isDigit(c) || (c == "." && i + 1 < chars.count && Lexer.isDigit(chars[i + 1])) {
                    while i < chars.count, Lexer.isDigit(chars[i]) || chars[i] == "." { i += 1 }
                    if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                        var j = i + 1
                        if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                        if j < chars.count, Lexer.isDigit(chars[j]) {
                            i = j
                            while i < chars.count, Lexer.isDigit(chars[i]) { i += 1 }
                        }
                    }
                    let text = Lexer.string(chars[start..<i])
                    guard let value = Double(text), value.isFinite else {
                        throw Diagnostic("'\(text)' is not a number", at: range(start, i - start))
                    }
                    add(.number(value), start, i, text: text)
                } else if c == "\"" {
                    i += 1
                    var text = ""
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "\\", i + 1 < chars.count {
                            text.unicodeScalars.append(chars[i + 1])
                            i += 2
                        } else if chars[i] == "\"" {
                            closed = true
                            i += 1
                            break
                        } else {
                            text.unicodeScalars.append(chars[i])
                            i += 1
                        }
                    }
                    guard closed else {
                        throw Diagnostic("this string is never closed: add a \" before the end of the line", at: range(start, 1))
                    }
                    add(.string(text), start, i)
                } else if Lexer.startsName(c) {
                    while i < chars.count, Lexer.continuesName(chars[i]) { i += 1 }
                    let word = Lexer.string(chars[start..<i])
                    add(Lexer.keywords.contains(word) ? .keyword(word) : .identifier(word), start, i, text: word)
                } else if c == "^" {
                    guard i + 1 < chars.count, chars[i + 1] == "T" else {
                        throw Diagnostic("'^' is only used for transpose, written ^T", at: range(start, 1))
                    }
                    i += 2
                    add(.transpose, start, i)
                } else if c == "ᵀ" {
                    i += 1
                    add(.transpose, start, i)
                } else if let symbol = Lexer.symbol(c) {
                    if c == "(" || c == "[" {
                        depth += 1
                    } else if c == ")" || c == "]" {
                        depth = max(depth - 1, 0)
                    }
                    i += 1
                    add(.symbol(symbol), start, i, text: chars[start] == symbol.unicodeScalars.first ? symbol : nil)
                } else {
                    throw Diagnostic("unexpected character '\(c)'", at: range(start, 1),
                                     notes: c == "×" ? ["write · or @ for a matrix product, * for element-wise"] : ["operators are · or @ (product), + - * /, ^T or ᵀ (transpose)"])
                }
            }
            if depth == 0 {
                result.append(Token(kind: .newline, text: "", range: range(chars.count, 1)))
            }
        }
        result.append(Token(kind: .end, text: "", range: SourceRange(start: origin.location(line: max(0, lines.count - 1), column: 1))))
        return result
    }
}
