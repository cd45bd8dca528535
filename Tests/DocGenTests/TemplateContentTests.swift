import DocGen
import Foundation
import Testing

/// The page's content is spliced into the rendered template as bytes; a template that shows the
/// content escaped, or twice, must still get exactly what Mustache says.
struct TemplateContentTests {
    static func page(template: String) throws -> String {
        let scratch = try ScratchContent("docgen-template", lessons: ["t.md": "# T\n\n```attention\nshow [[1]]\n```\n"])
        defer { scratch.remove() }
        let templates = scratch.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(template.utf8).write(to: templates.appendingPathComponent("page.html"))
        try Data("{{#lessons}}{{title}}{{/lessons}}".utf8).write(to: templates.appendingPathComponent("index.html"))
        try Data("body {}".utf8).write(to: templates.appendingPathComponent("style.css"))
        let options = scratch.options(templates: templates, formats: [.html])
        let build = try SiteBuilder.build(options)
        let file = try #require(build.pages.first?.files.first { $0.path == "t.html" })
        return String(decoding: file.contents, as: UTF8.self)
    }

    @Test func rawContentIsSplicedInPlace() throws {
        let html = try Self.page(template: "<main>{{{content}}}</main>")
        #expect(html.hasPrefix("<main><h1"))
        #expect(html.contains("<section class=\"cell\""))
        #expect(html.hasSuffix("</section>\n</main>"))
        #expect(!html.contains("docgen-page-content"))
    }

    @Test func escapedOrRepeatedContentIsRenderedAsMustacheSays() throws {
        let escaped = try Self.page(template: "<pre>{{content}}</pre>")
        #expect(escaped.contains("&lt;section class=&quot;cell&quot;"))
        #expect(!escaped.contains("docgen-page-content"))
        let twice = try Self.page(template: "{{{content}}}<hr>{{{content}}}")
        let halves = twice.components(separatedBy: "<hr>")
        #expect(halves.count == 2 && halves[0] == halves[1] && halves[0].contains("<section class=\"cell\""))
    }
}
