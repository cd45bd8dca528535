import AttentionCore
import Cells

/// A table as data, built once per view and then written as HTML or GFM, so both formats show the
/// same rows, the same elisions and the same marks.
public struct TableModel: Equatable, Sendable {
    public enum Content: Equatable, Sendable {
        case text(String)
        /// A value and its text at the table's precision, formatted once for every format.
        case number(Double, text: String)
        /// A skipped run of rows or columns.
        case ellipsis
        case empty
    }

    public struct Entry: Equatable, Sendable {
        public var content: Content
        /// A header cell for its row (a token label or a stage name).
        public var isHeader = false
        /// The largest value of its row, or a top contributor.
        public var isMarked = false
    }

    public var header: [Entry]
    public var rows: [[Entry]]
    /// Rows whose role differs from the body (sum rows, checks), drawn with a rule above.
    public var footer: [[Entry]] = []
    /// What elision left out, said in words ("showing 20 of 64 rows").
    public var note: String?
    /// CSS class of the table: matrix, softmax, steps, sum.
    public var style: String
    /// What a mark means, for screen readers: "largest" or "top contributor".
    public var markMeaning = "largest"
}

extension TableModel.Entry {
    static func label(_ s: String) -> Self { .init(content: .text(s), isHeader: true) }
    static func number(_ x: Double, precision: Int, marked: Bool = false) -> Self {
        .init(content: .number(x, text: NumberFormat.fixed(x, precision: precision)), isMarked: marked)
    }
    static let ellipsis = Self(content: .ellipsis)
    static let empty = Self(content: .empty)
}

/// Builds the table for each tabular view.
public enum Tables {
    /// Beyond these sizes the middle rows or columns are elided with a visible marker.
    public static let maxRows = 24
    public static let maxColumns = 12

