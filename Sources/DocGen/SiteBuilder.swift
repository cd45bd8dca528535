import Cells
import Dispatch
import Foundation
import Render

/// Options for one build, as the command line gives them.
public struct BuildOptions: Sendable {
    public var content: URL
    /// The content folder as the user wrote it, for diagnostics (`content/01-value.md:12:5`).
    public var contentDisplay: String
    public var templates: URL
    public var formats: Set<OutputFormat> = [.html, .markdown]
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var allowRawHTML = false
    /// An earlier build's output folder: pages whose inputs are unchanged since it are not rebuilt.
    public var reuseFrom: URL?

    public init(content: URL, contentDisplay: String, templates: URL) {
        self.content = content
        self.contentDisplay = contentDisplay
        self.templates = templates
    }
}

/// Everything a build produced, in memory: the files and the diagnostics, in a stable order.
public struct SiteBuild: Sendable {
    public var files: [OutputFile]
    public var pages: [PageResult]
    public var diagnostics: [Diagnostic]
    /// Lessons whose build failed; their old output is kept.
    public var failedLessons: [String]
    /// Files of unchanged pages, kept as they are in the output folder.
    public var reusedFiles: [String] { pages.flatMap(\.reused) }
}

/// Builds a whole content folder in memory. Writing and checking are separate steps.
public enum SiteBuilder {
    /// Builds every lesson. `sink`, when given, receives each page as soon as it is built (on the
    /// worker thread) and returns what the build should keep of it, so a writer can put the files
    /// on disk and drop them from memory.
    public static func build(_ options: BuildOptions, sink: (@Sendable (PageResult) -> PageResult)? = nil) throws -> SiteBuild {
        let theme = try Theme(folder: options.templates)
        let urls = try LessonFinder.find(in: options.content)
        let contentBase = options.content.standardizedFileURL.path
        // Reading and splitting lessons is independent per file: done on all cores, kept in path order.
        let loaded = ResultSlots<(Lesson?, [Diagnostic])>(count: urls.count)
        Parallel.forEach(urls.count, jobs: options.jobs) { i in
            let relative = LessonFinder.relativePath(of: urls[i], base: contentBase)
            let display = options.contentDisplay.hasSuffix("/") ? options.contentDisplay + relative : options.contentDisplay + "/" + relative
            loaded.set(i, loadLesson(urls[i], relativePath: relative, displayPath: display))
        }
        var diagnostics: [Diagnostic] = []
        var lessons: [Lesson] = []
        for case let (lesson, lessonDiagnostics)? in loaded.values {
            diagnostics += lessonDiagnostics
            if let lesson { lessons.append(lesson) }
        }
        lessons.sort { ($0.order, $0.relativePath) < ($1.order, $1.relativePath) }
        let links = lessons.map { Navigation.Link(title: $0.title, stem: $0.stem) }
        let siteInputs = [
            "templates": theme.fingerprint,
            "site": Hashing.hex(Hashing.digest(links.map { $0.stem + "\u{0}" + $0.title }.joined(separator: "\u{1}"))),
            "formats": options.formats.map(\.rawValue).sorted().joined(separator: ","),
            "docgen": DocGenVersion.current,
            "raw-html": options.allowRawHTML ? "allowed" : "dropped",
        ]

        let menu = NavigationMenu(links: links.map { ($0.title, $0.stem) })
        let results = ResultSlots<PageResult>(count: lessons.count)
        let work: @Sendable (Int) -> Void = { [lessons] i in
            if let out = options.reuseFrom, let reused = reusable(lessons[i], siteInputs: siteInputs, out: out, content: options.content) {
                results.set(i, PageResult(lesson: lessons[i].relativePath, files: [], diagnostics: [], reused: reused))
                return
            }
            let navigation = Navigation(previous: i > 0 ? links[i - 1] : nil, next: i + 1 < links.count ? links[i + 1] : nil,
                                        menu: menu, index: i)
            let result = PageBuilder(lesson: lessons[i], contentRoot: options.content, theme: theme, formats: options.formats,
                                     navigation: navigation, allowRawHTML: options.allowRawHTML, siteInputs: siteInputs).build()
            results.set(i, sink?(result) ?? result)
        }
        Parallel.forEach(lessons.count, jobs: options.jobs, work)

        let pages = results.values.compactMap { $0 }
        var files: [OutputFile] = pages.flatMap(\.files)
        diagnostics += pages.flatMap(\.diagnostics)
        if options.formats.contains(.html) {
            files.append(OutputFile(path: "style.css", text: theme.stylesheet))
            files.append(OutputFile(path: "index.html", text: indexPage(lessons: lessons, theme: theme)))
        }
        if options.formats.contains(.markdown) {
            files.append(OutputFile(path: "README.md", text: indexMarkdown(lessons: lessons)))
        }
        files.sort { $0.path < $1.path }
        diagnostics.sort { $0.location < $1.location }
        return SiteBuild(files: files, pages: pages, diagnostics: diagnostics,
                         failedLessons: pages.filter(\.failed).map(\.lesson).sorted())
    }

