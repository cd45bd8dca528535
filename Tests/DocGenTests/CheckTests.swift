@testable import DocGen
import Foundation
import TestSupport
import Testing

/// `docgen check` and the build's manifest: snapshots, cell-level reports, orphans, incremental builds.
struct CheckTests {
    /// A scratch project: content/ with one lesson, templates/ copied from the repository, site/ as output.
    struct Project {
        let root = Snapshot.temporaryFolder("docgen-check")
        var content: URL { root.appendingPathComponent("content") }
        var templates: URL { root.appendingPathComponent("templates") }
        var out: URL { root.appendingPathComponent("site") }

        init(seed: Int = 3) throws {
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Snapshot.repositoryRoot().appendingPathComponent("templates"), to: templates)
            try write(lesson(seed: seed), to: "01-weights.md")
            try write("# Second\n\nNo cells here.\n", to: "02-prose.md")
        }

        func lesson(seed: Int) -> String {
            """
            ---
            title: Weights
            ---

            # Weights

            ```attention
            #| id: weights
            tokens = ["bank", "river"]
            X = embed(tokens, dim: 4, seed: \(seed))
            A = softmax(X · X^T)
            show A
            ```
            """
        }

        func write(_ text: String, to name: String) throws {
            try Data(text.utf8).write(to: content.appendingPathComponent(name))
        }

        func options() -> BuildOptions {
            var options = BuildOptions(content: content, contentDisplay: "content", templates: templates)
            options.jobs = 2
            return options
        }

        @discardableResult
        func build(incremental: Bool = false) throws -> SiteWriter.Summary {
            var options = options()
            if incremental { options.reuseFrom = out }
            return try SiteWriter.write(try SiteBuilder.build(options), to: out)
        }

        /// As `docgen check` does it: each page compared as it is built.
        func check(tolerance: Double = 0) throws -> SnapshotCheck.Report {
            let build = try SiteBuilder.build(options(), sink: SnapshotCheck.comparing(with: out, tolerance: tolerance))
            return SnapshotCheck.compare(build, with: out, tolerance: tolerance)
        }

        /// The same comparison over a build that kept every page in memory.
        func checkWholeSite(tolerance: Double = 0) throws -> SnapshotCheck.Report {
            SnapshotCheck.compare(try SiteBuilder.build(options()), with: out, tolerance: tolerance)
        }

        /// Every file under the output folder with its bytes, to prove check writes nothing.
        func tree() -> [String: Data] {
            var result: [String: Data] = [:]
            for path in Snapshot.files(under: out) { result[path] = FileManager.default.contents(atPath: out.appendingPathComponent(path).path) }
            return result
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func cleanCheckPassesAndWritesNothing() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let before = project.tree()
        let report = try project.check()
        #expect(report.isClean, "\(report.text)")
        #expect(report.text == "check: up to date\n")
        #expect(project.tree() == before)
    }

    @Test func changedSeedReportsTheCellAndOldAndNewValues() throws {
        let project = try Project(seed: 3)
        defer { project.remove() }
        try project.build()
        try project.write(project.lesson(seed: 4), to: "01-weights.md")
        let before = project.tree()
        let report = try project.check()
        #expect(project.tree() == before)
        #expect(!report.isClean)
        #expect(report.stalePages == ["01-weights.md"])
        #expect(report.changedCells == 1)
        #expect(report.lines.contains("  cell weights (line 7): 4 values changed"), "\(report.text)")
        #expect(report.lines.contains { $0.hasPrefix("    A[\"bank\",\"river\"]: 0.") && $0.contains(" → 0.") }, "\(report.text)")
        #expect(report.summary == "check: 1 page stale, 1 cell changed, 0 orphans")
    }

