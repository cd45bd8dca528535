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

    /// The `<li>` items for a page at `depth` whose own lesson is at `current`.
    func html(depth: Int, current: Int) -> String {
        var out = ""
        for (index, item) in items[depth].enumerated() {
            out += index == current ? item.current : item.plain
            out += "\n"
        }
        return out
    }
}
