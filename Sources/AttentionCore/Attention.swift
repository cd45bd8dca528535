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
        let (lowest, highest) = rowRange(row, count: count)
        normalize(row, count: count, lowest: lowest, highest: highest)
    }

    /// `softmax(row · factor + mask)` in place, reading the row once for scaling, masking and its range.
    static func scaledMaskedSoftmaxInPlace(_ row: UnsafeMutablePointer<Double>, count: Int, factor: Double,
                                           mask: UnsafePointer<Double>?) {
        var lowest = Double.infinity, highest = -Double.infinity
        for j in 0..<count {
            var x = row[j] * factor
            if let mask { x += mask[j] }
            row[j] = x
            lowest = Swift.min(lowest, x)
            highest = Swift.max(highest, x)
        }
        normalize(row, count: count, lowest: lowest, highest: highest)
    }

    /// The smallest and largest value of a row.
    static func rowRange(_ row: UnsafePointer<Double>, count: Int) -> (lowest: Double, highest: Double) {
        var lowest = Double.infinity, highest = -Double.infinity
        for j in 0..<count {
            lowest = Swift.min(lowest, row[j])
            highest = Swift.max(highest, row[j])
        }
        return (lowest, highest)
    }

    /// The exponentiate-and-divide half of softmax, given the row's range; a row whose maximum is −∞
    /// (every key masked) becomes zeros.
    private static func normalize(_ row: UnsafeMutablePointer<Double>, count: Int, lowest: Double, highest: Double) {
        guard highest > -Double.infinity else {
            for j in 0..<count { row[j] = 0 }
            return
        }
        let sum = exponentiateShifted(row, count: count, by: highest, lowest: lowest, into: row)
        let inverse = 1 / sum
        for j in 0..<count { row[j] *= inverse }
    }

    /// out[j] = exp(row[j] − shift); returns Σ out[j], summed in a fixed order: eight running lane
    /// sums (element j goes to lane j mod 8) combined pairwise, then the tail one by one. Rows whose
    /// shifted values all lie in `exp`'s plain range run eight lanes at a time; others (masked rows
    /// with −∞) one element at a time. Both give the same bits.
    static func exponentiateShifted(_ row: UnsafePointer<Double>, count: Int, by shift: Double, lowest: Double,
                                    into out: UnsafeMutablePointer<Double>) -> Double {
        var lanes = SIMD8<Double>()
        var j = 0
        if Elementary.inFastRange(lowest: lowest - shift, highest: 0) {
            let shiftVector = SIMD8<Double>(repeating: shift)
            // Two vectors per step give the out-of-order core two independent polynomial chains.
            while j + 16 <= count {
                let e0 = Elementary.expInRange(load8(row + j) - shiftVector)
                let e1 = Elementary.expInRange(load8(row + j + 8) - shiftVector)
                store8(e0, out + j)
                store8(e1, out + j + 8)
                lanes += e0
                lanes += e1
                j += 16
            }
            while j + 8 <= count {
                let e = Elementary.expInRange(load8(row + j) - shiftVector)
                store8(e, out + j)
                lanes += e
                j += 8
            }
        } else {
            while j + 8 <= count {
                var e = SIMD8<Double>()
                for lane in 0..<8 { e[lane] = Elementary.exp(row[j + lane] - shift) }
                store8(e, out + j)
                lanes += e
                j += 8
            }
        }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        while j < count {
            let e = Elementary.exp(row[j] - shift)
            out[j] = e
            sum += e
            j += 1
        }
        return sum
    }
}

/// Every stage of a row's softmax, computed by the same routines as `softmaxRows`, so a page that
/// shows the arithmetic shows exactly the numbers the weights came from.
public struct SoftmaxStages: Equatable, Sendable {
    public var maximum: Double
    public var shifted: [Double]
    public var exponentials: [Double]
    public var sum: Double
    public var weights: [Double]

