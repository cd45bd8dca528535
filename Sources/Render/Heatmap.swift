import AttentionCore

/// Renders a matrix as an accessible, canonical SVG heatmap.
///
/// Canonical means: ids from the page and cell, attributes in a fixed order, whole-pixel geometry,
/// so the same matrix always gives the same bytes and snapshot diffs stay small.
public struct Heatmap {
    /// How colours map to values.
    public enum Scale: Equatable, Sendable {
        /// Softmax weights: a fixed [0, 1] scale so heads and pages compare.
        case weights
        /// Signed values: diverging around 0, symmetric to the largest magnitude.
        case signed(limit: Double)
        /// Non-negative values other than weights: sequential from min to max.
        case sequential(min: Double, max: Double)

        /// The scale a matrix (or several sharing one scale) calls for.
        public static func choose(for matrices: [Matrix], isWeights: Bool) -> Scale {
            if isWeights { return .weights }
            let finite = matrices.flatMap(\.storage).filter(\.isFinite)
            let lo = finite.min() ?? 0, hi = finite.max() ?? 1
            if lo < 0 { return .signed(limit: Swift.max(abs(lo), abs(hi), 1e-12)) }
            return .sequential(min: lo, max: hi > lo ? hi : lo + 1)
        }

        func position(_ x: Double) -> Double {
            switch self {
            case .weights: return x
            case let .signed(limit): return 0.5 + 0.5 * x / limit
            case let .sequential(lo, hi): return (x - lo) / (hi - lo)
            }
        }

        var ticks: [Double] {
            switch self {
            case .weights: return [0, 0.5, 1]
            case let .signed(limit): return [-limit, 0, limit]
            case let .sequential(lo, hi): return [lo, (lo + hi) / 2, hi]
            }
        }

        var summary: String {
            switch self {
            case .weights: return "colour shows the weight on a fixed scale from 0 to 1"
            case .signed: return "colour shows the value on a diverging scale centred on 0 (blue below, red above)"
            case .sequential: return "colour shows the value from the smallest to the largest"
            }
        }
    }

    public var matrix: Matrix
    public var scale: Scale
    public var colormap: Colormap
    public var precision: Int
    /// Unique within the page: derived from the page and the cell, e.g. `qkv-c3-o1`.
    public var id: String
    public var title: String
    /// Rows are queries ("from") and columns keys ("to") for attention weights.
    public var isAttention: Bool
    public var showLegend = true

    /// Per-cell `<title>` elements up to this many cells; larger maps say so in their description.
    public static let maxCellTitles = 4096
    static let gridTarget = 560
    static let labelFont = 12
    static let minLabelSpacing = 13

    public init(matrix: Matrix, scale: Scale, colormap: Colormap? = nil, precision: Int, id: String, title: String, isAttention: Bool) {
        self.matrix = matrix
        self.scale = scale
        self.colormap = colormap ?? (scale.isSigned ? .diverging : .viridis)
        self.precision = precision
        self.id = id
        self.title = title
        self.isAttention = isAttention
    }

    /// Labels longer than this are shortened with "…" (the full text stays in the cell titles).
    static let maxLabelCharacters = 14