    /// The positions shown along an axis, with nil where the elision marker goes.
    static func visible(_ count: Int, limit: Int) -> [Int?] {
        guard count > limit else { return Array(0..<count) }
        let head = limit / 2, tail = limit - head - 1
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    static func elisionNote(rows: Int, cols: Int) -> String? {
        var parts: [String] = []
        if rows > maxRows { parts.append("\(maxRows - 1) of \(rows) rows") }
        if cols > maxColumns { parts.append("\(maxColumns - 1) of \(cols) columns") }
        return parts.isEmpty ? nil : "Showing " + parts.joined(separator: " and ") + "; ⋯ marks the rest."
    }

    /// A labelled matrix. `markRowMaximum` marks each row's largest value (softmax tables);
    /// `rowSums` adds a Σ column.
    public static func matrix(_ m: Matrix, precision: Int, markRowMaximum: Bool = false, rowSums: Bool = false) -> TableModel {
        let rowIndices = visible(m.rows, limit: maxRows), colIndices = visible(m.cols, limit: maxColumns)
        let argmax = markRowMaximum ? m.rowArgmax : []
        var header: [TableModel.Entry] = [.empty]
        for j in colIndices { header.append(j.map { .label(m.colName($0)) } ?? .ellipsis) }
        if rowSums { header.append(.label("Σ")) }
        var rows: [[TableModel.Entry]] = []
        for i in rowIndices {
            guard let i else {
                rows.append([.ellipsis] + colIndices.map { _ in .ellipsis } + (rowSums ? [.ellipsis] : []))
                continue
            }
            var row: [TableModel.Entry] = [.label(m.rowName(i))]
            for j in colIndices {
                guard let j else { row.append(.ellipsis); continue }
                row.append(.number(m[i, j], precision: precision, marked: markRowMaximum && argmax[i] == j && m[i, j] > 0))
            }
            if rowSums { row.append(.number(m.rowValues(i).reduce(0, +), precision: precision)) }
            rows.append(row)
        }
        return TableModel(header: header, rows: rows, note: elisionNote(rows: m.rows, cols: m.cols),
                          style: markRowMaximum ? "softmax" : "matrix")
    }

    /// Softmax of one row as arithmetic, one row per stage.
    public static func steps(_ s: SoftmaxSteps, precision: Int) -> TableModel {
        var header: [TableModel.Entry] = [.label("stage")]
        header += s.keys.map { .label($0) }
        var rows: [[TableModel.Entry]] = []
        func stage(_ name: String, _ values: [Double], marked: Int? = nil) {
            rows.append([.label(name)] + values.enumerated().map { .number($0.element, precision: precision, marked: $0.offset == marked) })
        }
        stage("q · k", s.scores)
        if let scale = s.scale {
            stage("÷ √d_k (÷ \(NumberFormat.fixed(1 / scale, precision: precision)))", s.scaled)
        }
        if let mask = s.mask {
            stage("+ mask", mask)
            stage("= masked score", s.masked)
        }
        stage("− row max (\(NumberFormat.fixed(s.maximum, precision: precision)))", s.shifted)
        stage("exp", s.exponentials)
        let best = s.weights.indices.max { s.weights[$0] < s.weights[$1] || (s.weights[$0] == s.weights[$1] && $0 > $1) }
        stage("÷ sum (\(NumberFormat.fixed(s.sum, precision: precision))) = weight", s.weights, marked: s.sum > 0 ? best : nil)
        let total = s.weights.reduce(0, +)
        let footer: [[TableModel.Entry]] = [[.label("Σ weights"), .number(total, precision: precision)] + s.keys.dropFirst().map { _ in .empty }]
        return TableModel(header: header, rows: rows, footer: footer, note: nil, style: "steps")
    }

    /// Output[i] = Σ_j A[i,j]·V[j]: one row per key with its weight and its term, then the sum.
    public static func sum(_ w: WeightedSum, precision: Int, topCount: Int = 2) -> TableModel {
        let colIndices = visible(w.terms.cols, limit: maxColumns)
        let top = Set(w.ranking.prefix(topCount))
        var header: [TableModel.Entry] = [.label("key j"), .label("A[i,j]")]
        for c in colIndices { header.append(c.map { .label("term \(w.values.colName($0))") } ?? .ellipsis) }
        var rows: [[TableModel.Entry]] = []
        for (j, key) in w.keys.enumerated() {
            var row: [TableModel.Entry] = [.label(key), .number(w.weights[j], precision: precision, marked: top.contains(j))]
            for c in colIndices { row.append(c.map { .number(w.terms[j, $0], precision: precision) } ?? .ellipsis) }
            rows.append(row)
        }
        var footer: [TableModel.Entry] = [.label("Σ = Output[\(w.query)]"), .number(w.weights.reduce(0, +), precision: precision)]
        for c in colIndices { footer.append(c.map { .number(w.total[$0], precision: precision) } ?? .ellipsis) }
        return TableModel(header: header, rows: rows, footer: [footer],
                          note: elisionNote(rows: 0, cols: w.terms.cols), style: "sum", markMeaning: "top contributor")
    }

    /// The table an output is shown as, or nil for views that are not tables (heatmaps, values).
    public static func model(for output: Output, precision: Int) -> TableModel? {
        switch output.content {
        case let .matrix(m) where output.view == .table: matrix(m, precision: precision, markRowMaximum: true, rowSums: true)
        case let .matrix(m) where output.view != .heatmap: matrix(m, precision: precision)
        case let .steps(steps): Self.steps(steps, precision: precision)
        case let .sum(sum): Self.sum(sum, precision: precision)
        default: nil
        }
    }

    /// The sentence under a steps table, saying what a fully masked row does.
    public static func stepsExplanation(_ s: SoftmaxSteps) -> String {
        if s.maximum == -.infinity {
            return "Softmax of the row for “\(s.query)”: every key is masked (−∞), so every weight is 0 and the row sums to 0, "
                + "as PyTorch's scaled_dot_product_attention gives, instead of NaN."
        }
        return "Softmax of the row for “\(s.query)”: one column of arithmetic per key; the weights sum to 1."
    }

    /// "river (0.412), a (0.301)": the keys that contribute most, for the sentence under a sum.
    public static func topContributors(_ w: WeightedSum, count: Int = 2, precision: Int) -> String {
        w.ranking.prefix(count).map { "\(w.keys[$0]) (\(NumberFormat.fixed(w.weights[$0], precision: precision)))" }
            .joined(separator: ", ")
    }
}
