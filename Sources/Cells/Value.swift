import AttentionCore

/// A value in a page's environment.
public enum Value: Sendable {
    case number(Double)
    case string(String)
    case list([Value])
    case matrix(Matrix)
    /// The whole of one attention computation, so views can show its steps, weights and sums.
    case attention(AttentionValue)
    case multihead(MultiHeadValue)

    /// How the value is named in messages: "a number", "a 4×8 matrix".
    public var kindDescription: String {
        switch self {
        case .number: return "a number"
        case .string: return "a string"
        case let .list(items): return "a list of \(items.count)"
        case let .matrix(m): return "a \(m.shapeDescription) matrix"
        case .attention: return "an attention result"
        case .multihead: return "a multi-head attention result"
        }
    }
}

/// `attention(Q, K, V, mask:, scale:)` keeps its inputs' scores so the steps view can show every stage.
public struct AttentionValue: Sendable, Equatable {
    /// Q·Kᵀ before scaling, labelled queries × keys.
    public var rawScores: Matrix
    public var scale: Double
    public var mask: Matrix?
    public var result: AttentionResult
    public var values: Matrix

    /// Q·Kᵀ · scale + mask: what softmax was applied to, labelled queries × keys.
    public var scores: Matrix {
        var scores = rawScores.combined(withScalar: scale, .multiply)
        if let mask, let masked = try? scores.combined(with: mask, .add) { scores = masked }
        return scores
    }
}

public struct MultiHeadValue: Sendable, Equatable {
    public var result: Attention.MultiHeadResult
}

// MARK: - Outputs

/// Softmax of one row as arithmetic, every stage kept so the page can show each number.
public struct SoftmaxSteps: Sendable, Equatable {
    public var query: String
    public var keys: [String]
    /// q·k for each key (before scaling).
    public var scores: [Double]
    /// The scale applied (1/√d_k), or nil when the row was given already scaled.
    public var scale: Double?
    public var scaled: [Double]
    public var mask: [Double]?
    public var masked: [Double]
    public var maximum: Double
    public var shifted: [Double]
    public var exponentials: [Double]
    public var sum: Double
    public var weights: [Double]
}

/// Output[i] = Σ_j A[i,j]·V[j], term by term.
public struct WeightedSum: Sendable, Equatable {
    public var query: String
    public var keys: [String]
    public var weights: [Double]
    public var values: Matrix
    /// terms[j] = weights[j] · V[j]
    public var terms: Matrix
    public var total: [Double]
    /// Keys ordered by weight, largest first: who contributes most.
    public var ranking: [Int]
}

/// What one `show` produces: plain data for the renderers, never markup.
public struct Output: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case matrix(Matrix)
        /// Several matrices on one shared scale (multi-head weights), with a title per panel.
        case panels([(title: String, matrix: Matrix)])
        case number(Double)
        case text(String)
        case shape(rows: Int, cols: Int)
        case steps(SoftmaxSteps)
        case sum(WeightedSum)

        public static func == (a: Content, b: Content) -> Bool {
            switch (a, b) {
            case let (.matrix(x), .matrix(y)): return x == y
            case let (.panels(x), .panels(y)): return x.map(\.title) == y.map(\.title) && x.map(\.matrix) == y.map(\.matrix)
            case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
            case let (.text(x), .text(y)): return x == y
            case let (.shape(r1, c1), .shape(r2, c2)): return r1 == r2 && c1 == c2
            case let (.steps(x), .steps(y)): return x == y
            case let (.sum(x), .sum(y)): return x == y
            default: return false
            }
        }
    }

    public var view: View
    public var content: Content
    /// The expression shown, with its tree, for the formula above the figure.
    public var expression: Expression
    /// True when the matrix holds softmax weights, so a heatmap uses the fixed [0, 1] scale.
    public var isWeights: Bool
    /// True when rows are queries and columns keys (weights, scores, Q · Kᵀ), so axes say "from" and "to".
    public var isQueryByKey = false
    /// When a bare name is shown, the name and the expression that defined it, so the figure can
    /// say `V = X · W_V` rather than just `V`.
    public var definition: (name: String, expression: Expression)?

    public init(view: View, content: Content, expression: Expression, isWeights: Bool = false) {
        self.view = view
        self.content = content
        self.expression = expression
        self.isWeights = isWeights
    }

    /// The name a figure gives its value: the shown name, or nil for an unnamed expression.
    public var name: String? {
        if let definition { return definition.name }
        if case let .name(n) = expression.kind { return n }
        return nil
    }

    public static func == (a: Output, b: Output) -> Bool {
        a.view == b.view && a.content == b.content && a.expression == b.expression && a.isWeights == b.isWeights
            && a.isQueryByKey == b.isQueryByKey
            && a.definition?.name == b.definition?.name && a.definition?.expression == b.definition?.expression
    }
}
