import Cells
import DocGen
import Foundation

/// What the fuzzers exercise. `cells` parses and runs one cell; `page` runs a whole lesson through
/// the pipeline (cmark-gfm, cells, inline values, HTML, GFM and SVG) in memory.
enum FuzzTarget: String {
    case cells, page

    static var selected: FuzzTarget {
        FuzzTarget(rawValue: ProcessInfo.processInfo.environment["DOCGEN_FUZZ_TARGET"] ?? "cells") ?? .cells
    }

    func run(_ data: Data) {
        switch self {
        case .cells:
            let source = String(decoding: data, as: UTF8.self)
            let (cell, _) = Cell.parse(source, origin: CellOrigin(file: "fuzz.md", firstLine: 1), number: 1)
            _ = try? Interpreter().run(cell)
        case .page:
            _ = try? FuzzPage.build(data)
        }
    }
}

/// One lesson built in a scratch content folder (created once per process).
enum FuzzPage {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url.appendingPathComponent("content"), withIntermediateDirectories: true)
        return url
    }()

    static let templates: URL = {
        // The repository's templates, found from this source file at build time.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates")
    }()

    static func build(_ data: Data) throws -> SiteBuild {
        let content = folder.appendingPathComponent("content")
        try data.write(to: content.appendingPathComponent("lesson.md"))
        var options = BuildOptions(content: content, contentDisplay: "content", templates: templates)
        options.jobs = 1
        return try SiteBuilder.build(options)
    }
}
