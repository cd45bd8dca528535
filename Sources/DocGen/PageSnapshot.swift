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

    /// A shown matrix, kept whole: the snapshot stores it row by row, not as a key per number.
    public struct MatrixValues: Equatable, Sendable {
        public var name: String
        public var rows: [String]
        public var cols: [String]
        /// Row-major, `rows.count × cols.count`.
        public var values: [Double]

        /// `name["row","col"]` for each number, the form `check` reports.
        var keyedValues: [Value] {
            let columnKeys = cols.map { PageSnapshot.quote($0) + "]" }
            var result: [Value] = []
            result.reserveCapacity(values.count)
            for (i, row) in rows.enumerated() {
                let rowKey = name + "[" + PageSnapshot.quote(row) + ","
                for (j, columnKey) in columnKeys.enumerated() { result.append(Value(key: rowKey + columnKey, number: values[i * cols.count + j])) }
            }
            return result
        }
    }

    public struct CellValues: Equatable, Sendable {
        /// The cell's id, or `line N` when it has none.
        public var name: String
        public var line: Int
        public var matrices: [MatrixValues] = []
        /// Numbers and text other than whole matrices (steps, sums, shapes, errors).
        public var others: [Value] = []

        /// Every value by key: the matrices' numbers, then the others.
        public var values: [Value] { matrices.flatMap(\.keyedValues) + others }
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
        var cell = CellValues(name: result.cell.options.id ?? "line \(line)", line: line)
        func add(_ m: Matrix, name: String) {
            cell.matrices.append(MatrixValues(name: name, rows: (0..<m.rows).map(m.rowName), cols: (0..<m.cols).map(m.colName),
                                              values: m.storage))
        }
        for output in result.outputs {
            let name = output.name ?? output.expression.source
            switch output.content {
            case let .matrix(m): add(m, name: name)
            case let .panels(panels):
                for panel in panels { add(panel.matrix, name: "\(name) \(panel.title)") }
            case let .number(x): cell.others.append(Value(key: name, number: x))
            case let .text(t): cell.others.append(Value(key: name, text: t))
            case let .shape(r, c): cell.others.append(Value(key: "shape(\(name))", text: "\(r)×\(c)"))
            case let .steps(s):
                let stages: [(String, [Double])] = [("q·k", s.scores), ("scaled", s.scaled), ("masked", s.masked),
                                                    ("exp", s.exponentials), ("weight", s.weights)]
                for (stage, row) in stages {
                    for (key, x) in zip(s.keys, row) { cell.others.append(Value(key: "steps[\(quote(s.query))].\(stage)[\(quote(key))]", number: x)) }
                }
            case let .sum(s):
                for (j, key) in s.keys.enumerated() {
                    cell.others.append(Value(key: "A[\(quote(s.query)),\(quote(key))]", number: s.weights[j]))
                }
                for (c, x) in s.total.enumerated() {
                    cell.others.append(Value(key: "Output[\(quote(s.query)),\(quote(s.values.colName(c)))]", number: x))
                }
            }
        }
        if let error = result.expectedError { cell.others.append(Value(key: "error", text: error.message)) }
        return cell
    }

    static func quote(_ s: String) -> String { "\"\(s)\"" }

    // MARK: - JSON

    /// Canonical JSON: keys in a fixed order, numbers as Swift's shortest round-trip decimal.
    var json: Data {
        var out = JSONWriter()
        out.literal("{\n  \"lesson\": ")
        out.string(lesson)
        out.literal(",\n  \"inputs\": {")
        for (index, key) in inputs.keys.sorted().enumerated() {
            if index > 0 { out.literal(", ") }
            out.string(key)
            out.literal(": ")
            out.string(inputs[key]!)
        }
        out.literal("},\n  \"files\": ")
        out.strings(files)
        out.literal(",\n  \"cells\": [")
        for (cellIndex, cell) in cells.enumerated() {
            if cellIndex > 0 { out.literal(",") }
            out.literal("\n    {\"name\": ")
            out.string(cell.name)
            out.literal(", \"line\": ")
            out.text(String(cell.line))
            out.literal(", \"values\": [")
            var first = true
            func separate() {
                if !first { out.literal(",") }
                first = false
            }
            for matrix in cell.matrices {
                separate()
                out.literal("\n      {\"matrix\": ")
                out.string(matrix.name)
                out.literal(", \"rows\": ")
                out.strings(matrix.rows)
                out.literal(", \"cols\": ")
                out.strings(matrix.cols)
                out.literal(", \"values\": [")
                for i in matrix.rows.indices {
                    out.literal(i == 0 ? "\n        [" : ",\n        [")
                    for j in matrix.cols.indices {
                        if j > 0 { out.literal(", ") }
                        out.text(Self.number(matrix.values[i * matrix.cols.count + j]))
                    }
                    out.literal("]")
                }
                out.literal("]}")
            }
            for value in cell.others {
                separate()
                out.literal("\n      [")
                out.string(value.key)
                out.literal(", ")
                if let number = value.number {
                    out.text(Self.number(number))
                    out.literal("]")
                } else {
                    out.string(value.text ?? "")
                    out.literal(", \"text\"]")
                }
            }
            out.literal("]}")
        }
        out.literal("]\n}\n")
        return out.data
    }

    /// The inverse of `number` (without its quotes).
    static func parseNumber(_ s: String) -> Double {
        switch s {
        case "-inf": -.infinity
        case "inf": .infinity
        default: Double(s) ?? .nan
        }
    }

    /// Numbers are written as strings of their shortest round-trip decimal: JSON readers may parse
    /// numbers through a decimal type and lose the last bit, `Double(String)` does not.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"NaN\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        return x == 0 ? "\"0\"" : "\"\(x)\""
    }

    init(lesson: String, inputs: [String: String], files: [String], cells: [CellValues]) {
        self.lesson = lesson
        self.inputs = inputs
        self.files = files
        self.cells = cells
    }

    /// Only the inputs and the file list, read from the head of the JSON without parsing the cell
    /// values (the first lines of `json`, by construction), for deciding whether a page can be reused.
    /// The header of a snapshot file, reading only as far as the cell values start.
    static func header(atPath path: String) -> (inputs: [String: String], files: [String])? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var data = Data()
        let marker = Data(",\n  \"cells\"".utf8)
        while data.range(of: marker) == nil {
            guard let chunk = try? handle.read(upToCount: 16 * 1024), !chunk.isEmpty else { return nil }
            data.append(chunk)
        }
        return header(data: data)
    }

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
            var values = CellValues(name: cell["name"] as? String ?? "?", line: cell["line"] as? Int ?? 0)
            for entry in cell["values"] as? [Any] ?? [] {
                if let matrix = entry as? [String: Any] {
                    guard let name = matrix["matrix"] as? String, let rows = matrix["rows"] as? [String],
                          let cols = matrix["cols"] as? [String], let grid = matrix["values"] as? [[String]],
                          grid.count == rows.count, grid.allSatisfy({ $0.count == cols.count }) else { continue }
                    values.matrices.append(MatrixValues(name: name, rows: rows, cols: cols, values: grid.joined().map(Self.parseNumber)))
                } else if let pair = entry as? [Any], pair.count >= 2, let key = pair[0] as? String {
                    if pair.count == 3 {
                        values.others.append(Value(key: key, text: pair[1] as? String))
                    } else if let number = pair[1] as? String {
                        values.others.append(Value(key: key, number: Self.parseNumber(number)))
                    }
                }
            }
            return values
        }
    }
}

