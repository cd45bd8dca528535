import DocGen
import Foundation
import Testing

/// cmark-gfm keeps the extensions' special characters (`~` for strikethrough, `:` and `w` for
/// autolinks) in one table for the whole process, adding them when a parser starts on inlines and
/// removing them when it ends. Pages built at once must still all get their strikethrough and links.
struct ConcurrentParsingTests {
    @Test func everyPageBuiltInParallelGetsItsExtensions() throws {
        let prose = String(repeating: "Some *prose* with **emphasis**, `code` and [a link](https://example.org).\n\n", count: 40)
        var lessons: [String: String] = [:]
        for i in 0..<200 { lessons["p\(i).md"] = "# Page \(i)\n\n\(prose)This is ~~struck~~ and www.example.org is a link.\n\n\(prose)" }
        let scratch = try ScratchContent("docgen-concurrent", lessons: lessons)
        defer { scratch.remove() }
        var options = scratch.options(formats: [.html])
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
