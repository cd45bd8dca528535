import AttentionCore
import Cells
import Foundation
import Render

/// Links from one page to the others, computed once for the whole site.
struct Navigation {
    struct Link {
        var title: String
        var stem: String
    }
    var previous: Link?
    var next: Link?
    /// The site's lesson list, drawn once per folder depth for the whole build.
    var menu: NavigationMenu
    /// This page's position in the list.
    var index: Int
}

/// What building one page gave: its files, or the diagnostics that stopped it.
public struct PageResult: Sendable {
    public var lesson: String
    /// The lesson as diagnostics name it (`content/01-value-matrix.md`), for reports.
    public var displayPath: String = ""
    public var files: [OutputFile]
    public var diagnostics: [Diagnostic]
    /// Files kept from the previous build because none of the page's inputs changed.
    public var reused: [String] = []
    /// Files already written to disk by a `SiteWriterSession` (their contents are no longer held).
    public var writtenFiles: [String] = []
    /// The page's inputs and cell values, also written as `.docgen/<lesson>.json`.
    public var snapshot: PageSnapshot?
    /// Set by `docgen check` when it compares the page as it is built (its files are then dropped).
    public var comparison: SnapshotCheck.PageComparison?
    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A lesson after its cells and inline values ran: what each slot became, in document order.
struct ExecutedPage {
    enum SlotResult {
        case cell(CellResult, context: FigureContext, lines: ClosedRange<Int>)
        case inlineValue(PageExecutor.InlineText, span: String, line: Int)
    }

    var document: MarkdownDocument
    /// Files `load(...)` read, with their hashes.
    var loads: [String: String]
    /// Slot index → result; slots that failed are absent.
    var results: [Int: SlotResult]
    var diagnostics: [Diagnostic]
    var cells: [CellResult] {
        results.keys.sorted().compactMap { if case let .cell(result, _, _)? = results[$0] { result } else { nil } }
    }
}

/// Runs a lesson's cells and inline values top to bottom in one environment.
struct PageExecutor {
    let lesson: Lesson
    let contentRoot: URL

    func execute() -> ExecutedPage {
        var diagnostics: [Diagnostic] = []
        let document = MarkdownDocument(lesson.body, token: lesson.textHash)
        let lessonDirectory = contentRoot.appendingPathComponent(lesson.relativePath).deletingLastPathComponent()
        let loader = ContentLoader(contentRoot: contentRoot, lessonDirectory: lessonDirectory)
        let interpreter = Interpreter(loader: loader)
        let pageSlug = Slug.make(lesson.stem.split(separator: "/").last.map(String.init) ?? lesson.stem)
        // Only inline values need the lines, to find their columns.
        lazy var sourceLines = lesson.body.lines
        var results: [Int: ExecutedPage.SlotResult] = [:]
        var cellNumber = 0
        for (index, slot) in document.slots.enumerated() {
            switch slot.kind {
            case let .cell(_, code):
                cellNumber += 1
                let origin = CellOrigin(file: lesson.displayPath, firstLine: slot.line + 1, indentation: slot.column - 1)
                let (cell, optionErrors) = Cell.parse(code, origin: origin, number: cellNumber)
                guard optionErrors.isEmpty else {
                    diagnostics += optionErrors
                    continue
                }
                do {
                    let result = try interpreter.run(cell)
                    results[index] = .cell(result, context: FigureContext(cell: cell, pageSlug: pageSlug), lines: slot.line...slot.endLine)
                } catch {
                    diagnostics.append(error)
                }
            case let .inlineValue(expression):
                let span = "`=\(expression)`"
                let location = Self.locate(span, from: slot.line, in: sourceLines)
                // The expression starts after the backtick and the '='.
                let origin = CellOrigin(file: lesson.displayPath, firstLine: location.line, indentation: location.column + 2)
                let spanRange = SourceRange(start: SourceLocation(file: lesson.displayPath, line: location.line, column: location.column + 1),
                                            length: span.count)
                do {
                    let value = try interpreter.evaluateInline(expression, origin: origin)
                    results[index] = .inlineValue(try Self.inlineText(value, expression: expression, at: spanRange), span: span, line: location.line)
                } catch {
                    diagnostics.append(error)
                }
            }
        }
        return ExecutedPage(document: document, loads: loader.reads, results: results, diagnostics: diagnostics)
    }

    // MARK: - Inline values

    struct InlineText {
        var plain: String
        var typographic: String
    }

