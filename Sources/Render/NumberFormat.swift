/// Number formatting that is the same on every machine: no locale, no `printf`.
///
/// A number is first written as its shortest round-trip decimal (Swift's `description`, which is
/// platform-independent), then that decimal string is rounded half away from zero to `precision`
/// places. So 0.4125 shows as 0.413, as a reader rounding the printed digits would expect.
public enum NumberFormat {
    /// Plain ASCII form: `-0.412`, `NaN`, `inf`, `-inf`; −0 and values that round to zero lose their sign.
    public static func fixed(_ x: Double, precision: Int) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x.magnitude >= 1e15 { return scientific(x, precision: precision) }
        let (digits, pointPosition) = decimalDigits(x.magnitude)
        var rounded = round(digits: digits, pointPosition: pointPosition, places: precision)
        let isZero = rounded.allSatisfy { $0 == "0" || $0 == "." }
        if x < 0 && !isZero { rounded = "-" + rounded }
        return rounded
    }

    /// The typographic form for HTML: minus sign U+2212, ∞, and NaN spelled out.
    public static func typographic(_ x: Double, precision: Int) -> String {
        if x.isInfinite { return x < 0 ? "−∞" : "∞" }
        let plain = fixed(x, precision: precision)
        return plain.hasPrefix("-") ? "−" + plain.dropFirst() : plain
    }

    /// `1.23e+15` style for magnitudes a fixed layout cannot hold.
    static func scientific(_ x: Double, precision: Int) -> String {
        let (digits, pointPosition) = decimalDigits(x.magnitude)
        let exponent = pointPosition - 1
        let mantissa = round(digits: digits, pointPosition: 1, places: precision)
        return (x < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }

    /// Significant digits (no leading zeros) and where the decimal point falls: 0.0412 → ("412", -1).
    static func decimalDigits(_ magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        if magnitude == 0 { return ([0], 1) }
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPosition = 0
        var seenPoint = false
        for c in mantissa {
            if c == "." { seenPoint = true; continue }
            guard let d = c.wholeNumberValue else { continue }
            digits.append(UInt8(d))
            if !seenPoint { pointPosition += 1 }
        }
        while digits.first == 0, digits.count > 1 { digits.removeFirst(); pointPosition -= 1 }
        return (digits, pointPosition + exponent)
    }

    /// Rounds the decimal `0.d1d2d3… × 10^pointPosition` to `places` decimals, half away from zero.
    static func round(digits: [UInt8], pointPosition: Int, places: Int) -> String {
        // Digits of the integer and fraction parts, padded with zeros.
        let integerCount = max(pointPosition, 1)
        var all: [UInt8]
        if pointPosition <= 0 {
            all = [0] + [UInt8](repeating: 0, count: -pointPosition) + digits
        } else {
            all = digits + [UInt8](repeating: 0, count: max(0, pointPosition - digits.count))
        }
        let keep = integerCount + places
        if all.count < keep { all += [UInt8](repeating: 0, count: keep - all.count) }
        var kept = Array(all[0..<keep])
        if all.count > keep, all[keep] >= 5 {
            var i = keep - 1
            var carry = true
            while carry && i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; carry = false }
            }
            if carry { kept.insert(1, at: 0) }
        }
        let integerDigits = kept.count - places
        var text = String(kept[0..<integerDigits].map { Character(String($0)) })
        if places > 0 {
            text += "." + String(kept[integerDigits...].map { Character(String($0)) })
        }
        return text
    }
}
