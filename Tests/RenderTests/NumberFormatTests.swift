import Render
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