    static func inlineText(_ value: Value, expression: String, at range: SourceRange) throws(Diagnostic) -> InlineText {
        switch value {
        case let .number(x):
            if x == x.rounded(), x.magnitude < 1e15 {
                let whole = NumberFormat.fixed(x, precision: 0)
                return InlineText(plain: whole, typographic: NumberFormat.typographic(fixed: whole))
            }
            let plain = NumberFormat.fixed(x, precision: 3)
            return InlineText(plain: plain, typographic: NumberFormat.typographic(fixed: plain))
        case let .string(s):
            return InlineText(plain: s, typographic: s)
        case let .matrix(m) where m.rows == 1 && m.cols == 1:
            return try inlineText(.number(m[0, 0]), expression: expression, at: range)
        case let .list(items):
            var parts: [InlineText] = []
            for item in items { parts.append(try inlineText(item, expression: expression, at: range)) }
            return InlineText(plain: parts.map(\.plain).joined(separator: ", "), typographic: parts.map(\.typographic).joined(separator: ", "))
        default:
            throw Diagnostic("an inline value must be a number or text, but \(expression) is \(value.kindDescription)", at: range,
                             notes: ["pick one element, e.g. \(expression)[0, 0], or show it in a cell"])
        }
    }

    /// Where an inline span sits: the first occurrence at or after `line` (1-based line, 0-based column).
    static func locate(_ span: String, from line: Int, in lines: [String]) -> (line: Int, column: Int) {
        var index = max(0, line - 1)
        while index < lines.count {
            if let range = lines[index].range(of: span) {
                return (index + 1, lines[index].distance(from: lines[index].startIndex, to: range.lowerBound))
            }
            index += 1
        }
        return (line, 0)
    }

}

/// Builds one lesson into its HTML page, GFM page and SVG assets. Pages share nothing, so many
/// builders run at once.
struct PageBuilder {
    let lesson: Lesson
    let contentRoot: URL
    let theme: Theme
    let formats: Set<OutputFormat>
    let navigation: Navigation
    let allowRawHTML: Bool
    /// Inputs shared by every page (templates, site navigation, formats, version), already hashed.
    let siteInputs: [String: String]

    func build() -> PageResult {
        let page = PageExecutor(lesson: lesson, contentRoot: contentRoot).execute()
        guard !page.diagnostics.contains(where: { $0.severity == .error }) else {
            return PageResult(lesson: lesson.relativePath, displayPath: lesson.displayPath, files: [], diagnostics: page.diagnostics)
        }
        let assetFolder = String(lesson.stem.split(separator: "/").last ?? "")
        var htmlReplacements: [Int: ByteBuffer] = [:]
        var cellValues: [PageSnapshot.CellValues] = []
        var gfmBlocks: [(lines: ClosedRange<Int>, text: String)] = []
        var gfmInline: [(line: Int, span: String, value: String)] = []
        var assets: [Asset] = []
        for index in page.results.keys.sorted() {
            switch page.results[index]! {
            case let .cell(result, context, lines):
                cellValues.append(PageSnapshot.cellValues(result, line: lines.lowerBound))
                let rendered = RenderedCell(result, context: context)
                if formats.contains(.html) { htmlReplacements[index] = HTMLRenderer.cell(rendered) }
                if formats.contains(.markdown) {
                    let (markdown, cellAssets) = GFMRenderer.cell(rendered, assetFolder: assetFolder)
                    gfmBlocks.append((lines, markdown))
                    assets += cellAssets
                }
            case let .inlineValue(text, span, line):
                var value = Markup()
                value.element("span", [("class", "inline-value")], text.typographic)
                htmlReplacements[index] = value.buffer
                gfmInline.append((line, span, text.plain))
            }
        }
        var files: [OutputFile] = []
        if formats.contains(.html) {
            let prose = page.document.renderHTML(placeholdersFor: Set(htmlReplacements.keys), allowRawHTML: allowRawHTML)
            let (proseWithIDs, toc) = Self.addHeadingIDs(prose, headings: page.document.headings)
            let bodyWithIDs = page.document.fill(proseWithIDs, replacements: htmlReplacements)
            files.append(OutputFile(path: lesson.stem + ".html", contents: renderPage(content: bodyWithIDs, toc: toc)))
        }
        if formats.contains(.markdown) {
            let sourceLines = lesson.body.lines
            files.append(OutputFile(path: lesson.stem + ".md",
                                    text: Self.splice(sourceLines, blocks: gfmBlocks, inline: gfmInline, title: lesson.title,
                                                      hasHeading: page.document.headings.first?.level == 1)))
            let folder = (lesson.stem as NSString).deletingLastPathComponent
            for asset in assets {
                files.append(OutputFile(path: (folder.isEmpty ? "" : folder + "/") + assetFolder + "/" + asset.name, bytes: asset.contents))
            }
        }
        var inputs = siteInputs
        inputs["lesson"] = lesson.textHash
        for (path, hash) in page.loads { inputs["load:" + path] = hash }
        let snapshot = PageSnapshot(lesson: lesson.relativePath, inputs: inputs, files: files.map(\.path), cells: cellValues)
        files.append(OutputFile(path: PageSnapshot.path(forStem: lesson.stem), contents: snapshot.json))
        return PageResult(lesson: lesson.relativePath, displayPath: lesson.displayPath, files: files, diagnostics: page.diagnostics,
                          snapshot: snapshot)
    }

