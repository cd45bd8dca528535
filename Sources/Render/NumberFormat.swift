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
        return quickFixed(x, precision: precision) ?? digitStringFixed(x, precision: precision)
    }

    /// Rounds the digits of the shortest decimal: the definition `quickFixed` must agree with.
    static func digitStringFixed(_ x: Double, precision: Int) -> String {
        let (digits, pointPosition) = decimalDigits(x.magnitude)
        var rounded = round(digits: digits, pointPosition: pointPosition, places: precision)
        let isZero = rounded.utf8.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
        if x < 0 && !isZero { rounded = "-" + rounded }
        return rounded
    }

    /// The typographic form for HTML: minus sign U+2212, ∞, and NaN spelled out.
    public static func typographic(_ x: Double, precision: Int) -> String {
        typographic(fixed: fixed(x, precision: precision))
    }

    /// The typographic form of text `fixed` wrote, so a number formatted once serves both forms.
    public static func typographic(fixed plain: String) -> String {
        switch plain {
        case "-inf": "−∞"
        case "inf": "∞"
        default: plain.hasPrefix("-") ? "−" + plain.dropFirst() : plain
        }
    }

    /// Powers of ten that doubles hold exactly.
    private static let exactPowersOfTen: [Double] = (0...15).map { p in (0..<p).reduce(1.0) { value, _ in value * 10 } }

    /// The same result as rounding the shortest decimal, computed with integers, for the common
    /// case where the value is clearly away from a half-way point. The shortest decimal lies within
    /// half an ulp of `x`, and scaling adds at most another, so when the fraction of `x · 10^places`
    /// is farther than that from ½ both round the same way. Returns nil for the rare near-ties,
    /// which take the exact digit-string path.
    static func quickFixed(_ x: Double, precision: Int) -> String? {
        guard precision >= 0, precision < exactPowersOfTen.count else { return nil }
        let scaled = x.magnitude * exactPowersOfTen[precision]
        guard scaled < 1e15 else { return nil }
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        guard abs(fraction - 0.5) > scaled * 1e-12 else { return nil }
        var units = UInt64(whole) + (fraction > 0.5 ? 1 : 0)
        let negative = x < 0 && units != 0
        var integerDigits = 1
        var power: UInt64 = 10
        while integerDigits < 16, units / exactPowersOfTenInteger[precision] >= power {
            integerDigits += 1
            power *= 10
        }
        let count = (negative ? 1 : 0) + integerDigits + (precision > 0 ? 1 + precision : 0)
        // Digits are written from the right: the fraction's `precision` digits, then the integer part.
        return String(unsafeUninitializedCapacity: count) { buffer in
            var position = count
            for _ in 0..<precision {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(units % 10)
                units /= 10
            }
            if precision > 0 {
                position -= 1
                buffer[position] = UInt8(ascii: ".")
            }
            for _ in 0..<integerDigits {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(units % 10)
                units /= 10
            }
            if negative { buffer[0] = UInt8(ascii: "-") }
            return count
        }
    }

    private static let exactPowersOfTenInteger: [UInt64] = (0...15).map { p in (0..<p).reduce(1) { value, _ in value * 10 } }

    /// `1.23e+15` style for magnitudes a fixed layout cannot hold.
    static func scientific(_ x: Double, precision: Int) -> String {
        let (digits, pointPosition) = decimalDigits(x.magnitude)
        let exponent = pointPosition - 1
        let mantissa = round(digits: digits, pointPosition: 1, places: precision)
        return (x < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }

    /// Significant digits (no leading zeros) and where the decimal point falls: 0.0412 → ("412", -1).
    /// Reads the UTF-8 bytes of `description` (ASCII digits, '.', 'e', sign): no Unicode lookups.
    static func decimalDigits(_ magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        if magnitude == 0 { return ([0], 1) }
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointPosition = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                    if !seenPoint { pointPosition += 1 }
                }
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): if inExponent { exponentSign = -1 }
            default: break
            }
        }
        var leading = 0
        while leading < digits.count - 1, digits[leading] == 0 { leading += 1 }
        if leading > 0 { digits.removeFirst(leading) }
        return (digits, pointPosition - leading + exponentSign * exponent)
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(kept.count + 1)
        for (index, digit) in kept.enumerated() {
            if index == integerDigits { bytes.append(UInt8(ascii: ".")) }
            bytes.append(UInt8(ascii: "0") + digit)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
