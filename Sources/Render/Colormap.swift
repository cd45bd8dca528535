import Foundation

/// Perceptually uniform colour scales, sampled from matplotlib's published stops and interpolated
/// linearly in sRGB between them.
public struct Colormap: Sendable {
    public let name: String
    let stops: [(Double, Double, Double)]

    public static let viridis = Colormap(name: "viridis", hex: [
        "440154", "482878", "3e4989", "31688e", "26828e", "1f9e89", "35b779", "6ece58", "b5de2b", "fde725",
    ])
    public static let cividis = Colormap(name: "cividis", hex: [
        "00224e", "123570", "3b496c", "575d6d", "707173", "8a8779", "a69d75", "c4b56c", "e4cf5b", "fee838",
    ])
    /// Blue–white–red (ColorBrewer RdBu, reversed) for signed values centred on 0.
    public static let diverging = Colormap(name: "diverging", hex: [
        "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d", "b2182b",
    ])

    init(name: String, hex: [String]) {
        self.name = name
        stops = hex.map { h in
            let v = Int(h, radix: 16) ?? 0
            return (Double((v >> 16) & 255) / 255, Double((v >> 8) & 255) / 255, Double(v & 255) / 255)
        }
    }

    public static func named(_ name: String?) -> Colormap? {
        switch name {
        case "viridis": return .viridis
        case "cividis": return .cividis
        case "diverging": return .diverging
        default: return nil
        }
    }

    /// The colour at `t` in [0, 1] (clamped) as sRGB components in [0, 1].
    public func rgb(_ t: Double) -> (Double, Double, Double) {
        let clamped = t.isNaN ? 0 : Swift.min(1, Swift.max(0, t))
        let position = clamped * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(position))
        let f = position - Double(i)
        let a = stops[i], b = stops[i + 1]
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// `#rrggbb` at `t`.
    public func hex(_ t: Double) -> String { Colormap.hex(rgb(t)) }

    static func hex(_ c: (Double, Double, Double)) -> String {
        String(unsafeUninitializedCapacity: 7) { buffer in
            writeHex(c) { index, byte in buffer[index] = byte }
            return 7
        }
    }

    /// `#rrggbb` for a colour, byte by byte (each component clamped to [0, 1] and rounded).
    static func writeHex(_ c: (Double, Double, Double), _ write: (Int, UInt8) -> Void) {
        let digits: StaticString = "0123456789abcdef"
        write(0, UInt8(ascii: "#"))
        for (k, v) in [c.0, c.1, c.2].enumerated() {
            let byte = Int((Swift.min(1, Swift.max(0, v)) * 255).rounded())
            write(1 + 2 * k, digits.utf8Start[byte >> 4])
            write(2 + 2 * k, digits.utf8Start[byte & 15])
        }
    }

    /// WCAG relative luminance of an sRGB colour.
    static func luminance(_ c: (Double, Double, Double)) -> Double {
        func channel(_ v: Double) -> Double {
            v <= 0.04045 ? v / 12.92 : Foundation.pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    /// Black or white text, whichever contrasts more with the fill (WCAG contrast ratio).
    public static func textColour(on fill: (Double, Double, Double)) -> String {
        let l = luminance(fill)
        let withBlack = (l + 0.05) / 0.05
        let withWhite = 1.05 / (l + 0.05)
        return withBlack >= withWhite ? "#000000" : "#ffffff"
    }

    /// The contrast ratio of the chosen text colour against the fill, for tests.
    public static func bestContrast(on fill: (Double, Double, Double)) -> Double {
        let l = luminance(fill)
        return Swift.max((l + 0.05) / 0.05, 1.05 / (l + 0.05))
    }
}
