@testable import DocGen
import Testing

/// The sidebar lists every lesson on small sites and a numbered window with links to the index on
/// large ones.
struct NavigationTests {
    static func menu(_ count: Int) -> NavigationMenu {
        NavigationMenu(links: (1...count).map { (title: "Lesson \($0)", stem: "lesson-\($0)") })
    }

    @Test func smallSitesListEveryLesson() {
        let html = Self.menu(NavigationMenu.fullListLimit).html(depth: 0, current: 3)
        #expect(html.components(separatedBy: "<li").count - 1 == NavigationMenu.fullListLimit)
        #expect(!html.contains("more"))
        #expect(html.contains("<li class=\"current\"><a href=\"lesson-4.html\" aria-current=\"page\">Lesson 4</a></li>"))
    }

    @Test func largeSitesShowAWindowThatKeepsCounting() {
        let html = Self.menu(1000).html(depth: 0, current: 499)
        let items = html.split(separator: "\n")
        // First lesson, a gap, 15 around the page, a gap, the last lesson.
        #expect(items.count == 1 + 1 + 15 + 1 + 1)
        #expect(items[0] == "<li><a href=\"lesson-1.html\">Lesson 1</a></li>")
        #expect(items[1] == "<li class=\"more\"><a href=\"index.html\">… 491 more lessons</a></li>")
        #expect(items[2] == "<li value=\"493\"><a href=\"lesson-493.html\">Lesson 493</a></li>")
        #expect(items[9] == "<li class=\"current\"><a href=\"lesson-500.html\" aria-current=\"page\">Lesson 500</a></li>")
        #expect(items[17] == "<li class=\"more\"><a href=\"index.html\">… 492 more lessons</a></li>")
        #expect(items[18] == "<li value=\"1000\"><a href=\"lesson-1000.html\">Lesson 1000</a></li>")
    }

    @Test func windowsAtTheEndsHaveNoEmptyGaps() {
        let first = Self.menu(100).html(depth: 0, current: 0).split(separator: "\n")
        #expect(first.count == 8 + 1 + 1)
        #expect(first[0].hasPrefix("<li class=\"current\">"))
        #expect(first[8] == "<li class=\"more\"><a href=\"index.html\">… 91 more lessons</a></li>")
        let last = Self.menu(100).html(depth: 0, current: 99).split(separator: "\n")
        #expect(last.count == 1 + 1 + 8)
        #expect(last[1] == "<li class=\"more\"><a href=\"index.html\">… 91 more lessons</a></li>")
        #expect(last[2] == "<li value=\"93\"><a href=\"lesson-93.html\">Lesson 93</a></li>")
        #expect(last[9].hasPrefix("<li class=\"current\">"))
    }
}
