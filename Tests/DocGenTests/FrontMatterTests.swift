@testable import DocGen
import Testing

/// Front matter becomes blank lines in the body, so body line numbers stay file line numbers.
struct FrontMatterTests {
    @Test(arguments: [
        ("---\ntitle: Bank\n---\n# Hi\n", "Bank", "\n\n\n# Hi\n"),
        ("---\r\ntitle: \"A \\\"B\\\"\"\r\n---\r\nbody", "A \"B\"", "\n\n\nbody"),
        ("---\ntitle: X\n...\nbody\n", "X", "\n\n\nbody\n"),
        ("---\ntitle: X\n---", "X", "\n\n"),
        ("---\ntitle: X\n---\n", "X", "\n\n\n"),
        ("# No front matter\n", nil, "# No front matter\n"),
        ("---\n\n# title: not front matter, never closed\n", nil, "---\n\n# title: not front matter, never closed\n"),
    ] as [(String, String?, String)])
    func splitKeepsLineNumbers(_ text: String, _ title: String?, _ body: String) {
        let (matter, splitBody, _) = FrontMatter.split(text, file: "lesson.md")
        #expect(matter.title == title)
        #expect(splitBody == body)
        if matter.title != nil { #expect(splitBody.lines.count == text.lines.count) }
    }

    @Test func unclosedFrontMatterIsReported() {
        let (_, _, diagnostics) = FrontMatter.split("---\ntitle: X\n# Body\n", file: "lesson.md")
        #expect(diagnostics.map(\.message) == ["front matter starts with '---' but has no closing '---' line"])
    }
}
