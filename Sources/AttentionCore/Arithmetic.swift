import Dispatch

// MARK: - Products

extension Matrix {
    /// The matrix product `self · other`. Keeps this matrix's row labels and `other`'s column labels.
    ///
    /// Register-blocked (six rows of the result at once, eight columns per SIMD step) over `other`
    /// packed in panels, so each panel row is loaded once for six rows of `self`; large products use
    /// both cores.
    public func multiplied(by other: Matrix) throws(MatrixError) -> Matrix {
        guard cols == other.rows else {
            throw .productMismatch(left: shapeDescription, right: other.shapeDescription, inner: (cols, other.rows))
        }
        try Matrix.checkSize(rows: rows, cols: other.cols)
        try Matrix.checkWork(rows, cols, other.cols)
        // The kernel writes every element, so the buffer need not be zeroed first.
        var result = [Double](unsafeUninitializedCapacity: rows * other.cols) { _, count in count = rows * other.cols }
        let m = rows, k = cols, n = other.cols
        guard m > 0, n > 0 else { return Matrix(unchecked: m, n, result, rowLabels: rowLabels, colLabels: other.colLabels) }
        let packed = other.storage.withUnsafeBufferPointer { Kernels.packPanels($0.baseAddress!, k: k, n: n) }
        self.storage.withUnsafeBufferPointer { a in
            packed.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress else { return }
                    let blockRows = 18
                    let blocks = (m + blockRows - 1) / blockRows
                    Kernels.forEach(blocks, parallel: m * k * n >= 1 << 20) { block in
                        let rows = (block * blockRows)..<Swift.min(m, (block + 1) * blockRows)
                        Kernels.gemmRows(a: aBase, packed: bBase, c: cBase, rowRange: rows, k: k, n: n)
                    }
                }
            }
        }
        return Matrix(unchecked: m, n, result, rowLabels: rowLabels, colLabels: other.colLabels)
    }

    /// The transpose; row and column labels swap places.
    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: storage.count)
        let blockSize = 32
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for ib in stride(from: 0, to: rows, by: blockSize) {
                    for jb in stride(from: 0, to: cols, by: blockSize) {
                        for i in ib..<Swift.min(rows, ib + blockSize) {
                            for j in jb..<Swift.min(cols, jb + blockSize) {
                                dst[j * rows + i] = src[i * cols + j]
                            }
                        }
                    }
                }
            }
        }
        return Matrix(unchecked: cols, rows, out, rowLabels: colLabels, colLabels: rowLabels)
    }
}

