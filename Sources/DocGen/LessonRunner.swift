import Cells
import Foundation

/// `docgen run FILE.md`: executes one lesson and hands back its cells' results, for the terminal.
public enum LessonRunner {
    public static func run(file: URL, displayPath: String) -> ([CellResult], [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return ([], [Diagnostic("cannot read this lesson", at: SourceRange(start: SourceLocation(file: displayPath, line: 1, column: 1)))])
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let (frontMatter, body, frontDiagnostics) = FrontMatter.split(text, file: displayPath)
        let lesson = Lesson(relativePath: file.lastPathComponent, displayPath: displayPath, text: text, frontMatter: frontMatter,
                            body: body, title: frontMatter.title ?? file.lastPathComponent)
        let page = PageExecutor(lesson: lesson, contentRoot: file.deletingLastPathComponent()).execute()
        return (page.cells, frontDiagnostics + page.diagnostics)
    }
}
