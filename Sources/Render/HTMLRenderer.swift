import AttentionCore
import Cells

/// Settings that follow a cell's options into its figures.
public struct FigureContext: Sendable {
    public var precision: Int
    public var colormap: String?
    public var caption: String?
    /// Unique within the page, e.g. `value-matrix-c3`; figures append `-o1`, `-o2`.
    public var idPrefix: String

    public init(precision: Int, colormap: String?, caption: String?, idPrefix: String) {
        self.precision = precision
        self.colormap = colormap
        self.caption = caption
        self.idPrefix = idPrefix
    }

    /// The context of a cell's `index`-th output: its own id; the cell's caption goes on the first figure only.
    public func forOutput(_ index: Int) -> FigureContext {
        var context = self
        context.idPrefix = "\(idPrefix)-o\(index + 1)"
        if index > 0 { context.caption = nil }
        return context
    }

    public init(cell: Cell, pageSlug: String) {
        self.init(precision: cell.options.precision, colormap: cell.options.colormap, caption: cell.options.caption,
                  idPrefix: cell.options.id.map { Slug.make($0) } ?? "\(pageSlug)-c\(cell.number)")
    }
}

/// HTML for cells and their outputs. Pure: values in, markup out.
public enum HTMLRenderer {
    /// One cell: its highlighted source (when echoed), then each output as a figure.
    public static func cell(_ rendered: RenderedCell) -> ByteBuffer {
        let result = rendered.result, context = rendered.context
        var s = Markup()
        s.open("section", [("class", "cell"), ("id", context.idPrefix)])
        if result.cell.options.echo {
            s.open("pre", [("class", "cell-source")])
            s.open("code", [("class", "language-attention")])
            Highlighter.html(result.cell, into: &s)
            s.close("code")
            s.close("pre")
        }
        if let error = result.expectedError {
            s.open("div", [("class", "cell-error"), ("role", "note")])
            s.element("strong", [], "Error, as this cell expects: ")
            s.escaped(error.message)
            for note in error.notes { s.element("span", [("class", "diagnostic-note")], " (\(note))") }
            s.close("div")
        }
        if result.cell.options.output {
            for (index, output) in result.outputs.enumerated() {
                figure(output, context: context.forOutput(index), heatmaps: rendered.heatmaps[index], table: rendered.tables[index], into: &s)
            }
        }
        s.close("section")
        return s.buffer
    }

    /// One output as a `<figure>` with its formula, its view and its caption.
    static func figure(_ output: Output, context: FigureContext, heatmaps: [HeatmapPanel], table model: TableModel?, into s: inout Markup) {
        s.open("figure", [("class", "output output-\(output.view.rawValue)"), ("id", context.idPrefix)])
        let (name, formula) = formulaParts(output)
        if !isBareName(formula) || name == nil {
            s.open("div", [("class", "formula")])
            s.raw(Formula.mathML(formula, name: name))
            s.close("div")
        }
        let p = context.precision
        switch output.content {
        case .matrix:
            if let model { table(model, into: &s) } else if let map = heatmaps.first { s.append(map.svg) }
        case .panels:
            s.open("div", [("class", "panels")])
            for panel in heatmaps {
                s.open("figure", [("class", "panel")])
                s.append(panel.svg)
                s.element("figcaption", [], panel.title ?? "")
                s.close("figure")
            }
            s.close("div")
        case let .number(x):
            s.element("p", [("class", "value")], NumberFormat.typographic(x, precision: p))
        case let .text(t):
            s.element("p", [("class", "value")], t)
        case let .shape(rows, cols):
            s.open("p", [("class", "value")])
            shapeHTML(name: output.name ?? output.expression.source, rows: rows, cols: cols, into: &s)
            s.close("p")
        case let .steps(steps):
            if let model { table(model, into: &s) }
            s.element("p", [("class", "explain")], Tables.stepsExplanation(steps))
        case let .sum(sum):
            if let model { table(model, into: &s) }
            s.element("p", [("class", "explain")],
                      "Output[\(sum.query)] = Σⱼ A[\(sum.query), j] · V[j]. Largest contributions: \(Tables.topContributors(sum, precision: p)).")
        }
        let shapeName: String? = if case .matrix = output.content { output.name ?? "" } else { nil }
        if context.caption != nil || shapeName != nil {
            s.open("figcaption")
            if let text = context.caption { s.element("span", [("class", "caption")], text) }
            if context.caption != nil, shapeName != nil { s.raw(" ") }
            if case let .matrix(m) = output.content, let shapeName { shapeHTML(name: shapeName, rows: m.rows, cols: m.cols, into: &s) }
            s.close("figcaption")
        }
        s.close("figure")
    }

    /// A short title for a figure: `A = softmax(S)`, or just the name when the formula is long.
    static func figureTitle(_ output: Output) -> String {
        guard let definition = output.definition else { return output.expression.source }
        let full = "\(definition.name) = \(definition.expression.source)"
        return full.count <= 60 ? full : definition.name
    }

    static func formulaParts(_ output: Output) -> (String?, Expression) {
        if let definition = output.definition { return (definition.name, definition.expression) }
        return (nil, output.expression)
    }

    static func isBareName(_ e: Expression) -> Bool {
        if case .name = e.kind { return true }
        return false
    }