/// Inner loops over raw pointers, kept apart so the arithmetic above stays readable.
enum Kernels {
    /// Runs `body` for 0..<count, on all cores when `parallel`. Callers hand each iteration a disjoint
    /// slice of memory, which is what makes sharing the raw pointers safe.
    static func forEach(_ count: Int, parallel: Bool, _ body: (Int) -> Void) {
        guard parallel, count > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            nonisolated(unsafe) let shared = escaping
            DispatchQueue.concurrentPerform(iterations: count) { shared($0) }
        }
    }

    /// Copies row-major `b` (k×n) into panels of eight columns: panel q holds columns 8q…8q+7 as
    /// k consecutive groups of eight (zero-padded past n), so the product reads it front to back
    /// instead of striding n doubles per step (which thrashes cache sets when n is a large power of 2).
    static func packPanels(_ b: UnsafePointer<Double>, k: Int, n: Int) -> [Double] {
        let panels = (n + 7) / 8
        var packed = [Double](repeating: 0, count: panels * k * 8)
        packed.withUnsafeMutableBufferPointer { out in
            for q in 0..<panels {
                let width = Swift.min(8, n - q * 8)
                let base = q * k * 8
                for p in 0..<k {
                    for c in 0..<width { out[base + p * 8 + c] = b[p * n + q * 8 + c] }
                }
            }
        }
        return packed
    }

    /// `c[rowRange, :] = a[rowRange, :] · b` for row-major `a` (m×k) and `c` (m×n), with `b` packed
    /// by `packPanels`.
    ///
    /// Each element is the sum over p = 0, 1, …, k−1 of a[i,p]·b[p,j] with one fused multiply-add
    /// per term, in that order, whichever path computes it, so the result does not depend on the
    /// element's position or on the machine.
    static func gemmRows(a: UnsafePointer<Double>, packed b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>,
                         rowRange: Range<Int>, k: Int, n: Int) {
        let panels = (n + 7) / 8
        var i = rowRange.lowerBound
        while i + 6 <= rowRange.upperBound {
            let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k
            for q in 0..<panels {
                let panel = b + q * k * 8
                var s0 = SIMD8<Double>(), s1 = SIMD8<Double>(), s2 = SIMD8<Double>()
                var s3 = SIMD8<Double>(), s4 = SIMD8<Double>(), s5 = SIMD8<Double>()
                for p in 0..<k {
                    let bv = load8(panel + p * 8)
                    s0.addProduct(SIMD8(repeating: a0[p]), bv)
                    s1.addProduct(SIMD8(repeating: a1[p]), bv)
                    s2.addProduct(SIMD8(repeating: a2[p]), bv)
                    s3.addProduct(SIMD8(repeating: a3[p]), bv)
                    s4.addProduct(SIMD8(repeating: a4[p]), bv)
                    s5.addProduct(SIMD8(repeating: a5[p]), bv)
                }
                let width = Swift.min(8, n - q * 8)
                storePrefix(s0, c + i * n + q * 8, width)
                storePrefix(s1, c + (i + 1) * n + q * 8, width)
                storePrefix(s2, c + (i + 2) * n + q * 8, width)
                storePrefix(s3, c + (i + 3) * n + q * 8, width)
                storePrefix(s4, c + (i + 4) * n + q * 8, width)
                storePrefix(s5, c + (i + 5) * n + q * 8, width)
            }
            i += 6
        }
        while i < rowRange.upperBound {
            let a0 = a + i * k
            for q in 0..<panels {
                let panel = b + q * k * 8
                var s0 = SIMD8<Double>()
                for p in 0..<k { s0.addProduct(SIMD8(repeating: a0[p]), load8(panel + p * 8)) }
                storePrefix(s0, c + i * n + q * 8, Swift.min(8, n - q * 8))
            }
            i += 1
        }
    }

    @inline(__always) static func storePrefix(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, _ width: Int) {
        if width == 8 { store8(v, p) } else { for c in 0..<width { p[c] = v[c] } }
    }

    @inline(__always) static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always) static func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }
}

// MARK: - Element-wise arithmetic

/// An element-wise operation, named as the author would say it in an error.
public enum ElementwiseOperation: String, Sendable {
    case add = "add", subtract = "subtract", multiply = "multiply element-wise", divide = "divide element-wise"

    @inline(__always) func apply(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        }
    }
}

extension Matrix {
    /// Combines two matrices of the same shape element by element. A 1×n row or m×1 column
    /// broadcasts along the other axis, as in numpy, so a bias row can be added to every token.
    public func combined(with other: Matrix, _ op: ElementwiseOperation) throws(MatrixError) -> Matrix {
        let sameShape = rows == other.rows && cols == other.cols
        let rowBroadcast = other.rows == 1 && other.cols == cols
        let colBroadcast = other.cols == 1 && other.rows == rows
        guard sameShape || rowBroadcast || colBroadcast else {
            throw .elementwiseMismatch(op: op.rawValue, left: shapeDescription, right: other.shapeDescription)
        }
        var out = storage
        for i in 0..<rows {
            for j in 0..<cols {
                let y = sameShape ? other.storage[i * cols + j] : (rowBroadcast ? other.storage[j] : other.storage[i])
                out[i * cols + j] = op.apply(storage[i * cols + j], y)
            }
        }
        return Matrix(unchecked: rows, cols, out, rowLabels: rowLabels ?? other.rowLabels,
                      colLabels: colLabels ?? other.colLabels)
    }

    /// `self op scalar`, or `scalar op self` when `scalarOnLeft` is true.
    public func combined(withScalar s: Double, _ op: ElementwiseOperation, scalarOnLeft: Bool = false) -> Matrix {
        var copy = self
        if scalarOnLeft {
            for i in copy.storage.indices { copy.storage[i] = op.apply(s, copy.storage[i]) }
        } else {
            for i in copy.storage.indices { copy.storage[i] = op.apply(copy.storage[i], s) }
        }
        return copy
    }

