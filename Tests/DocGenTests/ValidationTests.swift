import DocGen
import Foundation
import TestSupport
import Testing

/// Every SVG passes `xmllint --noout` and renders with `rsvg-convert`; every HTML page has no errors
/// under `tidy -errors -q`. Covers the fixture site, the bundled lessons and the view snapshots.
/// The tools come from scripts/setup (libxml2-utils, librsvg2-bin, tidy).
struct ValidationTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool; returns its exit status and standard error.
    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func builtFiles() throws -> (URL, [String]) {
        let root = Snapshot.repositoryRoot()
        let out = Snapshot.temporaryFolder("docgen-validate")
        for (name, content) in [("fixtures", root.appendingPathComponent("Tests/DocGenTests/Fixtures/content")),
                                ("lessons", root.appendingPathComponent("content"))] {
            let options = BuildOptions(content: content, contentDisplay: name, templates: root.appendingPathComponent("templates"))
            let build = try SiteBuilder.build(options)
            #expect(build.failedLessons.isEmpty, "\(build.diagnostics)")
            _ = try SiteWriter.write(build, to: out.appendingPathComponent(name))
        }
        let snapshots = root.appendingPathComponent("Tests/RenderTests/Snapshots")
        let files = Snapshot.files(under: out).map { out.appendingPathComponent($0).path }
            + Snapshot.files(under: snapshots).map { snapshots.appendingPathComponent($0).path }
        return (out, files)
    }

    @Test func svgAndHTMLValidate() throws {
        guard let xmllint = Self.tool("xmllint"), let rsvg = Self.tool("rsvg-convert"), let tidy = Self.tool("tidy") else {
            Issue.record("xmllint, rsvg-convert or tidy is missing: run scripts/setup")
            return
        }
        let (out, files) = try Self.builtFiles()
        defer { try? FileManager.default.removeItem(at: out) }
        let svgs = files.filter { $0.hasSuffix(".svg") }
        let pages = files.filter { $0.hasSuffix(".html") && !$0.contains("/Snapshots/") }
        #expect(svgs.count >= 10)
        #expect(pages.count >= 4)
        for svg in svgs {
            let (lint, lintErrors) = try Self.run(xmllint, ["--noout", svg])
            #expect(lint == 0, "\(svg): \(lintErrors)")
            let png = out.appendingPathComponent("render.png").path
            let (render, renderErrors) = try Self.run(rsvg, ["-o", png, svg])
            #expect(render == 0, "\(svg): \(renderErrors)")
        }
        for page in pages {
            // tidy exits 2 on errors, 1 on warnings only (it does not know aria-current or SVG's <title id>).
            let (status, report) = try Self.run(tidy, ["-errors", "-q", page])
            #expect(status < 2 && !report.contains("Error:"), "\(page): \(report)")
        }
        print("validated \(svgs.count) SVG files and \(pages.count) HTML pages")
    }
}
