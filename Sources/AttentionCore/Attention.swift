import Dispatch
import Foundation

// MARK: - Softmax

extension Matrix {
    /// Row-wise softmax, numerically stable: each row has its maximum subtracted before `exp`.
    ///
    /// A row that is entirely −∞ (every key masked) gives all zeros rather than NaN, matching
    /// PyTorch's `scaled_dot_product_attention` for fully masked rows.
    public func softmaxRows() -> Matrix {
        var out = storage
        let n = cols
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let work = { (i: Int) in Kernels.softmaxInPlace(base + i * n, count: n) }
            Kernels.forEach(rows, parallel: rows * cols >= 1 << 16, work)
        }
        return Matrix(unchecked: rows, cols, out, rowLabels: rowLabels, colLabels: colLabels)
    }
}

extension Kernels {
    /// Softmax of one contiguous row, in place.
    static func softmaxInPlace(_ row: UnsafeMutablePointer<Double>, count: Int) {
        var maximum = -Double.infinity
        for j in 0..<count where row[j] > maximum { maximum = row[j] }
        guard maximum > -Double.infinity else {
            for j in 0..<count { row[j] = 0 }
            return
        }
        var sum = 0.0
        for j in 0..<count {
            let e = Foundation.exp(row[j] - maximum)
            row[j] = e
            sum += e
        }
        let inverse = 1 / sum
        for j in 0..<count { row[j] *= inverse }
    }
}

// MARK: - Masks

/// Additive attention masks: 0 where a query may attend to a key, −∞ where it may not.
///
/// Convention (as PyTorch's `scaled_dot_product_attention`): a boolean mask says `true` = may attend;
/// it becomes an additive mask of 0 and −∞ that is added to the scores before softmax.
public enum Mask {
    /// Causal (decoder) mask, top-left aligned: query i may attend to keys 0…i.
    public static func causal(_ n: Int) throws(MatrixError) -> Matrix {
        var m = try Matrix(rows: n, cols: n, repeating: 0)
        for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) { m[i, j] = -.infinity } }
        return m
    }

    /// Padding mask for `queries` queries over keys where `valid[j]` says key j is a real token.
    public static func padding(valid: [Bool], queries: Int) throws(MatrixError) -> Matrix {
        var m = try Matrix(rows: queries, cols: valid.count, repeating: 0)
        for i in 0..<queries { for (j, ok) in valid.enumerated() where !ok { m[i, j] = -.infinity } }
        return m
    }

    /// Padding mask for a sequence of `size` positions of which the first `length` are real tokens.
    public static func padding(length: Int, size: Int) throws(MatrixError) -> Matrix {
        guard length >= 0 else { throw .invalidArgument("a padding length cannot be negative, got \(length)") }
        return try padding(valid: (0..<size).map { $0 < length }, queries: size)
    }
}

// MARK: - Scaled dot-product attention

/// The result of one attention computation: the weights (queries × keys) and the output (queries × d_v).
public struct AttentionResult: Equatable, Sendable {
    public var scores: Matrix
    public var weights: Matrix
    public var output: Matrix
}

public enum Attention {
    /// `softmax(Q·Kᵀ · scale + mask) · V`, with `scale` defaulting to 1/√d_k.
    public static func scaledDotProduct(query q: Matrix, key k: Matrix, value v: Matrix,
                                        mask: Matrix? = nil, scale: Double? = nil) throws(MatrixError) -> AttentionResult {
        guard q.cols == k.cols else {
            throw .productMismatch(left: "Q (\(q.shapeDescription))", right: "Kᵀ (\(k.cols)×\(k.rows))", inner: (q.cols, k.cols))
        }
        guard k.rows == v.rows else {
            throw .productMismatch(left: "the weights (\(q.rows)×\(k.rows))", right: "V (\(v.shapeDescription))", inner: (k.rows, v.rows))
        }
        let factor = scale ?? 1 / Double(q.cols).squareRoot()
        var scores = try q.multiplied(by: k.transposed).combined(withScalar: factor, .multiply)
        if let mask {
            guard mask.rows == scores.rows, mask.cols == scores.cols else {
                throw .elementwiseMismatch(op: "add", left: "the scores (\(scores.shapeDescription))", right: "the mask (\(mask.shapeDescription))")
            }
            scores = try scores.combined(with: mask, .add)
        }
        let weights = scores.softmaxRows()
        var output = try weights.multiplied(by: v)
        output.rowLabels = q.rowLabels
        return AttentionResult(scores: scores, weights: weights, output: output)
    }

    /// Splits the columns of an n×d_model matrix into `heads` matrices of n×(d_model/heads).
    public static func splitHeads(_ x: Matrix, heads: Int) throws(MatrixError) -> [Matrix] {
        guard heads > 0, x.cols % heads == 0 else { throw .headsDoNotDivide(dModel: x.cols, heads: heads) }
        let width = x.cols / heads
        var parts: [Matrix] = []
        for h in 0..<heads {
            parts.append(try x.selectingColumns(Array((h * width)..<((h + 1) * width))))
        }
        return parts
    }

    /// Joins per-head outputs side by side: the inverse of `splitHeads`.
    public static func concatHeads(_ heads: [Matrix]) throws(MatrixError) -> Matrix {
        try Matrix.concatenatingColumns(heads)
    }

    /// Multi-head attention with per-head weights kept, not averaged.
    public struct MultiHeadResult: Equatable, Sendable {
        public var heads: [AttentionResult]
        public var concatenated: Matrix
        public var output: Matrix
    }

    /// Projects `x` with W_Q, W_K, W_V (d_model×d_model), splits into `heads`, attends per head with
    /// scale 1/√(d_model/heads), concatenates and projects with W_O.
    public static func multiHead(_ x: Matrix, wQ: Matrix, wK: Matrix, wV: Matrix, wO: Matrix,
                                 heads: Int, mask: Matrix? = nil) throws(MatrixError) -> MultiHeadResult {
        let q = try splitHeads(try x.multiplied(by: wQ), heads: heads)
        let k = try splitHeads(try x.multiplied(by: wK), heads: heads)
        let v = try splitHeads(try x.multiplied(by: wV), heads: heads)
        var results: [AttentionResult] = []
        for h in 0..<heads {
            results.append(try scaledDotProduct(query: q[h], key: k[h], value: v[h], mask: mask))
        }
        let joined = try concatHeads(results.map(\.output))
        var output = try joined.multiplied(by: wO)
        output.rowLabels = x.rowLabels
        return MultiHeadResult(heads: results, concatenated: joined, output: output)
    }
}

// MARK: - Positional encoding

extension Attention {
    /// Sinusoidal positional encodings (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/d)),
    /// PE[p, 2i+1] = cos(p / 10000^(2i/d)).
    public static func positionalEncoding(positions: Int, dim: Int) throws(MatrixError) -> Matrix {
        var m = try Matrix(rows: positions, cols: dim, repeating: 0)
        for p in 0..<positions {
            for j in 0..<dim {
                let exponent = Double(2 * (j / 2)) / Double(dim)
                let angle = Double(p) / Foundation.pow(10000, exponent)
                m[p, j] = j % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle)
            }
        }
        m.rowLabels = (0..<positions).map { "pos \($0)" }
        return m
    }
}
