import AttentionCore

/// Turns a shown value into an `Output` for its view, computing the data each view displays.
enum Views {
    static func output(for value: Value, expression: Expression, view: View, viewRange: SourceRange,
                       row: (Value, Expression)?, interpreter: Interpreter) throws(Diagnostic) -> Output {
        if row != nil, view != .steps, view != .sum {
            throw Diagnostic("'for' picks a row for the steps and sum views only", at: viewRange)
        }
        switch view {
        case .matrix, .heatmap, .table:
            let weights = isWeights(value, expression)
            var output = Output(view: view, content: try displayContent(value, expression, view: view), expression: expression,
                                isWeights: weights)
            output.isQueryByKey = weights || isQueryByKey(expression, interpreter: interpreter)
            return output
        case .shape:
            if case let .list(items) = value { return Output(view: .shape, content: .shape(rows: items.count, cols: 1), expression: expression) }
            let m = try Interpreter.asMatrix(value, expression)
            return Output(view: .shape, content: .shape(rows: m.rows, cols: m.cols), expression: expression)
        case .steps:
            return Output(view: .steps, content: .steps(try steps(value, expression, row: row, viewRange: viewRange, interpreter: interpreter)),
                          expression: expression)
        case .sum:
            return Output(view: .sum, content: .sum(try weightedSum(value, expression, row: row, viewRange: viewRange, interpreter: interpreter)),
                          expression: expression)
        }
    }

    private static func displayContent(_ value: Value, _ expression: Expression, view: View) throws(Diagnostic) -> Output.Content {
        switch value {
        case let .number(x) where view == .matrix: return .number(x)
        case let .string(s) where view == .matrix: return .text(s)
        case let .list(items) where view == .matrix:
            if items.allSatisfy({ if case .matrix = $0 { true } else { false } }), !items.isEmpty {
                var panels: [(title: String, matrix: Matrix)] = []
                for (i, item) in items.enumerated() { panels.append(("\(i)", try Interpreter.asMatrix(item, expression))) }
                return .panels(panels)
            }
            return .text(items.map(describe).joined(separator: ", "))
        case let .multihead(h) where view != .matrix:
            return .panels(h.result.heads.enumerated().map { ("head \($0.offset + 1)", $0.element.weights) })
        default:
            return .matrix(try Interpreter.asMatrix(value, expression))
        }
    }

    /// Weights get the fixed [0, 1] colour scale: results of softmax or attention.
    private static func isWeights(_ value: Value, _ expression: Expression) -> Bool {
        switch value {
        case .attention, .multihead: return true
        case let .matrix(m):
            if case .call("softmax", _) = expression.kind { return true }
            return !m.storage.isEmpty && m.storage.allSatisfy { $0 >= 0 && $0 <= 1 }
                && (0..<m.rows).allSatisfy { abs(m.rowValues($0).reduce(0, +) - 1) < 1e-9 || m.rowValues($0).allSatisfy { $0 == 0 } }
        default: return false
        }
    }

