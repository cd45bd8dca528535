/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-tested 64-bit generator whose output is
/// defined by integer arithmetic alone, so a seed gives the same numbers on every platform.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// An approximately standard normal value by the Irwin–Hall method: the sum of twelve uniforms
    /// minus six has mean 0 and variance 1. It needs only additions, which IEEE 754 defines exactly,
    /// whereas Box–Muller's `log` and `cos` may differ in the last bit between C libraries.
    public mutating func nextNormal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += nextUniform() }
        return sum - 6
    }
}

/// Deterministic toy data for lessons.
public enum Toy {
    /// An r×c matrix of normal values scaled by 1/√r, so products with it keep values in a readable range.
    public static func random(rows: Int, cols: Int, seed: UInt64) throws(MatrixError) -> Matrix {
        try Matrix.checkSize(rows: rows, cols: cols)
        var generator = SplitMix64(seed: seed)
        let scale = rows > 0 ? 1 / Double(rows).squareRoot() : 1
        var values = [Double](repeating: 0, count: rows * cols)
        for i in values.indices { values[i] = generator.nextNormal() * scale }
        return Matrix(unchecked: rows, cols, values)
    }

    /// One row per token, seeded by the token's text and `seed`: the same token always gets the same
    /// vector, so "bank" in two sentences of a page is the same embedding.
    public static func embed(tokens: [String], dim: Int, seed: UInt64) throws(MatrixError) -> Matrix {
        try Matrix.checkSize(rows: tokens.count, cols: dim)
        var values: [Double] = []
        values.reserveCapacity(tokens.count * dim)
        for token in tokens {
            var generator = SplitMix64(seed: fnv1a(token) ^ (seed &* 0x9E37_79B9_7F4A_7C15))
            for _ in 0..<dim { values.append(generator.nextNormal()) }
        }
        return Matrix(unchecked: tokens.count, dim, values, rowLabels: tokens)
    }

    /// FNV-1a over the UTF-8 bytes: a stable string hash (Swift's `hashValue` is seeded per process).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
