/// A dense, row-major matrix of `Double`s whose rows and columns may carry labels.
///
/// Labels are how a lesson keeps its meaning: rows of `X` are tokens, so `X · W` still knows which
/// row is "river". Storage is `Double` so printed numbers match a float64 reference to the last digit.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major storage: element (i, j) lives at `i * cols + j`.
    public var storage: [Double]
    public var rowLabels: [String]?
    public var colLabels: [String]?

    /// The largest number of elements one matrix may hold (16 Mi elements, 128 MiB of Doubles).
    /// Checked before allocating, so an absurd request is an error and never an out-of-memory kill.
    public static let maxElements = 16 * 1024 * 1024

    /// The most multiply-adds one product may take (2^33, a few seconds on one core). Checked before
    /// computing, so a cell's build time is bounded by its size, the same on every machine; a
    /// wall-clock limit would make the output depend on the machine's speed.
    public static let maxProductWork = 1 << 33

    /// Throws when an m×k by k×n product would exceed `maxProductWork`.
    public static func checkWork(_ m: Int, _ k: Int, _ n: Int) throws(MatrixError) {
        let (mk, o1) = m.multipliedReportingOverflow(by: k)
        let (work, o2) = mk.multipliedReportingOverflow(by: n)
        guard !o1, !o2, work <= maxProductWork else { throw .tooMuchWork(rows: m, inner: k, cols: n, limit: maxProductWork) }
    }

    /// Creates a matrix after checking the size limit and that labels and storage fit the shape.
    public init(rows: Int, cols: Int, storage: [Double], rowLabels: [String]? = nil, colLabels: [String]? = nil) throws(MatrixError) {
        try Matrix.checkSize(rows: rows, cols: cols)
        guard storage.count == rows * cols else {
            throw .storageMismatch(rows: rows, cols: cols, count: storage.count)
        }
        if let rowLabels, rowLabels.count != rows { throw .labelCount(axis: .rows, expected: rows, got: rowLabels.count) }
        if let colLabels, colLabels.count != cols { throw .labelCount(axis: .columns, expected: cols, got: colLabels.count) }
        self.rows = rows
        self.cols = cols
        self.storage = storage
        self.rowLabels = rowLabels
        self.colLabels = colLabels
    }

    /// Internal initialiser for shapes already validated by the caller.
    init(unchecked rows: Int, _ cols: Int, _ storage: [Double], rowLabels: [String]? = nil, colLabels: [String]? = nil) {
        self.rows = rows
        self.cols = cols
        self.storage = storage
        self.rowLabels = rowLabels
        self.colLabels = colLabels
    }

    /// A matrix filled with one value.
    public init(rows: Int, cols: Int, repeating value: Double) throws(MatrixError) {
        try Matrix.checkSize(rows: rows, cols: cols)
        self.init(unchecked: rows, cols, [Double](repeating: value, count: rows * cols))
    }

    /// A matrix from nested rows, as written in a literal `[[1, 2], [3, 4]]`.
    public init(_ nested: [[Double]], rowLabels: [String]? = nil, colLabels: [String]? = nil) throws(MatrixError) {
        let cols = nested.first?.count ?? 0
        for (index, row) in nested.enumerated() where row.count != cols {
            throw .raggedRows(row: index, expected: cols, got: row.count)
        }
        try self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 }, rowLabels: rowLabels, colLabels: colLabels)
    }

    public static func identity(_ n: Int) throws(MatrixError) -> Matrix {
        var m = try Matrix(rows: n, cols: n, repeating: 0)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// Throws when `rows × cols` is negative, empty where not allowed, or beyond `maxElements`.
    public static func checkSize(rows: Int, cols: Int) throws(MatrixError) {
        guard rows >= 0, cols >= 0 else { throw .negativeSize(rows: rows, cols: cols) }
        let (product, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard !overflow, product <= maxElements else { throw .tooLarge(rows: rows, cols: cols, limit: maxElements) }
    }

    public subscript(row: Int, col: Int) -> Double {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    /// The shape as authors write it: `4×8`.
    public var shapeDescription: String { "\(rows)×\(cols)" }

    /// One row as an array.
    public func rowValues(_ i: Int) -> ArraySlice<Double> { storage[(i * cols)..<((i + 1) * cols)] }

    /// The label of row `i`, or its 0-based position when the row is unlabelled.
    public func rowName(_ i: Int) -> String { rowLabels?[i] ?? String(i) }
    public func colName(_ j: Int) -> String { colLabels?[j] ?? String(j) }
}

/// Which axis of a matrix a message speaks about.
public enum Axis: String, Sendable {
    case rows, columns
}

/// What can go wrong in matrix arithmetic, with both shapes so the author can see the mismatch.
public enum MatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    case storageMismatch(rows: Int, cols: Int, count: Int)
    case raggedRows(row: Int, expected: Int, got: Int)
    case labelCount(axis: Axis, expected: Int, got: Int)
    case negativeSize(rows: Int, cols: Int)
    case tooLarge(rows: Int, cols: Int, limit: Int)
    case productMismatch(left: String, right: String, inner: (Int, Int))
    case elementwiseMismatch(op: String, left: String, right: String)
    case indexOutOfRange(axis: Axis, index: Int, count: Int)
    case unknownLabel(axis: Axis, label: String, known: [String])
    case notSquare(String)
    case headsDoNotDivide(dModel: Int, heads: Int)
    case tooMuchWork(rows: Int, inner: Int, cols: Int, limit: Int)
    case invalidArgument(String)

    public static func == (a: MatrixError, b: MatrixError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case let .storageMismatch(r, c, n):
            return "a \(r)×\(c) matrix needs \(r * c) numbers, got \(n)"
        case let .raggedRows(row, expected, got):
            return "row \(row) has \(got) numbers but the first row has \(expected)"
        case let .labelCount(axis, expected, got):
            return "\(got) labels given for \(expected) \(axis.rawValue)"
        case let .negativeSize(r, c):
            return "a matrix cannot be \(r)×\(c): sizes must not be negative"
        case let .tooLarge(r, c, limit):
            return "a \(r)×\(c) matrix is too large: at most \(limit) elements are allowed"
        case let .productMismatch(left, right, inner):
            return "cannot multiply \(left) by \(right): inner sizes \(inner.0) and \(inner.1) differ"
        case let .elementwiseMismatch(op, left, right):
            return "cannot \(op) \(left) and \(right): shapes differ"
        case let .indexOutOfRange(axis, index, count):
            let noun = axis == .rows ? "row" : "column"
            return "\(noun) \(index) is out of range: there are \(count) \(axis.rawValue) (0 to \(count - 1))"
        case let .unknownLabel(axis, label, known):
            let noun = axis == .rows ? "row" : "column"
            return "no \(noun) is labelled \"\(label)\"; the labels are \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
        case let .notSquare(shape):
            return "expected a square matrix, got \(shape)"
        case let .headsDoNotDivide(d, h):
            return "d_model \(d) cannot be split into \(h) heads: \(d) is not a multiple of \(h)"
        case let .tooMuchWork(m, k, n, limit):
            return "multiplying \(m)×\(k) by \(k)×\(n) takes too long: at most \(limit) multiply-adds are allowed per product"
        case let .invalidArgument(message):
            return message
        }
    }
}
