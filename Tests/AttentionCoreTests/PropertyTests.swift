import AttentionCore
import Testing

/// Properties that must hold for any input, checked on many seeded random matrices.
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    static func scores(_ seed: UInt64) throws -> Matrix {
        var g = SplitMix64(seed: seed)
        let rows = Int(g.next() % 16) + 1, cols = Int(g.next() % 40) + 1
        return try Toy.random(rows: rows, cols: cols, seed: seed).combined(withScalar: Double(g.next() % 50) + 1, .multiply)
    }

    @Test(arguments: seeds)
    func softmaxRowsSumToOneAndLieInUnitInterval(seed: UInt64) throws {
        let w = try Self.scores(seed).softmaxRows()
        for i in 0..<w.rows {
            let row = w.rowValues(i)
            #expect(abs(row.reduce(0, +) - 1) <= 1e-12)
            #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
    }

    @Test(arguments: seeds)
    func addingAConstantToAScoreRowChangesNothing(seed: UInt64) throws {
        let s = try Self.scores(seed)
        let shifted = s.combined(withScalar: 1234.5, .add)
        let a = s.softmaxRows(), b = shifted.softmaxRows()
        for (x, y) in zip(a.storage, b.storage) { #expect(abs(x - y) <= 1e-12) }
    }

    @Test(arguments: [1, 2, 5, 17])
    func identicalKeysGiveUniformWeights(n: Int) throws {
        let q = try Toy.random(rows: 3, cols: 4, seed: 9)
        let oneKey = try Toy.random(rows: 1, cols: 4, seed: 10)
        let k = try oneKey.selectingRows(Array(repeating: 0, count: n))
        let v = try Toy.random(rows: n, cols: 2, seed: 11)
        let result = try Attention.scaledDotProduct(query: q, key: k, value: v)
        for x in result.weights.storage { #expect(abs(x - 1 / Double(n)) <= 1e-12) }
    }

    @Test func fullyMaskedRowGivesZerosNotNaN() throws {
        var mask = try Matrix(rows: 3, cols: 3, repeating: 0)
        for j in 0..<3 { mask[1, j] = -.infinity }
        let x = try Toy.random(rows: 3, cols: 4, seed: 1)
        let result = try Attention.scaledDotProduct(query: x, key: x, value: x, mask: mask)
        #expect(result.weights.rowValues(1).allSatisfy { $0 == 0 })
        #expect(result.output.rowValues(1).allSatisfy { $0 == 0 })
        #expect(!result.weights.storage.contains { $0.isNaN })
        #expect(abs(result.weights.rowValues(0).reduce(0, +) - 1) < 1e-12)
    }

    @Test func causalMaskIsTopLeftAligned() throws {
        let m = try Mask.causal(3)
        #expect(m.storage == [0, -.infinity, -.infinity, 0, 0, -.infinity, 0, 0, 0])
    }

    @Test func paddingMaskFollowsSDPAConvention() throws {
        // true = may attend, as in PyTorch's boolean attn_mask.
        let m = try Mask.padding(valid: [true, false, true], queries: 2)
        #expect(m.storage == [0, -.infinity, 0, 0, -.infinity, 0])
        #expect(try Mask.padding(length: 2, size: 3).storage == [0, 0, -.infinity, 0, 0, -.infinity, 0, 0, -.infinity])
    }

    @Test func labelsTravelThroughOperations() throws {
        let x = try Matrix([[1, 2], [3, 4]], rowLabels: ["bank", "river"], colLabels: ["f1", "f2"])
        let w = try Matrix([[1, 0, 1], [0, 1, 1]], colLabels: ["a", "b", "c"])
        let product = try x.multiplied(by: w)
        #expect(product.rowLabels == ["bank", "river"])
        #expect(product.colLabels == ["a", "b", "c"])
        #expect(product.transposed.rowLabels == ["a", "b", "c"])
        #expect(try x.rowIndex("river") == 1)
        #expect(try x.selectingRows([1]).rowLabels == ["river"])
    }

    @Test func shapeErrorsSayBothShapes() throws {
        let a = try Matrix(rows: 4, cols: 8, repeating: 1), b = try Matrix(rows: 4, cols: 4, repeating: 1)
        #expect(throws: MatrixError.productMismatch(left: "4×8", right: "4×4", inner: (8, 4))) { try a.multiplied(by: b) }
        #expect((try? a.combined(with: b, .add)) == nil)
    }

    @Test func absurdSizesAreRefusedBeforeAllocating() {
        #expect(throws: MatrixError.tooLarge(rows: 1_000_000, cols: 1_000_000, limit: Matrix.maxElements)) {
            try Matrix(rows: 1_000_000, cols: 1_000_000, repeating: 0)
        }
        #expect((try? Toy.random(rows: Int.max, cols: 2, seed: 1)) == nil)
        #expect((try? Matrix(rows: -1, cols: 2, repeating: 0)) == nil)
    }

    @Test func hugeProductsAreRefusedBeforeComputing() throws {
        // 4096 × 4096 by 4096 × 1024 is 2^34 multiply-adds, twice the limit; the matrices fit.
        let a = try Matrix(rows: 4096, cols: 4096, repeating: 0), b = try Matrix(rows: 4096, cols: 1024, repeating: 0)
        #expect(throws: MatrixError.tooMuchWork(rows: 4096, inner: 4096, cols: 1024, limit: Matrix.maxProductWork)) {
            try a.multiplied(by: b)
        }
    }

    @Test func splitMix64MatchesPublishedSequence() {
        // The reference implementation's first outputs for seed 0 (Vigna, splitmix64.c).
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func generatorIsDeterministicAndNormalish() throws {
        #expect(try Toy.random(rows: 3, cols: 3, seed: 42) == (try Toy.random(rows: 3, cols: 3, seed: 42)))
        #expect(try Toy.random(rows: 3, cols: 3, seed: 42) != (try Toy.random(rows: 3, cols: 3, seed: 43)))
        var g = SplitMix64(seed: 7)
        let samples = (0..<20000).map { _ in g.nextNormal() }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test func sameTokenSameEmbedding() throws {
        let a = try Toy.embed(tokens: ["the", "bank", "of"], dim: 4, seed: 1)
        let b = try Toy.embed(tokens: ["bank", "lent"], dim: 4, seed: 1)
        #expect(Array(a.rowValues(1)) == Array(b.rowValues(0)))
        #expect(Array(a.rowValues(0)) != Array(a.rowValues(1)))
        #expect(a.rowLabels == ["the", "bank", "of"])
    }

    @Test func splitAndConcatHeadsAreInverse() throws {
        let x = try Toy.random(rows: 5, cols: 12, seed: 3)
        let parts = try Attention.splitHeads(x, heads: 4)
        #expect(parts.count == 4 && parts.allSatisfy { $0.cols == 3 })
        #expect(try Attention.concatHeads(parts).storage == x.storage)
        #expect(throws: MatrixError.headsDoNotDivide(dModel: 12, heads: 5)) { try Attention.splitHeads(x, heads: 5) }
    }

    @Test func largeProductMatchesNaiveSum() throws {
        // Exercises the parallel, register-blocked path (m·k·n ≥ 2^20) against a plain triple loop.
        let a = try Toy.random(rows: 130, cols: 70, seed: 5), b = try Toy.random(rows: 70, cols: 123, seed: 6)
        let c = try a.multiplied(by: b)
        for i in stride(from: 0, to: 130, by: 7) {
            for j in stride(from: 0, to: 123, by: 5) {
                var s = 0.0
                for p in 0..<70 { s += a[i, p] * b[p, j] }
                #expect(abs(c[i, j] - s) <= 1e-12 * max(1, abs(s)))
            }
        }
    }
}
