import DocGen
import Foundation
import TestSupport
import Testing

/// Builds the fixture content folder into a temporary directory and compares every file with the
/// golden files in Fixtures/expected (HTML, GFM, SVG, index pages), byte for byte.
struct EndToEndTests {
    static let root = Snapshot.repositoryRoot()
    static let fixtures = root.appendingPathComponent("Tests/DocGenTests/Fixtures")

    static func options(content: URL) -> BuildOptions {
        var options = BuildOptions(content: content, contentDisplay: "content", templates: root.appendingPathComponent("templates"))
        options.jobs = 2
        return options
    }

    @Test func fixtureSiteMatchesGoldenFiles() throws {
        let out = Snapshot.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let build = try SiteBuilder.build(Self.options(content: Self.fixtures.appendingPathComponent("content")))
        #expect(build.diagnostics.isEmpty, "\(build.diagnostics)")
        _ = try SiteWriter.write(build, to: out)
        // Bookkeeping, not output: the manifest and the fingerprint of the executable that wrote it.
        try? FileManager.default.removeItem(at: out.appendingPathComponent(Manifest.fileName))
        try? FileManager.default.removeItem(at: out.appendingPathComponent(".docgen/builder"))
        let failures = Snapshot.verifyTree(out, against: Self.fixtures.appendingPathComponent("expected"))
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func outputIsTheSameWhateverTheParallelism() throws {
        let root = Snapshot.repositoryRoot()
        var one = BuildOptions(content: root.appendingPathComponent("content"), contentDisplay: "content",
                               templates: root.appendingPathComponent("templates"))
        one.jobs = 1
        var eight = one
        eight.jobs = 8
        let a = try SiteBuilder.build(one), b = try SiteBuilder.build(eight), c = try SiteBuilder.build(eight)
        #expect(a.files.count > 20)
        #expect(a.files == b.files)
        #expect(b.files == c.files)
    }
}
