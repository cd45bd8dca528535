/// A growable byte buffer with value semantics, for text assembled from thousands of small pieces
/// (heatmap cells, table rows, snapshot keys). `Array<UInt8>.append(contentsOf:)` costs hundreds
/// of instructions per call through its generic path; here a piece is a capacity check and a copy.
/// Rendered HTML and SVG stay in these buffers until their file is written: turning them into
/// Strings would validate every byte as UTF-8 again.
///
/// Sendable like `Array`: storage is shared only while no copy writes, and a write to shared
/// storage copies it first.
public struct ByteBuffer: @unchecked Sendable, Equatable {
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        func copy() -> Storage {
            let other = Storage(capacity: capacity)
            other.base.update(from: base, count: count)
            other.count = count
            return other
        }

        func grow(toFit needed: Int) {
            var newCapacity = capacity * 2
            while newCapacity < needed { newCapacity *= 2 }
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
    }

    private var storage: Storage

    public init(capacity: Int = 1024) { storage = Storage(capacity: capacity) }

    public var count: Int { storage.count }

    /// Room for `extra` more bytes at the end, copying first if the storage is shared.
    @inline(__always)
    private mutating func end(reserving extra: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if storage.count + extra > storage.capacity { storage.grow(toFit: storage.count + extra) }
        return storage.base + storage.count
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        end(reserving: 1).pointee = byte
        storage.count += 1
    }

    @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        end(reserving: bytes.count).update(from: source, count: bytes.count)
        storage.count += bytes.count
    }

    @inline(__always)
    public mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    public mutating func append(_ other: ByteBuffer) {
        append(UnsafeBufferPointer(start: other.storage.base, count: other.storage.count))
    }

    /// An integer in decimal.
    public mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var power: UInt = 10
        while digits < 20, magnitude >= power {
            digits += 1
            power = power.multipliedReportingOverflow(by: 10).partialValue
        }
        let start = end(reserving: digits)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            start[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        storage.count += digits
    }

    public static func == (a: ByteBuffer, b: ByteBuffer) -> Bool {
        a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// The bytes as text (invalid UTF-8 would be repaired; callers append only valid text).
    public var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
}