    public func svg() -> ByteBuffer {
        let n = matrix.rows, m = matrix.cols
        let cell = Swift.max(1, Swift.min(56, Heatmap.gridTarget / Swift.max(1, Swift.max(n, m))))
        // Cells are square, so rows and columns thin their labels by the same step.
        let step = cell >= Heatmap.minLabelSpacing ? 1 : (Heatmap.minLabelSpacing + cell - 1) / cell
        let rowStep = n > 1 ? step : 1, colStep = m > 1 ? step : 1
        let rowNames = (0..<n).map { short(matrix.rowName($0)) }
        let colNames = (0..<m).map { short(matrix.colName($0)) }
        let longestRow = rowNames.map(Heatmap.characterCount).max() ?? 1
        let longestCol = colNames.map(Heatmap.characterCount).max() ?? 1
        let charWidth = 7
        let left = 28 + longestRow * charWidth + 8
        let top = 28 + Int(Double(longestCol * charWidth) * 0.75) + 10
        let gridW = cell * m, gridH = cell * n
        let legendX = left + gridW + 16
        let legendH = Swift.max(gridH, 90)
        let tickLabels = scale.ticks.map { NumberFormat.typographic($0, precision: 2) }
        let width = legendX + (showLegend ? 14 + 8 + (tickLabels.map(Heatmap.characterCount).max() ?? 4) * charWidth + 4 : 0)
        var notes: [String] = []
        if rowStep > 1 { notes.append("every \(Heatmap.ordinal(rowStep)) of \(n) row labels shown") }
        if colStep > 1 { notes.append("every \(Heatmap.ordinal(colStep)) of \(m) column labels shown") }
        // Each value is formatted once, for its cell title and its label.
        let texts = matrix.storage.map { NumberFormat.typographic($0, precision: precision) }
        let widestValue = texts.lazy.map(Heatmap.characterCount).max() ?? 0
        let fitsValues = n * m <= Heatmap.maxCellTitles && widestValue * 7 + 6 <= cell
        let hasTitles = n * m <= Heatmap.maxCellTitles
        if !hasTitles { notes.append("per-cell values omitted at this size") }
        let height = top + Swift.max(gridH, showLegend ? legendH : 0) + 12 + (notes.isEmpty ? 0 : 18)

        var s = Markup()
        s.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("class", "heatmap"), ("id", id), ("width", "\(width)"),
                       ("height", "\(height)"), ("viewBox", "0 0 \(width) \(height)"), ("role", "img"),
                       ("aria-labelledby", "\(id)-title \(id)-desc")])
        s.element("title", [("id", "\(id)-title")], title)
        s.element("desc", [("id", "\(id)-desc")], description(notes: notes, hasTitles: hasTitles))
        s.open("defs")
        s.open("pattern", [("id", "\(id)-hatch"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"),
                           ("patternTransform", "rotate(45)")])
        s.empty("rect", [("width", "6"), ("height", "6"), ("fill", "#f2f2f2")])
        s.empty("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", "#767676"), ("stroke-width", "2")])
        s.close("pattern")
        if showLegend {
            s.open("linearGradient", [("id", "\(id)-scale"), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")])
            for k in 0...10 {
                let t = Double(k) / 10
                s.empty("stop", [("offset", NumberFormat.fixed(t, precision: 1)), ("stop-color", colormap.hex(t))])
            }
            s.close("linearGradient")
        }
        s.close("defs")
        s.newline()
        // Axis titles.
        let rowAxis = isAttention ? "from (query) ↓" : "rows ↓"
        let colAxis = isAttention ? "to (key) →" : "columns →"
        s.element("text", [("class", "axis"), ("x", "\(left)"), ("y", "14"), ("font-size", "12")], colAxis)
        s.element("text", [("class", "axis"), ("x", "14"), ("y", "\(top)"), ("font-size", "12"),
                           ("transform", "rotate(-90 14 \(top))"), ("text-anchor", "end")], rowAxis)
        s.newline()
        // Labels.
        s.open("g", [("class", "labels"), ("font-size", "\(Heatmap.labelFont)")])
        for i in stride(from: 0, to: n, by: rowStep) {
            let y = top + i * cell + cell / 2 + 4
            s.element("text", [("x", "\(left - 6)"), ("y", "\(y)"), ("text-anchor", "end")], rowNames[i])
        }
        for j in stride(from: 0, to: m, by: colStep) {
            let x = left + j * cell + cell / 2
            s.element("text", [("x", "\(x)"), ("y", "\(top - 6)"), ("transform", "rotate(-45 \(x) \(top - 6))")], colNames[j])
        }
        s.close("g")
        s.newline()
        // Cells: rectangles with a title each while that stays readable; beyond, one image with a
        // pixel per cell (masked cells grey), which keeps a 512×512 map to about a megabyte.
        // With a rectangle per cell, each cell's colour is worked out once, for its fill and its text.
        let colours = hasTitles ? matrix.storage.map { colormap.rgb(scale.position($0)) } : []
        if !hasTitles {
            var rgb = [UInt8](repeating: 0, count: n * m * 3)
            for index in 0..<(n * m) {
                let x = matrix.storage[index]
                let colour = x == -.infinity ? (0.74, 0.74, 0.74) : colormap.rgb(scale.position(x))
                rgb[index * 3] = UInt8((colour.0 * 255).rounded())
                rgb[index * 3 + 1] = UInt8((colour.1 * 255).rounded())
                rgb[index * 3 + 2] = UInt8((colour.2 * 255).rounded())
            }
            let png = PNG.base64(PNG.encode(width: m, height: n, rgb: rgb))
            s.empty("image", [("x", "\(left)"), ("y", "\(top)"), ("width", "\(gridW)"), ("height", "\(gridH)"),
                              ("preserveAspectRatio", "none"), ("style", "image-rendering:pixelated"),
                              ("href", "data:image/png;base64," + png)])
            s.newline()
        } else {
            s.open("g", [("class", "cells")])
            let hatch = "url(#\(id)-hatch)"
            // Each label is escaped once, not once per cell of its row or column.
            let fullRowNames = (0..<n).map { Markup.escape(matrix.rowName($0)) }
            let fullColNames = (0..<m).map { Markup.escape(matrix.colName($0)) }
            for i in 0..<n {
                for j in 0..<m {
                    let x = matrix[i, j]
                    let masked = x == -.infinity
                    s.begin("rect")
                    s.attribute("x", left + j * cell)
                    s.attribute("y", top + i * cell)
                    s.attribute("width", cell)
                    s.attribute("height", cell)
                    if masked { s.attribute("fill", hatch) } else { s.attribute("fill", colour: colours[i * m + j]) }
                    s.literal("><title>")
                    s.raw(fullRowNames[i])
                    s.literal(" → ")
                    s.raw(fullColNames[j])
                    s.literal(": ")
                    if masked { s.literal("masked (−∞)") } else { s.number(texts[i * m + j]) }
                    s.literal("</title></rect>")
                }
                s.newline()
            }
            s.close("g")
        }
        if fitsValues {
            s.open("g", [("class", "values"), ("font-size", "11"), ("text-anchor", "middle")])
            for i in 0..<n {
                for j in 0..<m {
                    let x = matrix[i, j]
                    let text = texts[i * m + j]
                    let colour = x == -.infinity ? "#000000" : Colormap.textColour(on: colours[i * m + j])
                    s.begin("text")
                    s.attribute("x", left + j * cell + cell / 2)
                    s.attribute("y", top + i * cell + cell / 2 + 4)
                    s.attribute("fill", colour)
                    s.endStart()
                    s.number(text)
                    s.literal("</text>")
                }
            }
            s.close("g")
            s.newline()
        }
        if showLegend {
            s.open("g", [("class", "legend"), ("font-size", "11")])
            s.empty("rect", [("x", "\(legendX)"), ("y", "\(top)"), ("width", "14"), ("height", "\(legendH)"),
                             ("fill", "url(#\(id)-scale)"), ("stroke", "#767676")])
            for (k, label) in tickLabels.enumerated() {
                let y = top + legendH - Int((Double(legendH) * Double(k) / Double(tickLabels.count - 1)).rounded())
                s.empty("line", [("x1", "\(legendX + 14)"), ("y1", "\(y)"), ("x2", "\(legendX + 18)"), ("y2", "\(y)"), ("stroke", "#767676")])
                s.element("text", [("x", "\(legendX + 20)"), ("y", "\(y + 4)")], label)
            }
            s.close("g")
            s.newline()
        }
        if !notes.isEmpty {
            s.element("text", [("class", "note"), ("x", "\(left)"), ("y", "\(height - 6)"), ("font-size", "11")], notes.joined(separator: "; "))
        }
        s.close("svg")
        return s.buffer
    }

    private func description(notes: [String], hasTitles: Bool) -> String {
        var parts = ["Heatmap, \(matrix.rows) rows by \(matrix.cols) columns"]
        parts.append(isAttention ? "rows are queries (from), columns are keys (to)" : "rows and columns as labelled")
        parts.append(scale.summary)
        if matrix.storage.contains(-.infinity) {
            parts.append(hasTitles ? "hatched cells are masked (−∞, weight 0)" : "grey cells are masked (−∞, weight 0)")
        }
        if matrix.rows > 0, matrix.cols > 0 {
            let (i, j) = matrix.argmax
            parts.append("largest: \(matrix.rowName(i)) → \(matrix.colName(j)) \(NumberFormat.typographic(matrix[i, j], precision: precision))")
        }
        return parts.joined(separator: "; ") + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")) + "."
    }

    /// Characters in `text`, for sizing: counted from the bytes when they are ASCII (labels and
    /// numbers almost always are), which is much cheaper than walking grapheme clusters.
    static func characterCount(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }

    /// 2nd, 3rd, 4th, 11th, 21st …
    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    private func short(_ label: String) -> String {
        Heatmap.characterCount(label) <= Heatmap.maxLabelCharacters ? label : String(label.prefix(Heatmap.maxLabelCharacters - 1)) + "…"
    }
}

extension Heatmap.Scale {
    var isSigned: Bool {
        if case .signed = self { return true }
        return false
    }
}
