import DocGen
import Foundation
import TestSupport
import Testing

/// The README shows a small lesson and what docgen makes of it; this builds that lesson and checks
/// that every table line and sentence the README quotes is in the GFM page, so the README cannot drift.
struct ReadmeTests {
    @Test func readmeExampleIsWhatDocgenBuilds() throws {
        let root = Snapshot.repositoryRoot()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lessonStart = try #require(readme.range(of: "````markdown\n"))
        let lessonEnd = try #require(readme.range(of: "\n````", range: lessonStart.upperBound..<readme.endIndex))
        let lesson = String(readme[lessonStart.upperBound..<lessonEnd.lowerBound])
        let shownStart = try #require(readme.range(of: "\n|  |", range: lessonEnd.upperBound..<readme.endIndex))
        let shownEnd = try #require(readme.range(of: "\nThe bundled lessons", range: shownStart.upperBound..<readme.endIndex))
        let shown = readme[shownStart.lowerBound..<shownEnd.lowerBound].split(separator: "\n").map(String.init)
        #expect(shown.count >= 6)

        let folder = Snapshot.temporaryFolder("docgen-readme")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("content"), withIntermediateDirectories: true)
        try Data(lesson.utf8).write(to: folder.appendingPathComponent("content/example.md"))
        let build = try SiteBuilder.build(BuildOptions(content: folder.appendingPathComponent("content"), contentDisplay: "content",
                                                       templates: root.appendingPathComponent("templates")))
        #expect(build.diagnostics.isEmpty, "\(build.diagnostics)")
        let page = try #require(build.files.first { $0.path == "example.md" })
        let text = String(decoding: page.contents, as: UTF8.self)
        for line in shown { #expect(text.contains(line), "README shows a line docgen does not build: \(line)") }
    }
}
