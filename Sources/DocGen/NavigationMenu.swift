import Render

/// The list of lessons in every page's sidebar, drawn once per build rather than once per page: a
/// site of n lessons would otherwise render n² list items through the template.
struct NavigationMenu: Sendable {
    /// Each lesson's item, plain and marked as the current page, for pages at folder depth `depth`.
    private let items: [[(plain: String, current: String)]]

    init(links: [(title: String, stem: String)]) {
        let depths = Set(links.map { $0.stem.split(separator: "/").count - 1 })
        var items: [[(plain: String, current: String)]] = Array(repeating: [], count: (depths.max() ?? 0) + 1)
        for depth in depths {
            let root = String(repeating: "../", count: depth)
            items[depth] = links.map { link in
                let href = root + Lesson.urlPath(link.stem) + ".html"
                var plain = Markup(), current = Markup()
                plain.open("li")
                plain.element("a", [("href", href)], link.title)
                plain.close("li")
                current.open("li", [("class", "current")])
                current.element("a", [("href", href), ("aria-current", "page")], link.title)
                current.close("li")
                return (plain.text, current.text)
            }
        }
        self.items = items
    }

    /// Sites longer than this show a window of the list around the page (with the first and the
    /// last lesson) and reach the rest through the index: a sidebar of a thousand items helps no
    /// reader, and repeating it on every page makes the site grow with the square of its size.
    static let fullListLimit = 30
    /// Lessons shown on each side of the current one in a windowed list.
    static let windowRadius = 7

    /// The `<li>` items for a page at `depth` whose own lesson is at `current`.
    func html(depth: Int, current: Int) -> String {
        let all = items[depth]
        func item(_ index: Int) -> String { index == current ? all[index].current : all[index].plain }
        guard all.count > Self.fullListLimit else {
            return all.indices.map { item($0) + "\n" }.joined()
        }
        let window = max(0, current - Self.windowRadius)...min(all.count - 1, current + Self.windowRadius)
        let root = String(repeating: "../", count: depth)
        // Items after a gap carry their number, so the ordered list keeps counting from 1 to n.
        func numbered(_ index: Int) -> String { "<li value=\"\(index + 1)\"" + item(index).dropFirst(3) + "\n" }
        func gap(_ hidden: Int) -> String {
            "<li class=\"more\"><a href=\"\(root)index.html\">… \(hidden) more \(hidden == 1 ? "lesson" : "lessons")</a></li>\n"
        }
        var out = ""
        if window.lowerBound > 0 {
            out += item(0) + "\n"
            if window.lowerBound > 1 { out += gap(window.lowerBound - 1) }
        }
        for index in window { out += index == window.lowerBound && index > 0 ? numbered(index) : item(index) + "\n" }
        if window.upperBound < all.count - 1 {
            if window.upperBound < all.count - 2 { out += gap(all.count - 2 - window.upperBound) }
            out += numbered(all.count - 1)
        }
        return out
    }
}
