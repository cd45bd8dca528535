import Cells
import DocGen
import Foundation
import TestSupport
import Testing

/// Hostile and broken lessons: each builds or gives a located diagnostic; none crashes or hangs.
/// Timing is printed for the closing notes, never asserted.
struct HostileInputTests {
    static let cases: [(String, Data)] = {
        func text(_ s: String) -> Data { Data(s.utf8) }
        func cell(_ body: String) -> Data { text("# T\n\n```attention\n\(body)\n```\n") }
        var cases: [(String, Data)] = [
            ("empty file", Data()),
            ("only front matter", text("---\ntitle: x\n---\n")),
            ("unclosed front matter", text("---\ntitle: x\n\n# Body\n")),
            ("bad front matter line", text("---\n  nested: [1, 2]\n---\n# B\n")),
            ("unterminated fence", text("# T\n\n```attention\nx = [[1]]\nshow x\n")),
            ("unterminated fence at end", text("```attention")),
            ("empty cell", cell("")),
            ("cell with only options", cell("#| id: a\n#| caption: b")),
            ("cell with only comments", cell("# nothing\n# at all")),
            ("broken markdown", text("# T\n\n* [x\n> > >\n|a|b\n|-\n[^missing]\n<div>\n```\n")),
            ("binary garbage", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })),
            ("invalid UTF-8", Data([0x23, 0x20, 0xC3, 0x28, 0x0A, 0xFF, 0xFE, 0x0A]) + cell("show [[1]]")),
            ("NUL bytes", text("# T\u{0}\n\n```attention\nx\u{0} = 1\n```\n")),
            ("BOM", Data([0xEF, 0xBB, 0xBF]) + cell("show [[1]]")),
            ("CRLF line endings", text("# T\r\n\r\n```attention\r\nX = [[1, 2]]\r\nshow X\r\n```\r\n")),
            ("CRLF error location", text("# T\r\n\r\n```attention\r\nshow Y\r\n```\r\n")),
            ("huge number", cell("show [[1e308]] * 10")),
            ("NaN-producing math", cell("x = [[0]] / 0\nshow x\nshow softmax(x) as heatmap")),
            ("infinity minus infinity", cell("x = [[1e308 * 10]] - 1e308 * 10\nshow x as table")),
            ("deep nesting", cell("x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000))),
            ("deep unary", cell("x = " + String(repeating: "-", count: 10_000) + "1")),
            ("long product chain", cell("I = identity(2)\nx = I" + String(repeating: " · I", count: 2_000) + "\nshow x")),
            ("100,000-token list", cell("t = [" + Array(repeating: "\"w\"", count: 100_001).joined(separator: ", ") + "]")),
            ("huge embed", cell("X = embed([\"a\"], dim: 100000000, seed: 1)")),
            ("huge random", cell("X = random(1000000, 1000000)")),
            ("huge zeros", cell("X = zeros(5000, 5000)")),
            ("negative size", cell("X = zeros(-1, 2)")),
            ("huge positional", cell("P = positional(100000, 1000)")),
            ("huge causal", cell("M = causal_mask(1000000)")),
            ("raw html in prose", text("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n")),
            ("script in tokens", cell("t = [\"<script>alert(1)</script>\", \"\\\"><svg onload=alert(1)>\"]\nX = embed(t, dim: 2, seed: 1)\nshow softmax(X · X^T) as heatmap")),
            ("script in caption", cell("#| caption: </figcaption><script>alert(1)</script>\nshow [[1]]")),
            ("script in id", cell("#| id: \"><script>x</script>\nshow [[1]]")),
            ("cdata end in token", cell("X = embed([\"]]>\", \"&amp;\"], dim: 2, seed: 1)\nshow X as heatmap")),
            ("pipes and backticks", cell("X = embed([\"|\", \"`\", \"```\"], dim: 2, seed: 1)\nshow X")),
            ("fence inside cell", text("# T\n\n````attention\nx = \"```\"\nshow x\n````\n")),
            ("unknown view", cell("show [[1]] as pie")),
            ("unknown option", cell("#| colour: red\nshow [[1]]")),
            ("bad inline value", text("# T\n\nValue `=nope` here.\n")),
            ("inline matrix", text("# T\n\n```attention\nX = [[1, 2]]\n```\n\nIt is `=X`.\n")),
            ("inline syntax error", text("# T\n\nIt is `=1 +`.\n")),
            ("error true that passes", cell("#| error: true\nshow [[1]]")),
            ("tabs", cell("X\t=\t[[1,\t2]]\nshow\tX")),
            ("emoji tokens", cell("X = embed([\"🙂\", \"ß\", \"日本\"], dim: 2, seed: 1)\nshow X as heatmap")),
            ("very long line", cell("x = " + Array(repeating: "1", count: 50_000).joined(separator: " + "))),
            ("many cells", text((0..<300).map { "```attention\nx\($0) = [[\($0)]]\nshow x\($0)\n```\n" }.joined(separator: "\n"))),
            ("steps of a huge row", cell("X = random(1, 4096, seed: 1)\nshow softmax(X) as steps for 0")),
            ("heatmap 512", cell("X = random(512, 8, seed: 1)\nshow softmax(X · X^T) as heatmap")),
            ("matrix 2000x3", cell("show random(2000, 3, seed: 1)")),
            ("nested lists", cell("x = [[[1]]]")),
            ("string arithmetic", cell("x = \"a\" * \"b\"")),
            ("index of string", cell("x = \"abc\"[0]")),
            ("member of number", cell("x = 3.weights")),
            ("attention of mismatched", cell("a = attention([[1, 2]], [[1]], [[1]])")),
            ("multihead bad heads", cell("X = random(3, 4, seed: 1)\nm = multihead(X, X^T · X, X^T · X, X^T · X, X^T · X, heads: 3)")),
            ("padding mask too long", cell("M = padding_mask(5, size: 3)")),
            ("rows with bad label", cell("X = embed([\"a\"], dim: 2, seed: 1)\nshow rows(X, [\"b\"])")),
            ("cosine of lists", cell("show cosine([1], [2])")),
            ("load outside", cell("X = load(\"../../../../etc/passwd\")")),
            ("load absolute", cell("X = load(\"/etc/passwd\")")),
            ("load directory", cell("X = load(\".\")")),
        ]
        let big = "# Big\n\n" + String(repeating: "Lorem ipsum dolor sit amet, attention is a weighted sum of values.\n\n", count: 150_000)
        cases.append(("10 MB lesson", Data(big.utf8)))
        return cases
    }()

