import DocGen
import Foundation
import TestSupport
import Testing

/// cmark-gfm keeps the extensions' special characters (`~` for strikethrough, `:` and `w` for
/// autolinks) in one table for the whole process, adding them when a parser starts on inlines and
/// removing them when it ends. Pages built at once must still all get their strikethrough and links.
struct ConcurrentParsingTests {
    @Test func everyPageBuiltInParallelGetsItsExtensions() throws {
        let root = Snapshot.temporaryFolder("docgen-concurrent")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let prose = String(repeating: "Some *prose* with **emphasis**, `code` and [a link](https://example.org).\n\n", count: 40)
        for i in 0..<200 {
            let text = "# Page \(i)\n\n\(prose)This is ~~struck~~ and www.example.org is a link.\n\n\(prose)"
            try Data(text.utf8).write(to: content.appendingPathComponent("p\(i).md"))
        }
        var options = BuildOptions(content: content, contentDisplay: "content",
                                   templates: Snapshot.repositoryRoot().appendingPathComponent("templates"))
        options.formats = [.html]
        options.jobs = 8
        let build = try SiteBuilder.build(options)
        let pages = build.pages.compactMap { $0.files.first { $0.path.hasSuffix(".html") } }
        #expect(pages.count == 200)
        let missing = pages.filter { file in
            let html = String(decoding: file.contents, as: UTF8.self)
            return !html.contains("<del>struck</del>") || !html.contains("<a href=\"http://www.example.org\">www.example.org</a>")
        }
        #expect(missing.isEmpty, "\(missing.count) pages lost an extension: \(missing.prefix(3).map(\.path))")
    }
}
