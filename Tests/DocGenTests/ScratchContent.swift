import DocGen
import Foundation
import TestSupport

/// A content folder in a temporary directory with the given lessons, built with the repository's
/// templates (or given ones): the setup most pipeline tests share.
struct ScratchContent {
    let root: URL
    var content: URL { root.appendingPathComponent("content") }

    init(_ name: String, lessons: [String: String]) throws {
        root = Snapshot.temporaryFolder(name)
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (file, text) in lessons { try Data(text.utf8).write(to: content.appendingPathComponent(file)) }
    }

    func options(templates: URL = Snapshot.repositoryRoot().appendingPathComponent("templates"),
                 formats: Set<OutputFormat> = [.html, .markdown]) -> BuildOptions {
        var options = BuildOptions(content: content, contentDisplay: "content", templates: templates)
        options.formats = formats
        return options
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