/// JSON string literals, written by hand so the output is canonical (fixed escapes, no locale).
enum JSONText {
    static func string(_ s: String) -> String {
        var writer = JSONWriter()
        writer.string(s)
        return String(decoding: writer.data, as: UTF8.self)
    }
}

/// Writes JSON text as UTF-8 bytes; snapshots hold thousands of quoted keys per page.
struct JSONWriter {
    private var bytes = ByteBuffer(capacity: 64 * 1024)

    var data: Data { bytes.withUnsafeBytes { Data($0) } }

    mutating func literal(_ text: StaticString) { bytes.append(text) }

    /// Text that needs no escaping (numbers, already quoted).
    mutating func text(_ text: String) { bytes.append(text) }

    /// `["a", "b"]`.
    mutating func strings(_ list: [String]) {
        literal("[")
        for (index, item) in list.enumerated() {
            if index > 0 { literal(", ") }
            string(item)
        }
        literal("]")
    }

    /// A quoted, escaped JSON string.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { source in
            // Runs of bytes that need no escaping are copied whole.
            var runStart = 0
            for (index, byte) in source.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(UnsafeBufferPointer(rebasing: source[runStart..<index]))
                escape(byte)
                runStart = index + 1
            }
            bytes.append(UnsafeBufferPointer(rebasing: source[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        let hex: StaticString = "0123456789abcdef"
        switch byte {
        case UInt8(ascii: "\""): literal("\\\"")
        case UInt8(ascii: "\\"): literal("\\\\")
        case 0x0A: literal("\\n")
        case 0x0D: literal("\\r")
        case 0x09: literal("\\t")
        default:
            literal("\\u00")
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 15)])
        }
    }
}
