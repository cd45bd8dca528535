import Foundation

/// A lesson file found under the content folder, read once.
public struct Lesson: Sendable {
    /// Largest lesson file read (16 MiB); larger ones are reported, not loaded.
    public static let maxFileSize = 16 * 1024 * 1024

    /// Path relative to the content folder, with `/` separators: `basics/01-value.md`.
    public var relativePath: String
    /// The path shown in diagnostics: the content folder as given plus `relativePath`.
    public var displayPath: String
    public var text: String
    /// `text` hashed once: the page's main input, and the name of its placeholders and markers.
    public var textHash: String
    var frontMatter: FrontMatter
    var body: String
    var title: String

    /// `basics/01-value`: the output name without extension.
    public var stem: String { String(relativePath.dropLast(3)) }
    /// The stem as a relative URL path: each segment percent-encoded, so a lesson named
    /// `what is #1?.md` still links correctly.
    var href: String { Lesson.urlPath(stem) }

    static func urlPath(_ stem: String) -> String {
        // Most names need no encoding: letters, digits, and - _ . / only.
        let plain = stem.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"): true
            default: false
            }
        }
        if plain { return stem }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;")
        return stem.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }
    var order: Double { frontMatter.order ?? .infinity }
    var description: String? { frontMatter.description }
}

/// Finds lessons: every `*.md` below the content folder, skipping hidden files and folders, in a
/// stable order (front matter `order`, then path).
public enum LessonFinder {
    /// Symbolic links are not followed (a link could lead outside the content folder); names
    /// starting with "." are skipped. Walks with readdir, which reports each entry's type without
    /// a stat per file.
    public static func find(in content: URL) throws -> [URL] {
        var found: [String] = []
        walk(content.standardizedFileURL.path, into: &found)
        return found.sorted().map { URL(fileURLWithPath: $0) }
    }

    private static func walk(_ directory: String, into found: inout [String]) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFREG: type = UInt8(DT_REG)
                default: continue
                }
            }
            if type == UInt8(DT_DIR) {
                walk(path, into: &found)
            } else if type == UInt8(DT_REG), name.lowercased().hasSuffix(".md") {
                found.append(path)
            }
        }
    }

    /// The path below `base` (the content folder's standardized path), with `/` separators.
    static func relativePath(of url: URL, base: String) -> String {
        let path = url.path.hasPrefix(base + "/") ? url.path : url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : url.lastPathComponent
    }
}

extension String {
    /// The text's lines, split at each "\n" byte, a "\r" before it kept with its line. Works on
    /// UTF-8 bytes: splitting on Characters would be slow on large lessons and would not split
    /// "\r\n", which Swift treats as one Character.
    public var lines: [String] {
        utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }
}