    /// Scores are queries × keys too: `att.scores`, `Q · K^T`, or a name defined as either.
    private static func isQueryByKey(_ expression: Expression, interpreter: Interpreter) -> Bool {
        switch expression.kind {
        case .member(_, "scores"), .member(_, "weights"): return true
        case let .binary(.product, _, right):
            if case .transpose = right.kind { return true }
            return false
        case let .binary(_, left, _): return isQueryByKey(left, interpreter: interpreter)
        case let .name(name): return interpreter.definitions[name].map { isQueryByKey($0, interpreter: interpreter) } ?? false
        default: return false
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case let .number(x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case let .string(s): return "\"\(s)\""
        case let .list(items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        default: return value.kindDescription
        }
    }

    // MARK: - Members

    static func member(_ value: Value, _ name: String, range: SourceRange) throws(Diagnostic) -> Value {
        switch (value, name) {
        case let (.attention(a), "weights"): return .matrix(a.result.weights)
        case let (.attention(a), "output"): return .matrix(a.result.output)
        case let (.attention(a), "scores"): return .matrix(a.scores)
        case let (.multihead(h), "output"): return .matrix(h.result.output)
        case let (.multihead(h), "concat"): return .matrix(h.result.concatenated)
        case let (.multihead(h), "weights"): return .list(h.result.heads.map { .matrix($0.weights) })
        case let (.multihead(h), "heads"): return .list(h.result.heads.map { .matrix($0.output) })
        case let (.matrix(m), "T"): return .matrix(m.transposed)
        default:
            let members: String
            switch value {
            case .attention: members = "weights, output, scores"
            case .multihead: members = "weights, heads, concat, output"
            default: members = "none"
            }
            throw Diagnostic("\(value.kindDescription) has no '\(name)'", at: range, notes: ["members: \(members)"])
        }
    }

    // MARK: - Steps and sums

    private static func queryRow(_ row: (Value, Expression)?, in m: Matrix, viewRange: SourceRange,
                                 interpreter: Interpreter) throws(Diagnostic) -> Int {
        guard let (value, expression) = row else {
            if m.rows == 1 { return 0 }
            throw Diagnostic("say which query row to show, e.g. 'for \"\(m.rowLabels?.last ?? "0")\"' or 'for 0'", at: viewRange)
        }
        return try interpreter.matrixIndex(expression, in: m, axis: .rows, value: value)
    }

    /// Steps of softmax for one row: from `attention(...)` (score, scale, mask) or from `softmax(S)`.
    private static func steps(_ value: Value, _ expression: Expression, row: (Value, Expression)?, viewRange: SourceRange,
                              interpreter: Interpreter) throws(Diagnostic) -> SoftmaxSteps {
        let scores: Matrix, scale: Double?, mask: Matrix?
        if case let .attention(a) = value {
            scores = a.rawScores
            scale = a.scale
            mask = a.mask
        } else if case let .call("softmax", arguments) = expression.kind, arguments.count == 1 {
            scores = try interpreter.matrix(arguments[0].value)
            scale = nil
            mask = nil
        } else {
            throw Diagnostic("the steps view needs attention(Q, K, V) or softmax(scores), not \(value.kindDescription)", at: viewRange)
        }
        let i = try queryRow(row, in: scores, viewRange: viewRange, interpreter: interpreter)
        let raw = Array(scores.rowValues(i))
        let scaled = scale.map { s in raw.map { $0 * s } } ?? raw
        let maskRow = mask.map { Array($0.rowValues(i)) }
        let masked = maskRow.map { m in zip(scaled, m).map { $0 + $1 } } ?? scaled
        let stages = SoftmaxStages(row: masked)
        return SoftmaxSteps(query: scores.rowName(i), keys: (0..<scores.cols).map(scores.colName),
                            scores: raw, scale: scale, scaled: scaled, mask: maskRow, masked: masked,
                            maximum: stages.maximum, shifted: stages.shifted, exponentials: stages.exponentials,
                            sum: stages.sum, weights: stages.weights)
    }

    /// Output[i] = Σ_j A[i,j]·V[j] from `attention(...)` or from a product `A · V`.
    private static func weightedSum(_ value: Value, _ expression: Expression, row: (Value, Expression)?, viewRange: SourceRange,
                                    interpreter: Interpreter) throws(Diagnostic) -> WeightedSum {
        let weights: Matrix, values: Matrix
        if case let .attention(a) = value {
            weights = a.result.weights
            values = a.values
        } else if case let .binary(.product, left, right) = expression.kind {
            weights = try interpreter.matrix(left)
            values = try interpreter.matrix(right)
        } else {
            throw Diagnostic("the sum view needs attention(Q, K, V) or a product A · V, not \(expression.source)", at: viewRange)
        }
        let i = try queryRow(row, in: weights, viewRange: viewRange, interpreter: interpreter)
        let w = Array(weights.rowValues(i))
        var terms = values
        for j in 0..<values.rows { for c in 0..<values.cols { terms[j, c] = w[j] * values[j, c] } }
        terms.rowLabels = (0..<values.rows).map { weights.colLabels?[$0] ?? values.rowName($0) }
        let total = (0..<values.cols).map { c in (0..<values.rows).reduce(0.0) { $0 + terms[$1, c] } }
        let ranking = w.indices.sorted { w[$0] > w[$1] || (w[$0] == w[$1] && $0 < $1) }
        return WeightedSum(query: weights.rowName(i), keys: terms.rowLabels ?? [], weights: w, values: values,
                           terms: terms, total: total, ranking: ranking)
    }
}
