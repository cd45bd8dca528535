import Cells
import DocGen
import Foundation
import TestSupport
import Testing

/// Inputs the fuzzers once found a problem with (`scripts/fuzz`), replayed on every test run the way
/// the fuzz targets run them: a cell through the interpreter, a page through the whole pipeline.
struct FuzzRegressionTests {
    static let folder = Snapshot.repositoryRoot().appendingPathComponent("Tests/Fuzz/regressions")

    static func inputs(_ target: String) -> [URL] {
        let directory = folder.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test func cellRegressionsRun() throws {
        for url in Self.inputs("cells") {
            let source = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let (cell, _) = Cell.parse(source, origin: CellOrigin(file: url.lastPathComponent, firstLine: 1), number: 1)
            _ = try? Interpreter().run(cell)
        }
    }

    @Test func pageRegressionsBuildOrReport() throws {
        let inputs = Self.inputs("page")
        #expect(!inputs.isEmpty)
        for url in inputs {
            let scratch = try ScratchContent("docgen-fuzz-regression", lessons: [:])
            defer { scratch.remove() }
            try Data(contentsOf: url).write(to: scratch.content.appendingPathComponent("lesson.md"))
            let options = scratch.options()
            let build = try SiteBuilder.build(options)
            let page = try #require(build.pages.first, "\(url.lastPathComponent)")
            #expect(!page.files.isEmpty || !build.diagnostics.isEmpty, "\(url.lastPathComponent)")
        }
    }
}