    @Test func templateChangeIsReportedAsTemplateOnly() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let page = project.templates.appendingPathComponent("page.html")
        let text = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "<main id=\"main\">", with: "<main id=\"main\" class=\"x\">")
        try Data(text.utf8).write(to: page)
        let report = try project.check()
        #expect(report.stalePages.sorted() == ["01-weights.md", "02-prose.md"])
        #expect(report.changedCells == 0)
        #expect(report.lines.contains("content/01-weights.md: stale (template-only change)"), "\(report.text)")
    }

    @Test func proseChangeIsReportedAsProseOnly() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        try project.write("# Second\n\nDifferent words.\n", to: "02-prose.md")
        let report = try project.check()
        #expect(report.lines == ["content/02-prose.md: stale (prose changed, no output changed)"], "\(report.text)")
    }

    @Test func orphanIsReportedThenRemovedByBuildButUserFilesStay() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let userFile = project.out.appendingPathComponent("CNAME")
        try Data("docs.example.org\n".utf8).write(to: userFile)
        try FileManager.default.removeItem(at: project.content.appendingPathComponent("02-prose.md"))
        let report = try project.check()
        #expect(report.orphans.contains("02-prose.html"))
        #expect(report.orphans.contains("02-prose.md"))
        #expect(!report.orphans.contains("CNAME"))
        let summary = try project.build()
        #expect(summary.removed.contains("02-prose.html"))
        #expect(!FileManager.default.fileExists(atPath: project.out.appendingPathComponent("02-prose.html").path))
        #expect(FileManager.default.fileExists(atPath: userFile.path))
        #expect(try project.check().isClean)
    }

    @Test func pageByPageCheckReportsWhatAWholeSiteCheckReports() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        try project.write(project.lesson(seed: 5), to: "01-weights.md")
        try project.write("# Third\n", to: "03-new.md")
        try FileManager.default.removeItem(at: project.content.appendingPathComponent("02-prose.md"))
        let streamed = try project.check(), whole = try project.checkWholeSite()
        #expect(streamed.text == whole.text)
        #expect(streamed.stalePages == ["01-weights.md", "03-new.md"])
        #expect(streamed.orphans.contains("02-prose.html"))
        #expect(streamed.text.contains("A[\"bank\",\"bank\"]"))
    }

    @Test func toleranceAcceptsNoiseAndRejectsRealChanges() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        // Pretend another machine built site/: the stored numbers differ from ours by `delta`.
        func tamper(by delta: Double) throws {
            let url = project.out.appendingPathComponent(".docgen/01-weights.json")
            var snapshot = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var cells = try #require(snapshot["cells"] as? [[String: Any]])
            var entries = try #require(cells[0]["values"] as? [Any])
            let index = try #require(entries.firstIndex { ($0 as? [String: Any])?["matrix"] as? String == "A" })
            var matrix = try #require(entries[index] as? [String: Any])
            let row = try #require((matrix["rows"] as? [String])?.firstIndex(of: "bank"))
            let col = try #require((matrix["cols"] as? [String])?.firstIndex(of: "bank"))
            var grid = try #require(matrix["values"] as? [[String]])
            grid[row][col] = "\(try #require(Double(grid[row][col])) + delta)"
            matrix["values"] = grid
            entries[index] = matrix
            cells[0]["values"] = entries
            snapshot["cells"] = cells
            try JSONSerialization.data(withJSONObject: snapshot).write(to: url)
        }
        try tamper(by: 1e-9)
        #expect(try project.check(tolerance: 1e-6).isClean)
        #expect(!(try project.check(tolerance: 0).isClean))
        try project.build()
        try tamper(by: 1e-3)
        let report = try project.check(tolerance: 1e-6)
        #expect(!report.isClean)
        #expect(report.changedCells == 1)
    }

    @Test func noOpRebuildReusesEveryPageAndMatchesACleanBuild() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let clean = project.tree()
        let summary = try project.build(incremental: true)
        #expect(summary.written == 0)
        #expect(project.tree() == clean)
        try project.write(project.lesson(seed: 9), to: "01-weights.md")
        let partial = try project.build(incremental: true)
        #expect(partial.written >= 2)
        let incremental = project.tree()
        try FileManager.default.removeItem(at: project.out)
        try project.build()
        #expect(project.tree() == incremental)
    }

    @Test func failedLessonKeepsItsOldOutputAndOthersBuild() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let old = try Data(contentsOf: project.out.appendingPathComponent("01-weights.html"))
        try project.write("# Broken\n\n```attention\nshow nothing_here\n```\n", to: "01-weights.md")
        try project.write("# Second\n\nNew words.\n", to: "02-prose.md")
        let build = try SiteBuilder.build(project.options())
        #expect(build.failedLessons == ["01-weights.md"])
        #expect(build.diagnostics.first?.location.description == "content/01-weights.md:4:6")
        _ = try SiteWriter.write(build, to: project.out)
        #expect(try Data(contentsOf: project.out.appendingPathComponent("01-weights.html")) == old)
        #expect(try String(contentsOf: project.out.appendingPathComponent("02-prose.md"), encoding: .utf8).contains("New words."))
    }

    @Test func aTamperedManifestCannotDeleteOutsideTheOutputFolder() throws {
        let project = try Project()
        defer { project.remove() }
        try project.build()
        let victim = project.root.appendingPathComponent("victim.txt")
        try Data("keep me".utf8).write(to: victim)
        let manifest = project.out.appendingPathComponent(Manifest.fileName)
        var text = try String(contentsOf: manifest, encoding: .utf8)
        text += "0000000000000000\t../victim.txt\n0000000000000000\t\(victim.path)\n0000000000000000\tsub/../../victim.txt\n"
        try Data(text.utf8).write(to: manifest)
        try project.build()
        #expect(FileManager.default.fileExists(atPath: victim.path))
    }

    @Test func outputFolderContainingContentIsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(throws: OutputFolderError.self) { try SiteWriter.validate(out: project.root, content: project.content) }
        #expect(throws: OutputFolderError.self) { try SiteWriter.validate(out: project.content, content: project.content) }
        try SiteWriter.validate(out: project.out, content: project.content)
    }
}

/// Manifest entries are paths anyone can edit in a pull request: only plain relative paths count.
struct ManifestPathTests {
    @Test(arguments: [
        ("a.html", true), ("lesson/lesson-c1-o1.svg", true), (".docgen/a.json", true), ("...", true), ("a/.b", true),
        ("", false), ("/etc/passwd", false), ("../x", false), ("a/../../x", false), ("a/..", false), (".", false),
        ("a/./b", false), ("a//b", false), ("a/", false), ("a\\b", false), ("..", false),
    ] as [(String, Bool)])
    func onlyPlainRelativePathsStayInside(_ path: String, _ inside: Bool) {
        #expect(Manifest.staysInside(path) == inside)
    }
}

/// Snapshot and diagnostic JSON escapes what JSON requires and nothing else, so any reader gets
/// the text back exactly.
struct JSONTextTests {
    @Test(arguments: ["plain", "A[\"the\",\"bank\"]", "back\\slash", "tab\there\nnew\rline", "\u{1}\u{1f}\u{7f}", "→ ℝ émoji 🙂", ""])
    func stringsRoundTrip(_ text: String) throws {
        let json = JSONText.string(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
        #expect(decoded == [text])
        #expect(!json.utf8.contains { $0 < 0x20 })
    }
}