    // MARK: - HTML page

    /// Gives each heading an id for the table of contents (unique on the page).
    static func addHeadingIDs(_ html: String, headings: [MarkdownDocument.Heading]) -> (String, [MustacheValue]) {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + headings.count * 32)
        var position = 0
        var used: [String: Int] = [:]
        var toc: [MustacheValue] = []
        for heading in headings {
            let tag = Array("<h\(heading.level)>".utf8)
            guard let found = bytes.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: tag, in: $0, from: position) }) else { break }
            var id = Slug.make(heading.text)
            if let count = used[id] {
                used[id] = count + 1
                id += "-\(count + 1)"
            } else {
                used[id] = 1
            }
            output += bytes[position..<found]
            output += "<h\(heading.level) id=\"\(id)\">".utf8
            position = found + tag.count
            if heading.level >= 2 && heading.level <= 3 {
                toc.append(.object(["id": .string(id), "text": .string(heading.text), "level": .number(Double(heading.level)),
                                    "sub": .bool(heading.level == 3)]))
            }
        }
        output += bytes[position...]
        return (String(decoding: output, as: UTF8.self), toc)
    }

    /// The page template around `content`. The template is rendered with a marker where the content
    /// goes, and the content's bytes are put in its place, so the largest part of the page is never
    /// turned into a String; templates that show the content escaped, or more than once, get it
    /// the ordinary way.
    func renderPage(content: ByteBuffer, toc: [MustacheValue]) -> Data {
        let marker = "docgen-page-content-\(lesson.textHash)"
        var page = renderPage(contentValue: marker, toc: toc)
        let needle = Array(marker.utf8)
        let data: Data? = page.withUTF8 { bytes in
            guard let start = ByteSearch.firstIndex(of: needle, in: bytes),
                  ByteSearch.firstIndex(of: needle, in: bytes, from: start + needle.count) == nil,
                  theme.splicesContent else { return nil }
            var data = Data(capacity: bytes.count + content.count)
            data.append(UnsafeBufferPointer(rebasing: bytes[..<start]))
            content.withUnsafeBytes { data.append($0) }
            data.append(UnsafeBufferPointer(rebasing: bytes[(start + needle.count)...]))
            return data
        }
        return data ?? Data(renderPage(contentValue: content.string, toc: toc).utf8)
    }

    private func renderPage(contentValue content: String, toc: [MustacheValue]) -> String {
        let depth = lesson.stem.split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        func link(_ l: Navigation.Link?) -> MustacheValue {
            guard let l else { return .bool(false) }
            return .object(["title": .string(l.title), "href": .string(root + Lesson.urlPath(l.stem) + ".html")])
        }
        let context: MustacheValue = .object([
            "title": .string(lesson.title),
            "description": lesson.description.map(MustacheValue.string) ?? .bool(false),
            "content": .string(content),
            "toc": .list(toc),
            "hasToc": .bool(!toc.isEmpty),
            "root": .string(root),
            "previous": link(navigation.previous),
            "next": link(navigation.next),
            "navigation": .string(navigation.menu.html(depth: depth, current: navigation.index)),
            "generator": .string("docgen \(DocGenVersion.current)"),
        ])
        return (try? theme.page.render(context)) ?? content
    }

    // MARK: - GFM page

    /// The lesson's own Markdown with each cell's lines replaced by its rendered GFM and each inline
    /// span by its value; the author's prose stays exactly as written.
    static func splice(_ lines: [String], blocks: [(lines: ClosedRange<Int>, text: String)],
                       inline: [(line: Int, span: String, value: String)], title: String, hasHeading: Bool) -> String {
        var out: [String] = []
        var byLine: [Int: [(span: String, value: String)]] = [:]
        for item in inline { byLine[item.line, default: []].append((item.span, item.value)) }
        var blockIndex = 0
        var line = 1
        while line <= lines.count {
            if blockIndex < blocks.count, blocks[blockIndex].lines.lowerBound == line {
                out.append(blocks[blockIndex].text)
                line = blocks[blockIndex].lines.upperBound + 1
                blockIndex += 1
                continue
            }
            var text = lines[line - 1]
            for (span, value) in byLine[line] ?? [] {
                if let range = text.range(of: span) { text.replaceSubrange(range, with: value) }
            }
            out.append(text)
            line += 1
        }
        while out.first?.trimmingCharacters(in: " \t\r").isEmpty == true { out.removeFirst() }
        if !hasHeading { out.insert(contentsOf: ["# " + GFMRenderer.inline(title), ""], at: 0) }
        var text = out.joined(separator: "\n")
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case html
    case markdown = "md"
}

public enum DocGenVersion {
    public static let current = "0.1.0"
}