    /// Applies a function to every element, keeping shape and labels.
    public func map(_ f: (Double) -> Double) -> Matrix {
        var copy = self
        for i in copy.storage.indices { copy.storage[i] = f(copy.storage[i]) }
        return copy
    }
}

// MARK: - Reductions and selection

extension Matrix {
    /// The sum of each row, as an n×1 column labelled like the rows.
    public var rowSums: Matrix {
        var sums = [Double](repeating: 0, count: rows)
        for i in 0..<rows { sums[i] = rowValues(i).reduce(0, +) }
        return Matrix(unchecked: rows, 1, sums, rowLabels: rowLabels, colLabels: ["Σ"])
    }

    /// The sum of all elements.
    public var total: Double { storage.reduce(0, +) }

    /// The column of the largest value in each row (the first one on ties).
    public var rowArgmax: [Int] {
        (0..<rows).map { i in
            var best = 0
            for j in 0..<cols where self[i, j] > self[i, best] { best = j }
            return best
        }
    }

    /// Position of the largest element as (row, column); the first one on ties.
    public var argmax: (row: Int, col: Int) {
        var best = 0
        for idx in storage.indices where storage[idx] > storage[best] { best = idx }
        return cols == 0 ? (0, 0) : (best / cols, best % cols)
    }

    public func rowIndex(_ label: String) throws(MatrixError) -> Int {
        guard let index = rowLabels?.firstIndex(of: label) else {
            throw .unknownLabel(axis: .rows, label: label, known: rowLabels ?? [])
        }
        return index
    }

    public func colIndex(_ label: String) throws(MatrixError) -> Int {
        guard let index = colLabels?.firstIndex(of: label) else {
            throw .unknownLabel(axis: .columns, label: label, known: colLabels ?? [])
        }
        return index
    }

    /// Selected rows, in the order given, with their labels.
    public func selectingRows(_ indices: [Int]) throws(MatrixError) -> Matrix {
        var out: [Double] = []
        out.reserveCapacity(indices.count * cols)
        for i in indices {
            guard i >= 0, i < rows else { throw .indexOutOfRange(axis: .rows, index: i, count: rows) }
            out.append(contentsOf: rowValues(i))
        }
        return Matrix(unchecked: indices.count, cols, out, rowLabels: rowLabels.map { l in indices.map { l[$0] } },
                      colLabels: colLabels)
    }

    /// Selected columns, in the order given, with their labels.
    public func selectingColumns(_ indices: [Int]) throws(MatrixError) -> Matrix {
        try transposed.selectingRows(indices).transposed
    }

    /// Cosine similarity of two matrices read as flat vectors of the same length.
    public func cosine(with other: Matrix) throws(MatrixError) -> Double {
        guard storage.count == other.storage.count else {
            throw .elementwiseMismatch(op: "compare", left: shapeDescription, right: other.shapeDescription)
        }
        var dot = 0.0, a2 = 0.0, b2 = 0.0
        for i in storage.indices {
            dot += storage[i] * other.storage[i]
            a2 += storage[i] * storage[i]
            b2 += other.storage[i] * other.storage[i]
        }
        let denominator = (a2 * b2).squareRoot()
        return denominator == 0 ? 0 : dot / denominator
    }

    /// Stacks matrices side by side (same number of rows).
    public static func concatenatingColumns(_ parts: [Matrix]) throws(MatrixError) -> Matrix {
        guard let first = parts.first else { throw .invalidArgument("nothing to concatenate") }
        for part in parts where part.rows != first.rows {
            throw .elementwiseMismatch(op: "concatenate", left: first.shapeDescription, right: part.shapeDescription)
        }
        let cols = parts.reduce(0) { $0 + $1.cols }
        try checkSize(rows: first.rows, cols: cols)
        var out: [Double] = []
        out.reserveCapacity(first.rows * cols)
        for i in 0..<first.rows {
            for part in parts { out.append(contentsOf: part.rowValues(i)) }
        }
        var labels: [String]? = []
        for part in parts {
            if let l = part.colLabels { labels?.append(contentsOf: l) } else { labels = nil; break }
        }
        return Matrix(unchecked: first.rows, cols, out, rowLabels: first.rowLabels, colLabels: labels)
    }
}
