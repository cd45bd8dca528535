/// `exp` computed by docgen itself, so every platform gives the same bits (C libraries' `exp` may
/// differ in the last place) and so softmax can run eight lanes at a time.
///
/// Method: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite, two-part ln 2), e^r by its Taylor series
/// to degree 13 (truncation error below 1e-17 relative) in Horner form with fused multiply-adds
/// (IEEE 754 defines `fma` exactly, so hardware and software fma agree), then scaling by 2^k.
/// Accurate to a few units in the last place.
public enum Elementary {
    static let log2e = 1.4426950408889634
    static let ln2Hi = 0.6931471803691238
    static let ln2Lo = 1.9082149292705877e-10
    /// 1/n! for n = 13 down to 2.
    static let coefficients: [Double] = (2...13).reversed().map { n in 1 / (1...n).reduce(1.0) { $0 * Double($1) } }
    /// Beyond these e^x overflows to ∞ or underflows below the smallest normal; handled one by one.
    static let upper = 709.0, lower = -708.0
    static let shifter = 6755399441055744.0

    /// e^x for one number.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = (x * log2e).rounded(.toNearestOrEven)
        var r = x.addingProduct(-k, ln2Hi)
        r = r.addingProduct(-k, ln2Lo)
        var p = coefficients[0]
        for c in coefficients.dropFirst() { p = c.addingProduct(p, r) }
        p = 1.0.addingProduct(p, r)
        p = 1.0.addingProduct(p, r)
        return scale(p, by: Int(k))
    }

    /// p · 2^k, exact, including results in the subnormal range.
    static func scale(_ p: Double, by k: Int) -> Double {
        if k >= -1022 && k <= 1023 { return p * Double(bitPattern: UInt64(k + 1023) << 52) }
        if k > 1023 { return p * Double(bitPattern: UInt64(1023 + 1023) << 52) * Double(bitPattern: UInt64(k - 1023 + 1023) << 52) }
        return p * Double(bitPattern: UInt64(-1000 + 1023) << 52) * Double(bitPattern: UInt64(k + 1000 + 1023) << 52)
    }

    /// e^x for eight lanes, each lane bit-for-bit equal to `exp` of that lane. Only for lanes in
    /// [−708, 709], where no special case applies; callers check the range (see `inFastRange`).
    @inline(__always)
    static func expInRange(_ x: SIMD8<Double>) -> SIMD8<Double> {
        // Adding 1.5·2^52 rounds x·log2(e) to the nearest integer (ties to even, as `rounded` does in
        // `exp` above) and leaves that integer in the low bits, from which 2^k is built directly.
        let shifted = x * log2e + SIMD8(repeating: shifter)
        let k = shifted - SIMD8(repeating: shifter)
        var r = x.addingProduct(-k, SIMD8(repeating: ln2Hi))
        r = r.addingProduct(-k, SIMD8(repeating: ln2Lo))
        var p = SIMD8<Double>(repeating: coefficients[0])
        for c in coefficients.dropFirst() { p = SIMD8(repeating: c).addingProduct(p, r) }
        p = SIMD8(repeating: 1).addingProduct(p, r)
        p = SIMD8(repeating: 1).addingProduct(p, r)
        let bits = (unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &<< 52) &+ SIMD8(repeating: UInt64(1023) << 52)
        return p * unsafeBitCast(bits, to: SIMD8<Double>.self)
    }

    /// Whether every x in [lowest, highest] can take the eight-lane path.
    static func inFastRange(lowest: Double, highest: Double) -> Bool {
        lowest >= lower && highest <= upper
    }
}
