import AttentionCore
import Foundation
@testable import Render
import Testing

struct NumberFormatTests {
    @Test(arguments: [
        (0.4125, 3, "0.413"), (0.41249, 3, "0.412"), (-0.4125, 3, "-0.413"), (0.0, 3, "0.000"), (-0.0, 3, "0.000"),
        (-0.0004, 3, "0.000"), (-0.0005, 3, "-0.001"), (0.9995, 3, "1.000"), (9.9996, 3, "10.000"), (123.456, 0, "123"),
        (123.5, 0, "124"), (1e-7, 3, "0.000"), (1e-7, 8, "0.00000010"), (2.5e-5, 6, "0.000025"), (1234567.891, 2, "1234567.89"),
        (1e20, 3, "1.000e+20"), (-3.14159e21, 2, "-3.14e+21"), (1.0 / 3.0, 12, "0.333333333333"), (0.1 + 0.2, 3, "0.300"),
        (Double.leastNonzeroMagnitude, 3, "0.000"), (Double.greatestFiniteMagnitude, 1, "1.8e+308"), (42, 3, "42.000"), (0.05, 1, "0.1"),
    ] as [(Double, Int, String)])
    func fixed(_ x: Double, _ precision: Int, _ expected: String) {
        #expect(NumberFormat.fixed(x, precision: precision) == expected)
    }

    @Test func specialValuesAreSpelledOut() {
        #expect(NumberFormat.fixed(.nan, precision: 3) == "NaN")
        #expect(NumberFormat.fixed(.infinity, precision: 3) == "inf")
        #expect(NumberFormat.fixed(-.infinity, precision: 3) == "-inf")
        #expect(NumberFormat.typographic(-.infinity, precision: 3) == "−∞")
        #expect(NumberFormat.typographic(.infinity, precision: 3) == "∞")
        #expect(NumberFormat.typographic(-1.5, precision: 2) == "−1.50")
        #expect(NumberFormat.typographic(-0.0001, precision: 2) == "0.00")
    }
}

/// The integer shortcut must give exactly what rounding the shortest decimal gives, above all next
/// to half-way points, where the two could part.
struct QuickFormatTests {
    @Test func integerShortcutMatchesDigitRounding() {
        var random = SeededGenerator(SplitMix64(seed: 2026))
        var checked = 0, declined = 0
        func compare(_ x: Double, _ precision: Int) {
            guard let quick = NumberFormat.quickFixed(x, precision: precision) else {
                declined += 1
                return
            }
            checked += 1
            #expect(quick == NumberFormat.digitStringFixed(x, precision: precision), "x = \(x), precision \(precision)")
        }
        for precision in 0...8 {
            let unit = pow(10.0, Double(-precision))
            for _ in 0..<2_000 {
                let magnitude = pow(10.0, Double.random(in: -9...12, using: &random))
                compare(Double.random(in: -magnitude...magnitude, using: &random), precision)
                // Half-way points k + ½ units, a few ulps either side, and relative steps out to
                // where the shortcut starts to answer.
                var tie = (Double(Int.random(in: -100_000...100_000, using: &random)) + 0.5) * unit
                for exponent in 30...50 {
                    compare(tie * (1 + pow(2.0, Double(-exponent))), precision)
                    compare(tie * (1 - pow(2.0, Double(-exponent))), precision)
                }
                for _ in 0..<4 { tie = tie.nextDown }
                for _ in 0..<8 {
                    compare(tie, precision)
                    tie = tie.nextUp
                }
            }
        }
        #expect(checked > 300_000)
        #expect(declined > 0, "near-ties must take the exact path")
    }
}

/// A reproducible source for the standard library's `random(in:using:)`.
struct SeededGenerator: RandomNumberGenerator {
    var source: SplitMix64
    init(_ source: SplitMix64) { self.source = source }
    mutating func next() -> UInt64 { source.next() }
}
