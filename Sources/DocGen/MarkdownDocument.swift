internal import CCmarkGFM
import Foundation
import Render

/// A parsed lesson. The one place that touches cmark-gfm: the rest of docgen sees Swift values only.
///
/// cmark-gfm's extension registration is not thread-safe, so it happens once, through a `static let`,
/// before the first parse; after that, documents are parsed on many threads at once.
final class MarkdownDocument {
    /// Something in the document that docgen replaces: a fenced `attention` cell or an inline `=…` span.
    struct Slot {
        enum Kind: Equatable {
            case cell(info: String, code: String)
            case inlineValue(expression: String)
        }
        var kind: Kind
        /// 1-based line of the fence (cells) or of the paragraph holding the span (inline values).
        var line: Int
        /// 1-based last line of the fenced block (the closing fence), for GFM splicing.
        var endLine: Int
        /// 1-based column where the block starts (the fence's indentation + 1).
        var column: Int
    }

    struct Heading: Equatable {
        var level: Int
        var text: String
    }

    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// cmark-gfm 0.29 keeps the extensions' special inline characters in one table per process:
    /// each parser adds them when it starts on inlines (in `cmark_parser_finish`) and removes them
    /// when it is done, so two parsers finishing at once can make one miss `~~strike~~` or an
    /// autolink. Finishing is serialized; block parsing and rendering still run in parallel.
    private static let inlineParsing = NSLock()

    private let parser: OpaquePointer
    private let root: OpaquePointer
    private var slotNodes: [OpaquePointer] = []
    private(set) var slots: [Slot] = []
    private(set) var headings: [Heading] = []

    /// Names this document's placeholders: a hash of its lesson, so an author cannot write one
    /// into the lesson by accident (raw HTML is dropped by default anyway).
    private let sourceToken: String

    init(_ markdown: String, token: String) {
        _ = Self.extensionsRegistered
        sourceToken = token
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        let parser = cmark_parser_new(options)!
        for name in Self.extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        self.parser = parser
        root = Self.inlineParsing.withLock { cmark_parser_finish(parser) }
        collect()
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// Walks the tree once, in document order: cells, inline values and headings.
    private func collect() {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var paragraphLine = 1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node))
            if line > 0 && type.rawValue & 0xC000 == 0x8000 { paragraphLine = line }  // a block, not an inline
            switch type {
            case CMARK_NODE_CODE_BLOCK:
                let info = string(cmark_node_get_fence_info(node))
                guard info == "attention" || info.hasPrefix("attention ") || info.hasPrefix("attention{") else { continue }
                slots.append(Slot(kind: .cell(info: info, code: string(cmark_node_get_literal(node))), line: line,
                                  endLine: Int(cmark_node_get_end_line(node)), column: Int(cmark_node_get_start_column(node))))
                slotNodes.append(node)
            case CMARK_NODE_CODE:
                let literal = string(cmark_node_get_literal(node))
                guard literal.hasPrefix("="), literal.count > 1 else { continue }
                slots.append(Slot(kind: .inlineValue(expression: String(literal.dropFirst())), line: paragraphLine,
                                  endLine: paragraphLine, column: 1))
                slotNodes.append(node)
            case CMARK_NODE_HEADING:
                headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: plainText(node)))
            default:
                break
            }
        }
    }

    /// HTML of the whole document with each slot in `slots` marked by a placeholder comment, for
    /// `fill` to replace. Cell output is large and already HTML: passing it through cmark would copy
    /// and re-validate it; placeholders keep cmark's work to the prose.
    /// Raw HTML written by the author is dropped as cmark-gfm's safe mode drops it, and links with
    /// script-capable schemes lose their target, unless `allowRawHTML`.
    func renderHTML(placeholdersFor slots: Set<Int>, allowRawHTML: Bool) -> String {
        for (index, node) in slotNodes.enumerated() where slots.contains(index) {
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK
            guard let replacement = cmark_node_new(isBlock ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(replacement, placeholder(index))
            cmark_node_replace(node, replacement)
            cmark_node_free(node)
            slotNodes[index] = replacement
        }
        if !allowRawHTML { sanitize(keeping: Set(slotNodes)) }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, extensions) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// Puts each slot's markup where `renderHTML` left its placeholder.
    func fill(_ html: String, replacements: [Int: ByteBuffer]) -> ByteBuffer {
        let prefix = Array(placeholderPrefix.utf8)
        let suffix = Array("-->".utf8)
        var result = ByteBuffer(capacity: html.utf8.count + replacements.values.reduce(0) { $0 + $1.count })
        var html = html
        html.withUTF8 { bytes in
            var copiedUpTo = 0, searchFrom = 0
            while let start = ByteSearch.firstIndex(of: prefix, in: bytes, from: searchFrom) {
                var cursor = start + prefix.count
                var index = 0
                while cursor < bytes.count, let digit = Self.digitValue(bytes[cursor]) {
                    index = index * 10 + digit
                    cursor += 1
                }
                guard bytes[cursor...].starts(with: suffix), let markup = replacements[index] else {
                    searchFrom = cursor
                    continue
                }
                result.append(UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<start]))
                result.append(markup)
                copiedUpTo = cursor + suffix.count
                searchFrom = copiedUpTo
            }
            result.append(UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
        }
        return result
    }

    private var placeholderPrefix: String { "<!--docgen-slot-\(sourceToken)-" }

    private func placeholder(_ index: Int) -> String { placeholderPrefix + "\(index)-->" }

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Replaces the author's raw HTML with the comment safe mode leaves, and empties unsafe link targets.
    private func sanitize(keeping ours: Set<OpaquePointer>) {
        guard let iterator = cmark_iter_new(root) else { return }
        var rawNodes: [OpaquePointer] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if !ours.contains(node) { rawNodes.append(node) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = string(cmark_node_get_url(node))
                if !Self.isSafeURL(url, image: cmark_node_get_type(node) == CMARK_NODE_IMAGE) { cmark_node_set_url(node, "") }
            default:
                break
            }
        }
        cmark_iter_free(iterator)
        for node in rawNodes { cmark_node_set_literal(node, "<!-- raw HTML omitted -->") }
    }

    /// cmark's rule: no javascript:, vbscript:, file:, or data: other than images.
    static func isSafeURL(_ url: String, image: Bool) -> Bool {
        let lower = url.lowercased().filter { !$0.isWhitespace }
        for scheme in ["javascript:", "vbscript:", "file:"] where lower.hasPrefix(scheme) { return false }
        if lower.hasPrefix("data:") {
            return image && ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.hasPrefix($0) }
        }
        return true
    }

    private func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: text += plainText(current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