    public init(row: [Double]) {
        let count = row.count
        let (lowest, highest) = row.withUnsafeBufferPointer { Kernels.rowRange($0.baseAddress!, count: count) }
        maximum = highest
        let m = maximum
        shifted = row.map { m == -.infinity ? -.infinity : $0 - m }
        var exps = [Double](repeating: 0, count: count)
        if m == -.infinity {
            sum = 0
            weights = exps
        } else {
            sum = row.withUnsafeBufferPointer { source in
                exps.withUnsafeMutableBufferPointer { Kernels.exponentiateShifted(source.baseAddress!, count: count, by: m, lowest: lowest, into: $0.baseAddress!) }
            }
            let inverse = 1 / sum
            weights = exps.map { $0 * inverse }
        }
        exponentials = exps
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
/// The scores are not kept: at n = 4096 they would double the memory for a value few callers read.
public struct AttentionResult: Equatable, Sendable {
    public var weights: Matrix
    public var output: Matrix
}

public enum Attention {
    /// `softmax(Q·Kᵀ · scale + mask) · V`, with `scale` defaulting to 1/√d_k.
    ///
    /// Fused by blocks of query rows: a block's scores are computed, scaled, masked, turned into
    /// weights and multiplied by V while they are still in cache; both cores share the blocks.
    public static func scaledDotProduct(query q: Matrix, key k: Matrix, value v: Matrix,
                                        mask: Matrix? = nil, scale: Double? = nil) throws(MatrixError) -> AttentionResult {
        guard q.cols == k.cols else {
            throw .productMismatch(left: "Q (\(q.shapeDescription))", right: "Kᵀ (\(k.cols)×\(k.rows))", inner: (q.cols, k.cols))
        }
        guard k.rows == v.rows else {
            throw .productMismatch(left: "the weights (\(q.rows)×\(k.rows))", right: "V (\(v.shapeDescription))", inner: (k.rows, v.rows))
        }
        if let mask, mask.rows != q.rows || mask.cols != k.rows {
            throw .elementwiseMismatch(op: "add", left: "the scores (\(q.rows)×\(k.rows))", right: "the mask (\(mask.shapeDescription))")
        }
        try Matrix.checkSize(rows: q.rows, cols: k.rows)
        try Matrix.checkWork(q.rows, q.cols + v.cols, k.rows)
        let factor = scale ?? 1 / Double(q.cols).squareRoot()
        let n = q.rows, m = k.rows, d = q.cols, dv = v.cols
        try Matrix.checkSize(rows: n, cols: dv)
        let keys = k.transposed.storage.withUnsafeBufferPointer { Kernels.packPanels($0.baseAddress!, k: d, n: m) }
        let values = v.storage.withUnsafeBufferPointer { Kernels.packPanels($0.baseAddress!, k: m, n: dv) }
        // Every element is written by the kernels below, so the buffers need not be zeroed first.
        var weights = [Double](unsafeUninitializedCapacity: n * m) { _, count in count = n * m }
        var output = [Double](unsafeUninitializedCapacity: n * dv) { _, count in count = n * dv }
        q.storage.withUnsafeBufferPointer { qb in
            keys.withUnsafeBufferPointer { kb in
                values.withUnsafeBufferPointer { vb in
                    weights.withUnsafeMutableBufferPointer { wb in
                        output.withUnsafeMutableBufferPointer { ob in
                            (mask?.storage ?? []).withUnsafeBufferPointer { mb in
                                guard let qBase = qb.baseAddress, let kBase = kb.baseAddress, let wBase = wb.baseAddress else { return }
                                let maskBase = mask == nil ? nil : mb.baseAddress
                                let vBase = vb.baseAddress, oBase = ob.baseAddress
                                let blockRows = 18
                                let blocks = (n + blockRows - 1) / blockRows
                                Kernels.forEach(blocks, parallel: n * m * d >= 1 << 18) { block in
                                    let rows = (block * blockRows)..<Swift.min(n, (block + 1) * blockRows)
                                    Kernels.gemmRows(a: qBase, packed: kBase, c: wBase, rowRange: rows, k: d, n: m)
                                    for i in rows {
                                        Kernels.scaledMaskedSoftmaxInPlace(wBase + i * m, count: m, factor: factor,
                                                                           mask: maskBase.map { $0 + i * m })
                                    }
                                    // The block's weights are still in cache: mix its values now.
                                    if let vBase, let oBase, dv > 0 {
                                        Kernels.gemmRows(a: wBase, packed: vBase, c: oBase, rowRange: rows, k: m, n: dv)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let weightMatrix = Matrix(unchecked: n, m, weights, rowLabels: q.rowLabels, colLabels: k.rowLabels)
        let outputMatrix = Matrix(unchecked: n, dv, output, rowLabels: q.rowLabels, colLabels: v.colLabels)
        return AttentionResult(weights: weightMatrix, output: outputMatrix)
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
