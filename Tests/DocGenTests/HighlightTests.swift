import DocGen
import Foundation
import Testing

/// Cells are lexed once, with lesson positions; the highlighter maps them back to the cell's own
/// lines and columns, also for a fence indented inside a list.
struct HighlightTests {
    @Test func indentedCellIsHighlightedLikeAnyOther() throws {
        let cell = "#| id: ID\nX = embed([\"a\", \"b\"], dim: 2, seed: 1)  # a comment\nshow X · X^T"
        let indented = cell.split(separator: "\n").map { "   " + $0 }.joined(separator: "\n")
        let lesson = "# I\n\n1. In a list:\n\n   ```attention\n\(indented.replacingOccurrences(of: "ID", with: "a"))\n   ```\n\n"
            + "```attention\n\(cell.replacingOccurrences(of: "ID", with: "b"))\n```\n"
        let scratch = try ScratchContent("docgen-highlight", lessons: ["i.md": lesson])
        defer { scratch.remove() }
        let page = try #require(try SiteBuilder.build(scratch.options(formats: [.html])).pages.first?.files.first { $0.path == "i.html" })
        let html = String(decoding: page.contents, as: UTF8.self)
        let sources = html.components(separatedBy: "<code class=\"language-attention\">").dropFirst()
            .map { $0.components(separatedBy: "</code>")[0] }
        #expect(sources.count == 2)
        #expect(sources[0].replacingOccurrences(of: "id: a", with: "id: b") == sources[1])
        #expect(sources[1].contains("<span class=\"tok-fn\">embed</span>"))
        #expect(sources[1].contains("<span class=\"tok-comment\"># a comment</span>"))
    }
}
