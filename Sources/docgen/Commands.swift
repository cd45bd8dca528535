import Cells
import DocGen
import Foundation
import Render

enum Commands {
    static func options(from arguments: Arguments, contentPath: String) -> BuildOptions {
        let content = URL(fileURLWithPath: contentPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            fail("no content folder at '\(contentPath)'")
        }
        let templates = arguments.options["templates"].map { URL(fileURLWithPath: $0) }
            ?? [content.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("templates"),
                URL(fileURLWithPath: "templates")].first { FileManager.default.fileExists(atPath: $0.path) }
            ?? content.deletingLastPathComponent().appendingPathComponent("templates")
        var options = BuildOptions(content: content, contentDisplay: contentPath.hasSuffix("/") ? String(contentPath.dropLast()) : contentPath,
                                   templates: templates)
        if let format = arguments.options["format"] {
            var formats: Set<OutputFormat> = []
            for name in format.split(separator: ",") {
                guard let f = OutputFormat(rawValue: String(name)) else { fail("--format takes html, md or html,md") }
                formats.insert(f)
            }
            options.formats = formats
        }
        if let jobs = arguments.options["jobs"] {
            guard let n = Int(jobs), n >= 1 else { fail("--jobs takes a whole number of at least 1") }
            options.jobs = n
        }
        options.allowRawHTML = arguments.flags.contains("unsafe-html")
        return options
    }

    /// Lines of each lesson, for printing diagnostics with their source line.
    static func sourceLines(_ path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).lines
    }

    static func buildOrCheck(check: Bool, arguments: Arguments, style: DiagnosticStyle) -> ExitCode {
        guard arguments.positional.count <= 1 else { fail("\(check ? "check" : "build") takes one content folder") }
        let contentPath = arguments.positional.first ?? "content"
        var options = options(from: arguments, contentPath: contentPath)
        let out = URL(fileURLWithPath: arguments.options["out"] ?? "site")
        if !check && !arguments.flags.contains("force") && Manifest.allowsReuse(in: out) { options.reuseFrom = out }
        do {
            try SiteWriter.validate(out: out, content: options.content)
        } catch {
            fail("\(error)")
        }
        var tolerance = 0.0
        if check, let t = arguments.options["tolerance"] {
            guard let x = Double(t), x >= 0 else { fail("--tolerance takes a non-negative number such as 1e-6") }
            tolerance = x
        }
        let start = Date()
        // A build writes each page as soon as it is made, a check compares it: either way the page's
        // contents are dropped at once, so memory does not grow with the site.
        let session = check ? nil : SiteWriterSession(out: out)
        let compare = SnapshotCheck.comparing(with: out, tolerance: tolerance)
        let progress = Progress(quiet: arguments.flags.contains("quiet")) { (try? LessonFinder.find(in: options.content).count) ?? 0 }
        let build: SiteBuild
        do {
            build = try SiteBuilder.build(options) { page in
                let counted = progress.count(page)
                return session?.accept(counted) ?? compare(counted)
            }
        } catch {
            fail("\(error)")
        }
        progress.finish()
        let diagnosticsText = DiagnosticPrinter.format(build.diagnostics, style: style, sourceLines: sourceLines)
        if !diagnosticsText.isEmpty { (style == .terminal ? printError : { print($0, terminator: "") })(diagnosticsText) }
        let quiet = arguments.flags.contains("quiet")
        if check {
            let report = SnapshotCheck.compare(build, with: out, tolerance: tolerance)
            print(report.text, terminator: "")
            if !build.failedLessons.isEmpty { return .usage }
            return report.isClean ? .success : .failure
        }
        let summary: SiteWriter.Summary
        do {
            summary = try session!.finish(build)
        } catch {
            fail("cannot write to \(out.path): \(error)")
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(start)
            let skipped = build.pages.filter { !$0.reused.isEmpty }.count
            let built = build.pages.count - build.failedLessons.count - skipped
            var line = "\(built) page\(built == 1 ? "" : "s") built, \(skipped) skipped as unchanged, "
            line += "\(build.failedLessons.count) failed in \(NumberFormat.fixed(seconds, precision: 2)) s"
            line += " (\(out.relativePath): \(summary.written) files written, \(summary.unchanged) unchanged, \(summary.removed.count) removed)"
            printError(line + "\n")
        }
        return build.failedLessons.isEmpty && build.diagnostics.allSatisfy { $0.severity != .error } ? .success : .failure
    }

    static func run(arguments: Arguments, style: DiagnosticStyle) -> ExitCode {
        guard arguments.positional.count == 1, let path = arguments.positional.first else { fail("run takes one lesson file") }
        let file = URL(fileURLWithPath: path)
        let (cells, diagnostics) = LessonRunner.run(file: file, displayPath: path)
        for result in cells {
            print(TerminalRenderer.cell(result))
        }
        let text = DiagnosticPrinter.format(diagnostics, style: style, sourceLines: sourceLines)
        if !text.isEmpty { printError(text) }
        return diagnostics.isEmpty ? .success : .failure
    }
}
