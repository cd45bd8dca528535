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
    var frontMatter: FrontMatter
    var body: String
    var title: String

    /// `basics/01-value`: the output name without extension.
    public var stem: String { String(relativePath.dropLast(3)) }
    /// The stem as a relative URL path: each segment percent-encoded, so a lesson named
    /// `what is #1?.md` still links correctly.
    var href: String { Lesson.urlPath(stem) }

    static func urlPath(_ stem: String) -> String {
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
    public static func find(in content: URL) throws -> [URL] {
        let root = content.standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var found: [URL] = []
        for case let url as URL in enumerator where url.pathExtension.lowercased() == "md" {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
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
