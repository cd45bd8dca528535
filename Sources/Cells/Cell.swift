/// The `#| key: value` options at the top of a cell (Quarto's convention).
public struct CellOptions: Sendable, Equatable {
    public static let known = ["id", "caption", "echo", "output", "precision", "colormap", "error"]
    public static let colormaps = ["viridis", "cividis", "diverging"]

    public var id: String?
    public var caption: String?
    public var echo = true
    public var output = true
    public var precision = 3
    public var colormap: String?
    /// The cell is expected to fail; its error is shown as its output.
    public var expectError = false

    public init() {}
}

/// One fenced `attention` block of a lesson, before it runs.
public struct Cell: Sendable, Equatable {
    /// The cell's code without its option lines.
    public var source: String
    /// The full text inside the fence, options included, for display.
    public var fullSource: String
    public var options: CellOptions
    /// Where `source`'s first line sits in the lesson.
    public var origin: CellOrigin
    /// 1-based position of the cell among the page's cells.
    public var number: Int
    /// Where `fullSource`'s first line sits in the lesson (the first option line, if any).
    public var fullOrigin: CellOrigin
    /// The tokens of `fullSource` (option lines are comments), lexed once for the interpreter and
    /// the highlighter; the diagnostic when the cell does not lex.
    public var tokens: Result<[Token], Diagnostic>

    /// Reads the option lines at the top of `text`; everything after them is the code.
    public static func parse(_ text: String, origin: CellOrigin, number: Int) -> (Cell, [Diagnostic]) {
        var options = CellOptions()
        var diagnostics: [Diagnostic] = []
        // Option lines come first; the code is the rest of the text, taken as it is.
        var optionLines = 0
        var codeStart = text.startIndex
        while codeStart < text.endIndex {
            let lineEnd = text.utf8[codeStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            let line = text[codeStart..<lineEnd]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("#|") else { break }
            let index = optionLines
            optionLines += 1
            codeStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            let body = trimmed.dropFirst(2)
            let column = line.count - trimmed.count + 3
            let location = origin.location(line: index, column: column)
            guard let colon = body.firstIndex(of: ":") else {
                diagnostics.append(Diagnostic("a cell option is written '#| key: value'", at: SourceRange(start: location, length: body.count)))
                continue
            }
            let key = body[..<colon].trimmingSpaces
            let value = unquote(body[body.index(after: colon)...].trimmingSpaces)
            let leading = body.prefix { $0 == " " }.count
            let keyRange = SourceRange(start: SourceLocation(file: location.file, line: location.line, column: location.column + leading), length: key.count)
            func bool() -> Bool? {
                switch value {
                case "true": return true
                case "false": return false
                default:
                    diagnostics.append(Diagnostic("option '\(key)' takes true or false, not '\(value)'", at: keyRange))
                    return nil
                }
            }
            switch key {
            case "id": options.id = value
            case "caption": options.caption = value
            case "echo": options.echo = bool() ?? options.echo
            case "output": options.output = bool() ?? options.output
            case "error": options.expectError = bool() ?? options.expectError
            case "precision":
                if let p = Int(value), (0...12).contains(p) { options.precision = p } else {
                    diagnostics.append(Diagnostic("precision must be a whole number from 0 to 12, not '\(value)'", at: keyRange))
                }
            case "colormap":
                if CellOptions.colormaps.contains(value) { options.colormap = value } else {
                    diagnostics.append(Diagnostic("unknown colormap '\(value)'", at: keyRange,
                                                  notes: ["colormaps: " + CellOptions.colormaps.joined(separator: ", ")]))
                }
            default:
                diagnostics.append(Diagnostic("unknown cell option '\(key)'", at: keyRange,
                                              notes: suggestion(for: key, among: CellOptions.known)
                                                + ["options: " + CellOptions.known.joined(separator: ", ")]))
            }
        }
        let code = String(text[codeStart...])
        var codeOrigin = origin
        codeOrigin.firstLine += optionLines
        let tokens: Result<[Token], Diagnostic>
        do {
            tokens = .success(try Lexer(origin: origin).tokens(text))
        } catch {
            tokens = .failure(error)
        }
        let cell = Cell(source: code, fullSource: text, options: options, origin: codeOrigin, number: number, fullOrigin: origin,
                        tokens: tokens)
        return (cell, diagnostics)
    }

    private static func unquote(_ s: String) -> String {
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { return String(s.dropFirst().dropLast()) }
        return s
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
