import DocGen
import Foundation
import TestSupport
import Testing

/// Which files are lessons: `.md` files (any case) below the content folder, not hidden, not
/// reached through a symbolic link (which could lead outside the folder).
struct LessonFinderTests {
    @Test func findsPlainMarkdownFilesOnly() throws {
        let root = Snapshot.temporaryFolder("docgen-finder")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content"), outside = root.appendingPathComponent("outside")
        let files = ["content/real.md", "content/sub/UP.MD", "content/sub/deeper/n.md", "content/.hidden.md", "content/.hdir/h.md",
                     "content/notes.txt", "outside/o.md", "outside/dir/d.md"]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("# \(file)\n".utf8).write(to: url)
        }
        try FileManager.default.createSymbolicLink(at: content.appendingPathComponent("link.md"),
                                                   withDestinationURL: outside.appendingPathComponent("o.md"))
        try FileManager.default.createSymbolicLink(at: content.appendingPathComponent("linkdir"),
                                                   withDestinationURL: outside.appendingPathComponent("dir"))
        let found = try LessonFinder.find(in: content).map { String($0.path.dropFirst(content.standardizedFileURL.path.count + 1)) }
        #expect(found == ["real.md", "sub/UP.MD", "sub/deeper/n.md"])
    }
}
