import AttentionCore
import Cells
import Foundation
import Render

/// What a built page's outputs were, stored beside the site in `.docgen/<lesson>.json` so that
/// `docgen check` can say which cell changed and which numbers moved, and `docgen build` can tell
/// that a page's inputs are unchanged.
public struct PageSnapshot: Equatable, Sendable {
    /// One named value of an output: `A["bank","river"]`, or text such as a label.
    public struct Value: Equatable, Sendable {
        public var key: String
        public var number: Double?
        public var text: String?
    }

    public struct CellValues: Equatable, Sendable {
        /// The cell's id, or `line N` when it has none.
        public var name: String
        public var line: Int
        public var values: [Value]
    }

    public var lesson: String
    /// Everything the page's files depend on, hashed: the lesson text, loaded files, templates,
    /// the site's lesson list (navigation), the formats and docgen's version.
    public var inputs: [String: String]
    public var files: [String]
    public var cells: [CellValues]

    static func path(forStem stem: String) -> String { ".docgen/\(stem).json" }

    // MARK: - Values of outputs

    static func cellValues(_ result: CellResult, line: Int) -> CellValues {
        var values: [Value] = []
        for output in result.outputs {
            let name = output.name ?? output.expression.source
            switch output.content {
            case let .matrix(m): values += matrixValues(m, name: name)
            case let .panels(panels):
                for panel in panels { values += matrixValues(panel.matrix, name: "\(name) \(panel.title)") }
            case let .number(x): values.append(Value(key: name, number: x))
            case let .text(t): values.append(Value(key: name, text: t))
            case let .shape(r, c): values.append(Value(key: "shape(\(name))", text: "\(r)×\(c)"))
            case let .steps(s):
                let stages: [(String, [Double])] = [("q·k", s.scores), ("scaled", s.scaled), ("masked", s.masked),
                                                    ("exp", s.exponentials), ("weight", s.weights)]
                for (stage, row) in stages {
                    for (key, x) in zip(s.keys, row) { values.append(Value(key: "steps[\(quote(s.query))].\(stage)[\(quote(key))]", number: x)) }
                }
            case let .sum(s):
                for (j, key) in s.keys.enumerated() {
                    values.append(Value(key: "A[\(quote(s.query)),\(quote(key))]", number: s.weights[j]))
                }
                for (c, x) in s.total.enumerated() {
                    values.append(Value(key: "Output[\(quote(s.query)),\(quote(s.values.colName(c)))]", number: x))
                }
            }
        }
        if let error = result.expectedError { values.append(Value(key: "error", text: error.message)) }
        return CellValues(name: result.cell.options.id ?? "line \(line)", line: line, values: values)
    }

    private static func matrixValues(_ m: Matrix, name: String) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(m.storage.count)
        for i in 0..<m.rows {
            for j in 0..<m.cols {
                values.append(Value(key: "\(name)[\(quote(m.rowName(i))),\(quote(m.colName(j)))]", number: m[i, j]))
            }
        }
        return values
    }

    static func quote(_ s: String) -> String { "\"\(s)\"" }

    // MARK: - JSON

    /// Canonical JSON: keys in a fixed order, numbers as Swift's shortest round-trip decimal.
    var json: String {
        var out = "{\n  \"lesson\": \(Self.string(lesson)),\n  \"inputs\": {"
        out += inputs.keys.sorted().map { "\(Self.string($0)): \(Self.string(inputs[$0]!))" }.joined(separator: ", ")
        out += "},\n  \"files\": [" + files.map(Self.string).joined(separator: ", ") + "],\n  \"cells\": ["
        out += cells.map { cell in
            "\n    {\"name\": \(Self.string(cell.name)), \"line\": \(cell.line), \"values\": ["
                + cell.values.map { v in
                    "\n      [\(Self.string(v.key)), " + (v.number.map(Self.number) ?? Self.string(v.text ?? "")) + (v.number == nil ? ", \"text\"]" : "]")
                }.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        return out + "]\n}\n"
    }

    /// Numbers are written as strings of their shortest round-trip decimal: JSON readers may parse
    /// numbers through a decimal type and lose the last bit, `Double(String)` does not.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"NaN\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        return x == 0 ? "\"0\"" : "\"\(x)\""
    }

    static func string(_ s: String) -> String { JSONText.string(s) }

    init(lesson: String, inputs: [String: String], files: [String], cells: [CellValues]) {
        self.lesson = lesson
        self.inputs = inputs
        self.files = files
        self.cells = cells
    }

    /// Only the inputs and the file list, read from the head of the JSON without parsing the cell
    /// values (the first lines of `json`, by construction), for deciding whether a page can be reused.
    static func header(data: Data) -> (inputs: [String: String], files: [String])? {
        guard let cells = data.range(of: Data(",\n  \"cells\"".utf8)) else { return nil }
        var head = data[data.startIndex..<cells.lowerBound]
        head.append(contentsOf: Array("}".utf8))
        guard let object = (try? JSONSerialization.jsonObject(with: Data(head))) as? [String: Any],
              let inputs = object["inputs"] as? [String: String], let files = object["files"] as? [String] else { return nil }
        return (inputs, files)
    }

    /// Reads a snapshot written by `json`; nil when the file is missing or not one.
    init?(data: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let lesson = object["lesson"] as? String else { return nil }
        self.lesson = lesson
        inputs = object["inputs"] as? [String: String] ?? [:]
        files = object["files"] as? [String] ?? []
        cells = (object["cells"] as? [[String: Any]] ?? []).map { cell in
            let values = (cell["values"] as? [[Any]] ?? []).compactMap { pair -> Value? in
                guard pair.count >= 2, let key = pair[0] as? String else { return nil }
                if pair.count == 3 { return Value(key: key, text: pair[1] as? String) }
                guard let s = pair[1] as? String else { return nil }
                switch s {
                case "-inf": return Value(key: key, number: -.infinity)
                case "inf": return Value(key: key, number: .infinity)
                default: return Value(key: key, number: Double(s) ?? .nan)
                }
            }
            return CellValues(name: cell["name"] as? String ?? "?", line: cell["line"] as? Int ?? 0, values: values)
        }
    }
}

/// JSON string literals, written by hand so the output is canonical (fixed escapes, no locale).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