    @Test func casesAreMany() { #expect(Self.cases.count >= 60) }

    @Test(arguments: cases.map(\.0))
    func buildsOrReportsWithALocation(_ name: String) throws {
        let data = try #require(Self.cases.first { $0.0 == name }).1
        let root = Snapshot.temporaryFolder("docgen-hostile")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try data.write(to: content.appendingPathComponent("lesson.md"))
        try Data("# Fine\n\n```attention\nshow [[1]]\n```\n".utf8).write(to: content.appendingPathComponent("other.md"))
        let start = Date()
        let build = try SiteBuilder.build(BuildOptions(content: content, contentDisplay: "content",
                                                       templates: Snapshot.repositoryRoot().appendingPathComponent("templates")))
        let seconds = Date().timeIntervalSince(start)
        for diagnostic in build.diagnostics {
            #expect(diagnostic.location.file == "content/lesson.md")
            #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
            #expect(!diagnostic.message.isEmpty)
        }
        // The other lesson always builds.
        #expect(build.files.contains { $0.path == "other.html" })
        if build.diagnostics.isEmpty {
            #expect(build.files.contains { $0.path == "lesson.html" })
        } else {
            #expect(build.failedLessons == ["lesson.md"] || build.failedLessons.isEmpty)
        }
        // Nothing in the HTML may come from the lesson as markup.
        for file in build.files where file.path.hasSuffix(".html") || file.path.hasSuffix(".svg") {
            let text = String(decoding: file.contents, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(file.path)")
            #expect(!text.contains("<svg onload"), "\(file.path)")
            #expect(!text.contains("onerror=alert"), "\(file.path)")
            #expect(!text.contains("href=\"javascript:"), "\(file.path)")
        }
        print("hostile input \(name): \(build.diagnostics.count) diagnostics, \(String(format: "%.3f", seconds)) s")
    }
}
