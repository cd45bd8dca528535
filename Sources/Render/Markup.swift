/// Builds HTML and SVG text. Text and attribute values always pass through `escape`, so token text
/// such as `<script>` or `"><svg onload=…>` can never become markup; only this file's callers
/// decide what is a tag. Writes UTF-8 bytes into one growing buffer: pages and heatmaps are built
/// from many small pieces, and appending bytes is much cheaper than appending Strings.
public struct Markup {
    private var bytes = ByteBuffer()

    public init() {}

    /// The markup written so far.
    public var text: String { bytes.string }

    /// The markup written so far, as bytes (no UTF-8 validation, unlike `text`).
    public var buffer: ByteBuffer { bytes }

    /// Escapes `& < > " '` for use in element content and in quoted attribute values.
    public static func escape(_ s: String) -> String {
        var writer = Markup()
        writer.escaped(s)
        return writer.text
    }

    /// Opens an element with attributes in the order given (fixed order keeps snapshots stable).
    public mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        startTag(tag, attributes)
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func close(_ tag: String) {
        literal("</")
        text(tag)
        bytes.append(UInt8(ascii: ">"))
    }

    /// A self-closing element (SVG).
    public mutating func empty(_ tag: String, _ attributes: [(String, String)] = []) {
        startTag(tag, attributes)
        literal("/>")
    }

    /// An element with escaped text content.
    public mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ content: String) {
        open(tag, attributes)
        escaped(content)
        close(tag)
    }

    /// Escaped text.
    public mutating func escaped(_ content: String) {
        var content = content
        content.withUTF8 { source in
            // Most text has nothing to escape: copy it whole.
            if !source.contains(where: Markup.needsCare) {
                bytes.append(source)
                return
            }
            for byte in source {
                switch byte {
                case UInt8(ascii: "&"): literal("&amp;")
                case UInt8(ascii: "<"): literal("&lt;")
                case UInt8(ascii: ">"): literal("&gt;")
                case UInt8(ascii: "\""): literal("&quot;")
                case UInt8(ascii: "'"): literal("&#39;")
                // Control characters other than tab and newline are not allowed in XML: dropped.
                case 0..<0x20 where byte != 0x09 && byte != 0x0A: continue
                default: bytes.append(byte)
                }
            }
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not allowed in XML either.
            if source.contains(0xEF) { dropNoncharacters() }
        }
    }

    /// A number as `NumberFormat` wrote it: digits, sign, point, exponent, ∞ or NaN, so there is
    /// nothing to escape and the scan is skipped (tables and heatmaps write thousands).
    public mutating func number(_ formatted: String) {
        assert(!formatted.utf8.contains(where: Markup.needsCare), "not a formatted number: \(formatted)")
        text(formatted)
    }

    /// Escaped text given as scalars (the highlighter's view of a line), without making a String.
    public mutating func escaped(_ scalars: ArraySlice<Unicode.Scalar>) {
        if scalars.allSatisfy({ $0.isASCII && !Markup.needsCare(UInt8($0.value)) }) {
            for scalar in scalars { bytes.append(UInt8(scalar.value)) }
        } else {
            escaped(String(String.UnicodeScalarView(scalars)))
        }
    }

    /// Bytes that are escaped or dropped, and the lead byte of U+FFFE/U+FFFF.
    private static func needsCare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0xEF: true
        case 0..<0x20: byte != 0x09 && byte != 0x0A
        default: false
        }
    }

    /// Markup produced by another `Markup` (already escaped), or a tag or attribute name.
    private mutating func text(_ markup: String) {
        var markup = markup
        markup.withUTF8 { bytes.append($0) }
    }

    // Element by element, for loops that write thousands of elements (heatmap cells): no array
    // of attributes and no interpolated strings per element.

    /// `<tag`; follow with `attribute`s and `endStart()` or `endEmpty()`.
    @inline(__always)
    public mutating func begin(_ tag: StaticString) {
        bytes.append(UInt8(ascii: "<"))
        literal(tag)
    }

    /// ` name="value"` with the value escaped.
    @inline(__always)
    public mutating func attribute(_ name: StaticString, _ value: String) {
        attribute(name) { $0.escaped(value) }
    }

    /// ` name="123"`.
    @inline(__always)
    public mutating func attribute(_ name: StaticString, _ value: Int) {
        attribute(name) { $0.decimal(value) }
    }

    /// ` name="#rrggbb"` for an sRGB colour with components in [0, 1].
    public mutating func attribute(_ name: StaticString, colour: (Double, Double, Double)) {
        attribute(name) { markup in
            var hex: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &hex) { buffer in
                Colormap.writeHex(colour) { index, byte in buffer[index] = byte }
                markup.bytes.append(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 7))
            }
        }
    }

    /// ` name="…"` around whatever `value` writes.
    @inline(__always)
    private mutating func attribute(_ name: StaticString, value: (inout Markup) -> Void) {
        bytes.append(0x20)
        literal(name)
        literal("=\"")
        value(&self)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `>` after `begin` and attributes.
    public mutating func endStart() { bytes.append(UInt8(ascii: ">")) }

    /// `/>` after `begin` and attributes.
    public mutating func endEmpty() { literal("/>") }

    /// Markup this file's callers spell out in source, such as `</title></rect>`.
    @inline(__always)
    public mutating func literal(_ markup: StaticString) {
        bytes.append(markup)
    }

    /// An integer in decimal.
    public mutating func decimal(_ value: Int) { bytes.appendDecimal(value) }

    /// Markup already rendered to bytes (a heatmap, a cell), appended without decoding it.
    public mutating func append(_ rendered: ByteBuffer) { bytes.append(rendered) }

    /// Markup produced by another `Markup` (already escaped).
    public mutating func raw(_ markup: String) { text(markup) }

    public mutating func newline() { bytes.append(0x0A) }

    private mutating func startTag(_ tag: String, _ attributes: [(String, String)]) {
        bytes.append(UInt8(ascii: "<"))
        text(tag)
        for (name, value) in attributes {
            bytes.append(0x20)
            text(name)
            literal("=\"")
            escaped(value)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func dropNoncharacters() {
        var cleaned = ByteBuffer(capacity: bytes.count)
        bytes.withUnsafeBytes { source in
            var i = 0
            while i < source.count {
                if i + 2 < source.count, source[i] == 0xEF, source[i + 1] == 0xBF, source[i + 2] == 0xBE || source[i + 2] == 0xBF {
                    i += 3
                    continue
                }
                cleaned.append(source[i])
                i += 1
            }
        }
        bytes = cleaned
    }
}
