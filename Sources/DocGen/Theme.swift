import Foundation
import Render

/// The page templates and stylesheet, read once per build.
public struct Theme: Sendable {
    public var page: MustacheTemplate
    public var index: MustacheTemplate
    public var stylesheet: String
    /// The raw template texts, hashed into the build's fingerprint so a template edit rebuilds pages.
    public var fingerprint: String
    /// Whether the page template shows `content` only unescaped, so a page's content can be spliced
    /// into the rendered template as bytes (decided once per build, not per page).
    public var splicesContent: Bool

    public init(folder: URL) throws {
        func read(_ name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw ThemeError(message: "cannot read template \(url.path)")
            }
            return text
        }
        let pageText = try read("page.html"), indexText = try read("index.html"), css = try read("style.css")
        do {
            page = try MustacheTemplate(pageText)
            index = try MustacheTemplate(indexText)
        } catch {
            throw ThemeError(message: "template error in \(folder.path): \(error.message)")
        }
        splicesContent = page.showsOnlyUnescaped("content")
        stylesheet = css
        fingerprint = Hashing.hex(Hashing.digest(pageText + "\u{0}" + indexText + "\u{0}" + css))
    }
}

public struct ThemeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

enum Hashing {
    static func digest(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { digest(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func digest(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { digest(bytes: $0) }
    }

    /// A content hash for change detection: FNV-1a style multiply-and-mix over little-endian 64-bit
    /// words, in four independent lanes (so the multiplications overlap), folded together with the
    /// remaining bytes and the length. The same on every platform; every output file is hashed for
    /// the manifest, so this runs over the whole site on each build.
    static func digest(bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xCBF2_9CE4_8422_2325, 0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9)
        func mix(_ lane: inout UInt64, _ word: UInt64) {
            lane ^= word
            lane &*= prime
            lane ^= lane >> 29
        }
        func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        var offset = 0
        while offset + 32 <= bytes.count {
            mix(&lanes.0, word(offset))
            mix(&lanes.1, word(offset + 8))
            mix(&lanes.2, word(offset + 16))
            mix(&lanes.3, word(offset + 24))
            offset += 32
        }
        var hash = lanes.0
        for lane in [lanes.1, lanes.2, lanes.3] { mix(&hash, lane) }
        while offset + 8 <= bytes.count {
            mix(&hash, word(offset))
            offset += 8
        }
        while offset < bytes.count {
            hash ^= UInt64(bytes[offset])
            hash &*= prime
            offset += 1
        }
        mix(&hash, UInt64(bytes.count))
        hash ^= hash >> 32
        hash &*= 0x9E37_79B9_7F4A_7C15
        return hash ^ (hash >> 29)
    }

    static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
