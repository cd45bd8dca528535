import DocGen
import Foundation
import TestSupport
import Testing

/// A build killed with SIGKILL at any moment leaves every page old or new, never truncated.
struct KillTests {
    /// The docgen executable built beside the test bundle.
    static var docgen: URL? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle
        let url = candidate.appendingPathComponent("docgen")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    static func lessons(seed: Int) -> [String: String] {
        var lessons: [String: String] = [:]
        for n in 0..<24 {
            var text = "# Lesson \(n)\n\n"
            for c in 0..<6 {
                text += "```attention\nX = embed([\"a\", \"b\", \"c\", \"d\", \"e\"], dim: 16, seed: \(seed * 1000 + n * 10 + c))\n"
                text += "A = softmax(X · X^T / 4)\nshow A as heatmap\nshow A as table\n```\n\n"
            }
            lessons[String(format: "lesson-%03d.md", n)] = text
        }
        return lessons
    }

    @Test func killedBuildLeavesEveryPageOldOrNew() throws {
        let docgen = try #require(Self.docgen, "docgen executable not found beside the tests")
        let root = Snapshot.temporaryFolder("docgen-kill")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content"), out = root.appendingPathComponent("site")
        let templates = Snapshot.repositoryRoot().appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        func write(_ lessons: [String: String]) throws {
            for (name, text) in lessons { try Data(text.utf8).write(to: content.appendingPathComponent(name)) }
        }
        let options = BuildOptions(content: content, contentDisplay: "content", templates: templates)
        // Time one uninterrupted build, then kill builds at points spread over its second half,
        // where the files are written.
        try write(Self.lessons(seed: 999))
        let start = Date()
        let timing = Process()
        timing.executableURL = docgen
        timing.arguments = ["build", content.path, "--out", root.appendingPathComponent("timing").path, "--templates", templates.path, "--quiet"]
        try timing.run()
        timing.waitUntilExit()
        let duration = Date().timeIntervalSince(start)
        var killsMidWrite = 0
        let fractions = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]
        for (round, fraction) in fractions.enumerated() {
            let delay = duration * fraction
            try write(Self.lessons(seed: round))
            let old = try SiteBuilder.build(options)
            _ = try SiteWriter.write(old, to: out)
            try write(Self.lessons(seed: round + 100))
            let new = try SiteBuilder.build(options)
            let process = Process()
            process.executableURL = docgen
            process.arguments = ["build", content.path, "--out", out.path, "--templates", templates.path, "--quiet", "--force"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let before = Dictionary(uniqueKeysWithValues: old.files.map { ($0.path, $0.contents) })
            var sawNew = false, sawOld = false
            for file in new.files {
                let actual = FileManager.default.contents(atPath: out.appendingPathComponent(file.path).path)
                let ok = actual == file.contents || actual == before[file.path]
                #expect(ok, "\(file.path) is neither the old nor the new version after a kill at \(delay) s")
                if actual == file.contents && actual != before[file.path] { sawNew = true }
                if actual == before[file.path] && actual != file.contents { sawOld = true }
            }
            if sawNew && sawOld { killsMidWrite += 1 }
            // The next build finishes the job and cleans up what the killed one left.
            _ = try SiteWriter.write(new, to: out)
            let leftovers = Snapshot.files(under: out).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            #expect(SnapshotCheck.compare(new, with: out, tolerance: 0).isClean)
        }
        print("kill -9 test: build takes \(String(format: "%.2f", duration)) s; \(killsMidWrite) of \(fractions.count) kills landed while pages were being replaced")
    }
}
