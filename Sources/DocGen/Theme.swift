import Foundation
import Render

/// The page templates and stylesheet, read once per build.
public struct Theme: Sendable {
    public var page: MustacheTemplate
    public var index: MustacheTemplate
    public var stylesheet: String
    /// The raw template texts, hashed into the build's fingerprint so a template edit rebuilds pages.
    public var fingerprint: String

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
        stylesheet = css
        fingerprint = Hashing.hex(Hashing.fnv1a(pageText + "\u{0}" + indexText + "\u{0}" + css))
    }
}

public struct ThemeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

enum Hashing {
    static func fnv1a(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { fnv1a(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func fnv1a(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { fnv1a(bytes: $0) }
    }

    static func fnv1a(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
