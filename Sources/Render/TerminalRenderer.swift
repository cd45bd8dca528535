import AttentionCore
import Cells

/// Plain-text outputs for `docgen run`: matrices aligned on the decimal point, with their labels.
public enum TerminalRenderer {
    public static func cell(_ result: CellResult) -> String {
        var parts: [String] = []
        let name = result.cell.options.id ?? "cell \(result.cell.number)"
        parts.append("── \(name) (\(result.cell.origin.file):\(result.cell.origin.firstLine)) ──")
        if let error = result.expectedError { parts.append("error, as expected: \(error.message)") }
        let p = result.cell.options.precision
        for output in result.outputs {
            let title = output.definition.map { "\($0.name) = \($0.expression.source)" } ?? output.expression.source
            switch output.content {
            case let .matrix(m):
                let model = output.view == .table ? Tables.matrix(m, precision: p, markRowMaximum: true, rowSums: true) : Tables.matrix(m, precision: p)
                parts.append("\(title)  (\(m.shapeDescription), shown as \(output.view.rawValue))\n" + table(model))
            case let .panels(panels):
                for panel in panels {
                    parts.append("\(title), \(panel.title)  (\(panel.matrix.shapeDescription))\n" + table(Tables.matrix(panel.matrix, precision: p)))
                }
            case let .number(x): parts.append("\(title) = \(NumberFormat.fixed(x, precision: p))")
            case let .text(t): parts.append("\(title) = \(t)")
            case let .shape(r, c): parts.append("\(title) ∈ ℝ^(\(r)×\(c))")
            case let .steps(s): parts.append("\(title), softmax steps for \(s.query)\n" + table(Tables.steps(s, precision: p)))
            case let .sum(s):
                parts.append("\(title), Output[\(s.query)] term by term\n" + table(Tables.sum(s, precision: p))
                             + "\nlargest contributions: " + Tables.topContributors(s, precision: p))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// Columns padded so numbers line up on the decimal point; marked numbers get a `*`.
    public static func table(_ model: TableModel) -> String {
        func text(_ e: TableModel.Entry) -> String {
            switch e.content {
            case let .text(t): return t
            case let .number(_, text): return text + (e.isMarked ? "*" : "")
            case .ellipsis: return "⋯"
            case .empty: return ""
            }
        }
        let rows = [model.header] + model.rows + model.footer
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (j, e) in row.enumerated() { widths[j] = Swift.max(widths[j], text(e).count) } }
        var lines: [String] = []
        for row in rows {
            var cells: [String] = []
            for (j, e) in row.enumerated() {
                let t = text(e)
                let pad = String(repeating: " ", count: widths[j] - t.count)
                cells.append(j == 0 ? t + pad : pad + t)
            }
            lines.append(cells.joined(separator: "  "))
        }
        if let note = model.note { lines.append(note) }
        return lines.joined(separator: "\n")
    }
}
