import AttentionCore
import Cells

/// An asset a page needs beside it (a heatmap SVG for the GFM page), by path relative to the page's folder.
public struct Asset: Equatable, Sendable {
    public var name: String
    public var contents: ByteBuffer

    /// A heatmap's SVG as its own file (ending in a newline).
    init(heatmap panel: HeatmapPanel) {
        name = "\(panel.id).svg"
        contents = panel.svg
        contents.append(UInt8(ascii: "\n"))
    }
}

/// GitHub-flavoured Markdown for cells and outputs: GFM tables, `$$` math, heatmaps as SVG images.
public enum GFMRenderer {
    /// Markdown for one cell, plus the SVG files it links to (under `assetFolder/`).
    public static func cell(_ rendered: RenderedCell, assetFolder: String) -> (String, [Asset]) {
        let result = rendered.result, context = rendered.context
        var parts: [String] = []
        var assets: [Asset] = []
        if result.cell.options.echo {
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(result.cell.fullSource) + 1))
            parts.append(fence + "attention\n" + result.cell.fullSource.trimmingTrailingNewlines + "\n" + fence)
        }
        if let error = result.expectedError {
            parts.append("> **Error, as this cell expects:** " + inline(error.message))
        }
        if result.cell.options.output {
            for (index, output) in result.outputs.enumerated() {
                let (text, figureAssets) = figure(output, context: context.forOutput(index), heatmaps: rendered.heatmaps[index],
                                                  table: rendered.tables[index], assetFolder: assetFolder)
                parts.append(text)
                assets += figureAssets
            }
        }
        return (parts.joined(separator: "\n\n"), assets)
    }

    public static func figure(_ output: Output, context: FigureContext, heatmaps: [HeatmapPanel], table model: TableModel?,
                              assetFolder: String) -> (String, [Asset]) {
        var parts: [String] = []
        var assets: [Asset] = []
        let (name, formula) = HTMLRenderer.formulaParts(output)
        if !HTMLRenderer.isBareName(formula) || name == nil {
            parts.append("$$\n" + Formula.latex(formula, name: name) + "\n$$")
        }
        let p = context.precision
        let caption = context.caption ?? HTMLRenderer.figureTitle(output)
        switch output.content {
        case .matrix:
            if let model { parts.append(table(model)) }
            for panel in heatmaps {
                assets.append(Asset(heatmap: panel))
                parts.append("![\(inline(caption))](\(assetFolder)/\(panel.id).svg)")
            }
        case .panels:
            var images: [String] = []
            for panel in heatmaps {
                assets.append(Asset(heatmap: panel))
                images.append("![\(inline(caption)), \(inline(panel.title ?? ""))](\(assetFolder)/\(panel.id).svg)")
            }
            parts.append(images.joined(separator: " "))
        case let .number(x):
            parts.append("**" + NumberFormat.fixed(x, precision: p) + "**")
        case let .text(t):
            parts.append(inline(t))
        case let .shape(rows, cols):
            parts.append("$" + Formula.texText(output.name ?? output.expression.source) + " \\in \\mathbb{R}^{\(rows)\\times \(cols)}$")
        case let .steps(steps):
            if let model { parts.append(table(model)) }
            parts.append(inline(Tables.stepsExplanation(steps)))
        case let .sum(sum):
            if let model { parts.append(table(model)) }
            parts.append("Largest contributions: \(inline(Tables.topContributors(sum, precision: p))).")
        }
        var captionLine = context.caption.map { "*\(inline($0))*" } ?? ""
        if case let .matrix(m) = output.content {
            let shape = (output.name.map { Formula.texText($0) + " \\in " } ?? "") + "\\mathbb{R}^{\(m.rows)\\times \(m.cols)}"
            captionLine += (captionLine.isEmpty ? "" : " ") + "$\(shape)$"
        }
        if !captionLine.isEmpty { parts.append(captionLine) }
        return (parts.joined(separator: "\n\n"), assets)
    }

    /// The fence must be longer than any run of backticks inside the cell, or the cell would close it.
    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// A GFM table; marked numbers in bold; elision notes under it.
    public static func table(_ model: TableModel) -> String {
        func text(_ e: TableModel.Entry) -> String {
            switch e.content {
            case let .text(t): return e.isHeader ? "**\(inline(t))**" : inline(t)
            case let .number(_, n):
                return e.isMarked ? "**\(n)**" : n
            case .ellipsis: return "⋯"
            case .empty: return ""
            }
        }
        var lines: [String] = []
        lines.append("| " + model.header.map { e in
            if case let .text(t) = e.content { return inline(t) }
            return text(e)
        }.joined(separator: " | ") + " |")
        lines.append("|" + model.header.enumerated().map { $0.offset == 0 ? ":---|" : "---:|" }.joined())
        for row in model.rows + model.footer {
            lines.append("| " + row.map(text).joined(separator: " | ") + " |")
        }
        var out = lines.joined(separator: "\n")
        if let note = model.note { out += "\n\n*" + inline(note) + "*" }
        return out
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "|"), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "~"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "&"), 0x0A, 0x0D: true
        default: false
        }
    }

    /// Escapes text for GFM inline content: Markdown punctuation, table pipes, and `<` so no tag is formed.
    public static func inline(_ s: String) -> String {
        // Labels and numbers rarely hold any of these: then the text is its own escape.
        guard s.utf8.contains(where: isSpecial) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!", "$", "~":
                out += "\\" + String(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