    /// The files of a page that need no rebuild: its snapshot in `out` records the same inputs
    /// (lesson text, loaded files, templates, navigation, formats, version) and its files are all there.
    /// One lesson file read and split into front matter and body, or the diagnostic that stopped it.
    static func loadLesson(_ url: URL, relativePath relative: String, displayPath display: String) -> (Lesson?, [Diagnostic]) {
        let start = SourceRange(start: SourceLocation(file: display, line: 1, column: 1))
        let data: [UInt8]
        switch FileReader.bytes(atPath: url.path, limit: Lesson.maxFileSize) {
        case let .success(bytes): data = bytes
        case let .failure(.tooLarge(size)):
            return (nil, [Diagnostic("this lesson is \(size) bytes; at most \(Lesson.maxFileSize) are read", at: start)])
        case .failure(.unreadable):
            return (nil, [Diagnostic("cannot read this lesson", at: start)])
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let (frontMatter, body, frontDiagnostics) = FrontMatter.split(text, file: display)
        let title = frontMatter.title ?? firstHeading(body) ?? url.deletingPathExtension().lastPathComponent
        return (Lesson(relativePath: relative, displayPath: display, text: text, textHash: Hashing.hex(Hashing.digest(text)),
                       frontMatter: frontMatter, body: body, title: title), frontDiagnostics)
    }

    static func reusable(_ lesson: Lesson, siteInputs: [String: String], out: URL, content: URL) -> [String]? {
        let snapshotPath = PageSnapshot.path(forStem: lesson.stem)
        guard let snapshot = PageSnapshot.header(atPath: out.appendingPathComponent(snapshotPath).path) else { return nil }
        var expected = siteInputs
        expected["lesson"] = lesson.textHash
        let loader = ContentLoader(contentRoot: content,
                                   lessonDirectory: content.appendingPathComponent(lesson.relativePath).deletingLastPathComponent())
        for (key, hash) in snapshot.inputs where key.hasPrefix("load:") {
            guard loader.hash(of: String(key.dropFirst(5))) == hash else { return nil }
            expected[key] = hash
        }
        let outPath = out.path.hasSuffix("/") ? out.path : out.path + "/"
        guard snapshot.inputs == expected, snapshot.files.allSatisfy({ access(outPath + $0, F_OK) == 0 }) else { return nil }
        return snapshot.files + [snapshotPath]
    }

    static func firstHeading(_ body: String) -> String? {
        // Searched, not split: a large lesson should not be cut into lines just to find its title.
        let start: String.Index
        if body.hasPrefix("# ") {
            start = body.startIndex
        } else if let range = body.range(of: "\n# ") {
            start = body.index(after: range.lowerBound)
        } else {
            return nil
        }
        let line = body[start...].prefix { $0 != "\n" && $0 != "\r\n" }
        return String(line.dropFirst(2)).trimmingCharacters(in: " \t\r#")
    }

    static func indexPage(lessons: [Lesson], theme: Theme) -> String {
        let context: MustacheValue = .object([
            "title": .string("Lessons"),
            "root": .string(""),
            "lessons": .list(lessons.map { l in
                .object(["title": .string(l.title), "href": .string(l.href + ".html"),
                         "description": l.description.map(MustacheValue.string) ?? .bool(false)])
            }),
            "generator": .string("docgen \(DocGenVersion.current)"),
        ])
        return (try? theme.index.render(context)) ?? ""
    }

    static func indexMarkdown(lessons: [Lesson]) -> String {
        var lines = ["# Lessons", ""]
        for (n, l) in lessons.enumerated() {
            let link = l.href + ".md"
            lines.append("\(n + 1). [\(GFMRenderer.inline(l.title))](\(link))" + (l.description.map { " — " + GFMRenderer.inline($0) } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Runs work items on up to `jobs` threads; results must not depend on the order they finish in.
enum Parallel {
    static func forEach(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(below: count) { body(i) }
        }
    }
}

/// One slot per work item, filled from many threads under a lock.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    var values: [T?] { lock.withLock { slots } }
}

extension Parallel {
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                defer { value += 1 }
                return value
            }
        }
    }
}