    /// `V ∈ ℝ^(4×8)` with the exponent as a superscript.
    static func shapeHTML(name: String, rows: Int, cols: Int, into s: inout Markup) {
        s.open("span", [("class", "shape")])
        if !name.isEmpty { s.escaped(name + " ∈ ") }
        s.raw("ℝ<sup>\(rows)×\(cols)</sup>")
        s.close("span")
    }

    /// A table model as an HTML table; numbers typographic, marks as `<strong>` with a screen-reader word.
    static func table(_ model: TableModel, into s: inout Markup) {
        s.open("div", [("class", "table-wrap")])
        s.open("table", [("class", model.style)])
        s.open("thead")
        s.open("tr")
        for entry in model.header { cell(entry, tag: "th", scope: "col", into: &s, markMeaning: model.markMeaning) }
        s.close("tr")
        s.close("thead")
        s.open("tbody")
        for row in model.rows { tableRow(row, into: &s, markMeaning: model.markMeaning) }
        s.close("tbody")
        if !model.footer.isEmpty {
            s.open("tfoot")
            for row in model.footer { tableRow(row, into: &s, markMeaning: model.markMeaning) }
            s.close("tfoot")
        }
        s.close("table")
        s.close("div")
        if let note = model.note { s.element("p", [("class", "elision")], note) }
    }

    private static func tableRow(_ row: [TableModel.Entry], into s: inout Markup, markMeaning: String) {
        s.open("tr")
        for entry in row {
            cell(entry, tag: entry.isHeader ? "th" : "td", scope: entry.isHeader ? "row" : nil, into: &s, markMeaning: markMeaning)
        }
        s.close("tr")
    }

    private static func cell(_ entry: TableModel.Entry, tag: String, scope: String?, into s: inout Markup, markMeaning: String) {
        // Tables have an element per number: written piece by piece, without attribute arrays.
        s.literal("<")
        s.raw(tag)
        if let scope { s.attribute("scope", scope) }
        switch entry.content {
        case .number: s.attribute("class", entry.isMarked ? "num max" : "num")
        case .ellipsis: s.attribute("class", "elided")
        default: break
        }
        s.endStart()
        switch entry.content {
        case let .text(t): s.escaped(t)
        case let .number(_, text):
            if entry.isMarked {
                s.element("strong", [], NumberFormat.typographic(fixed: text))
                s.element("span", [("class", "visually-hidden")], " (\(markMeaning))")
            } else {
                s.number(NumberFormat.typographic(fixed: text))
            }
        case .ellipsis: s.escaped("⋯")
        case .empty: break
        }
        s.close(tag)
    }
}

/// A heatmap drawn for one output (or one panel of a multi-head output).
public struct HeatmapPanel: Equatable, Sendable {
    public var id: String
    public var title: String?
    public var svg: ByteBuffer
}

/// A cell's result with its heatmaps drawn once, shared by the HTML page and the GFM page.
public struct RenderedCell: Sendable {
    public var result: CellResult
    public var context: FigureContext
    /// For each output, its heatmap panels (none for views other than heatmaps).
    public var heatmaps: [[HeatmapPanel]]
    /// For each output shown as a table, the table with its numbers formatted once for both formats.
    public var tables: [TableModel?]

    public init(_ result: CellResult, context: FigureContext) {
        self.result = result
        self.context = context
        heatmaps = result.outputs.enumerated().map { index, output in
            RenderedCell.heatmaps(for: output, context: context.forOutput(index))
        }
        tables = result.outputs.enumerated().map { index, output in
            Tables.model(for: output, precision: context.forOutput(index).precision)
        }
    }

    static func heatmaps(for output: Output, context: FigureContext) -> [HeatmapPanel] {
        switch output.content {
        case let .matrix(m) where output.view == .heatmap:
            return [panel(m, output: output, context: context, scale: .choose(for: [m], isWeights: output.isWeights), title: nil, legend: true)]
        case let .panels(panels):
            let scale = Heatmap.Scale.choose(for: panels.map(\.matrix), isWeights: output.isWeights)
            return panels.enumerated().map { k, item in
                var panelContext = context
                panelContext.idPrefix = "\(context.idPrefix)-p\(k + 1)"
                return panel(item.matrix, output: output, context: panelContext, scale: scale, title: item.title,
                             legend: k == panels.count - 1)
            }
        default:
            return []
        }
    }

    private static func panel(_ m: Matrix, output: Output, context: FigureContext, scale: Heatmap.Scale,
                              title: String?, legend: Bool) -> HeatmapPanel {
        let formula = HTMLRenderer.figureTitle(output)
        var map = Heatmap(matrix: m, scale: scale, colormap: Colormap.named(context.colormap), precision: context.precision,
                          id: context.idPrefix + "-map", title: title.map { "\(formula), \($0)" } ?? context.caption ?? formula,
                          isAttention: output.isQueryByKey)
        map.showLegend = legend
        return HeatmapPanel(id: context.idPrefix, title: title, svg: map.svg())
    }
}

/// URL- and id-safe slugs: lowercase ASCII letters, digits and single hyphens.
public enum Slug {
    public static func make(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for c in text.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                if pendingHyphen && !out.isEmpty { out += "-" }
                pendingHyphen = false
                out.unicodeScalars.append(c)
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}
