import Cells
import DocGen
import Foundation
import TestSupport
import Testing

/// `load(...)` through a real build: reads CSV beside the lesson, refuses anything outside the
/// content folder, and reports bad files at the call's line and column.
struct LoadTests {
    static func build(_ lesson: String, files: [String: String] = [:], outside: [String: String] = [:]) throws -> SiteBuild {
        let root = Snapshot.temporaryFolder("docgen-load")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data(lesson.utf8).write(to: content.appendingPathComponent("sub/lesson.md"))
        for (name, text) in files { try Data(text.utf8).write(to: content.appendingPathComponent(name)) }
        for (name, text) in outside { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        try? FileManager.default.createSymbolicLink(at: content.appendingPathComponent("sub/link.csv"),
                                                     withDestinationURL: root.appendingPathComponent("secret.csv"))
        return try SiteBuilder.build(BuildOptions(content: content, contentDisplay: "content",
                                                  templates: Snapshot.repositoryRoot().appendingPathComponent("templates")))
    }

    static func lesson(_ call: String) -> String { "# L\n\n```attention\nE = \(call)\nshow E\n```\n" }

    @Test func readsALabelledCSVBesideTheLesson() throws {
        let build = try Self.build(Self.lesson("load(\"e.csv\")"), files: ["sub/e.csv": "\u{FEFF}token,f1,f2\r\nbank,0.5,1\r\nriver,1,0\r\n"])
        #expect(build.diagnostics.isEmpty, "\(build.diagnostics)")
        let md = try #require(build.files.first { $0.path == "sub/lesson.md" })
        let text = String(decoding: md.contents, as: UTF8.self)
        #expect(text.contains("| **bank** | 0.500 | 1.000 |"))
        #expect(text.contains("|  | f1 | f2 |"))
    }

    @Test(arguments: [
        ("load(\"missing.csv\")", "load(\"missing.csv\"): no such file beside the lesson"),
        ("load(\"../../secret.csv\")", "load(\"../../secret.csv\") reaches outside the content folder, which is not allowed"),
        ("load(\"/etc/passwd\")", "load(\"/etc/passwd\"): paths are relative to the lesson; absolute paths are not allowed"),
        ("load(\"link.csv\")", "load(\"link.csv\") reaches outside the content folder, which is not allowed"),
        ("load(\"ragged.csv\")", "ragged.csv: line 3 has 2 fields but the header has 3"),
        ("load(\"words.csv\")", "words.csv: line 2, column \"f1\": 'high' is not a number"),
        ("load(\"empty.csv\")", "empty.csv: the file is empty"),
    ])
    func refusesAndReports(_ call: String, _ message: String) throws {
        let build = try Self.build(Self.lesson(call), files: [
            "sub/ragged.csv": "t,f1,f2\na,1,2\nb,3\n", "sub/words.csv": "t,f1\na,high\n", "sub/empty.csv": "",
        ], outside: ["secret.csv": "t,f\nx,1\n"])
        let diagnostic = try #require(build.diagnostics.first)
        #expect(diagnostic.message == message)
        #expect(diagnostic.location == SourceLocation(file: "content/sub/lesson.md", line: 4, column: 10))
        #expect(build.failedLessons == ["sub/lesson.md"])
        #expect(build.files.allSatisfy { !$0.path.hasPrefix("sub/lesson") })
    }

    @Test func refusesBinaryFiles() throws {
        let root = Snapshot.temporaryFolder("docgen-load-binary")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data(Self.lesson("load(\"b.csv\")").utf8).write(to: content.appendingPathComponent("l.md"))
        try Data([0xff, 0xfe, 0x00, 0x41, 0xc3]).write(to: content.appendingPathComponent("b.csv"))
        let build = try SiteBuilder.build(BuildOptions(content: content, contentDisplay: "content",
                                                       templates: Snapshot.repositoryRoot().appendingPathComponent("templates")))
        #expect(build.diagnostics.first?.message == "load(\"b.csv\"): the file is not UTF-8 text")
    }

    @Test func refusesOversizedFiles() throws {
        let big = String(repeating: "a,1\n", count: 2_400_000)  // 9.6 MB
        let build = try Self.build(Self.lesson("load(\"big.csv\")"), files: ["sub/big.csv": "t,f\n" + big])
        #expect(build.diagnostics.first?.message.hasSuffix("at most 8388608 are read") == true)
        let root = Snapshot.temporaryFolder("docgen-big-lesson")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        try Data(count: Lesson.maxFileSize + 1).write(to: root.appendingPathComponent("content/huge.md"))
        let huge = try SiteBuilder.build(BuildOptions(content: root.appendingPathComponent("content"), contentDisplay: "content",
                                                      templates: Snapshot.repositoryRoot().appendingPathComponent("templates")))
        #expect(huge.diagnostics.map(\.message) == ["this lesson is 16777217 bytes; at most 16777216 are read"])
        #expect(huge.diagnostics.first?.location.description == "content/huge.md:1:1")
    }
}
