import Cells
import Foundation

/// `docgen run FILE.md`: executes one lesson and hands back its cells' results, for the terminal.
public enum LessonRunner {
    public static func run(file: URL, displayPath: String) -> ([CellResult], [Diagnostic]) {
        let (loaded, frontDiagnostics) = SiteBuilder.loadLesson(file, relativePath: file.lastPathComponent, displayPath: displayPath)
        guard let lesson = loaded else { return ([], frontDiagnostics) }
        let page = PageExecutor(lesson: lesson, contentRoot: file.deletingLastPathComponent()).execute()
        return (page.cells, frontDiagnostics + page.diagnostics)
    }
}
