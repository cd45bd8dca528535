import AttentionCore
import Cells
import Foundation
import Render
import TestSupport
import Testing

/// Every view at small and large sizes, as HTML and GFM, against golden files in Snapshots/.
/// Re-record on purpose with DOCGEN_RECORD=1.
struct ViewSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Runs `source` as one cell and renders its outputs as HTML and GFM.
    static func render(_ source: String, id: String) throws -> (html: String, gfm: String, svgs: [Asset]) {
        let (cell, errors) = Cell.parse(source, origin: CellOrigin(file: "snap.md", firstLine: 1), number: 1)
        #expect(errors.isEmpty)
        let result = try Interpreter().run(cell)
        let context = FigureContext(precision: cell.options.precision, colormap: cell.options.colormap, caption: cell.options.caption, idPrefix: id)
        let rendered = RenderedCell(result, context: context)
        let (gfm, assets) = GFMRenderer.cell(rendered, assetFolder: id)
        return (HTMLRenderer.cell(rendered).string, gfm, assets)
    }

    static let cases: [(String, String)] = [
        ("matrix-small", "#| caption: Small\nM = label([[1, -2.5], [0.125, 1e-9]], rows: [\"a\", \"b\"], cols: [\"x\", \"y\"])\nshow M"),
        ("matrix-large", "#| precision: 2\nshow random(30, 20, seed: 1)"),
        ("number-edges", "show [[0, -0.0004, 1e20], [-1e-12, 0.4125, 123456.789]]\nshow 1 / 3\nshow \"text\""),
        ("masked", "X = embed([\"a\", \"b\", \"c\", \"d\"], dim: 4, seed: 1)\natt = attention(X, X, X, mask: causal_mask(4))\nshow att as heatmap\nshow att as steps for \"c\"\nshow att as table"),
        ("fully-masked", "S = [[1, 2], [3, 4]] + [[0, 0], [0 - 1e308 * 10, 0 - 1e308 * 10]]\nshow softmax(S) as steps for 1\nshow softmax(S) as heatmap"),
        ("heatmap-1x1", "show softmax([[3]]) as heatmap"),
        ("heatmap-signed", "#| colormap: diverging\nshow label(random(5, 5, seed: 4), rows: [\"v\", \"w\", \"x\", \"y\", \"z\"]) as heatmap"),
        ("heatmap-64", "t = embed([\"t0\",\"t1\",\"t2\",\"t3\",\"t4\",\"t5\",\"t6\",\"t7\",\"t8\",\"t9\",\"t10\",\"t11\",\"t12\",\"t13\",\"t14\",\"t15\",\"t16\",\"t17\",\"t18\",\"t19\",\"t20\",\"t21\",\"t22\",\"t23\",\"t24\",\"t25\",\"t26\",\"t27\",\"t28\",\"t29\",\"t30\",\"t31\",\"t32\",\"t33\",\"t34\",\"t35\",\"t36\",\"t37\",\"t38\",\"t39\",\"t40\",\"t41\",\"t42\",\"t43\",\"t44\",\"t45\",\"t46\",\"t47\",\"t48\",\"t49\",\"t50\",\"t51\",\"t52\",\"t53\",\"t54\",\"t55\",\"t56\",\"t57\",\"t58\",\"t59\",\"t60\",\"t61\",\"t62\",\"t63\"], dim: 8, seed: 2)\nshow softmax(t · t^T / sqrt(8)) as heatmap"),
        ("sum", "V = label([[1, 0], [0, 1], [2, 2]], rows: [\"a\", \"b\", \"c\"])\nA = softmax([[1, 2, 3]])\nshow A · V as sum for 0"),
        ("multihead", "X = embed([\"a\", \"b\", \"c\"], dim: 4, seed: 3)\nmh = multihead(X, random(4, 4, seed: 1), random(4, 4, seed: 2), random(4, 4, seed: 3), random(4, 4, seed: 4), heads: 2)\nshow mh as heatmap"),
        ("shape", "V = zeros(4, 8)\nshow V as shape"),
        ("expected-error", "#| error: true\nshow [[1, 2]] · [[1, 2]]"),
        ("escaping", "t = [\"<script>alert(1)</script>\", \"\\\"><svg onload=alert(1)>\", \"a|b\", \"`tick`\", \"]]>\"]\n#| caption: x\nM = label(identity(5), rows: t, cols: t)\nshow M\nshow softmax(M) as heatmap\nshow softmax(M) as table"),
    ]

    @Test(arguments: cases.map(\.0))
    func viewMatchesSnapshot(_ name: String) throws {
        let source = try #require(Self.cases.first { $0.0 == name }).1
        let (html, gfm, svgs) = try Self.render(source, id: name)
        var failures: [String] = []
        if let f = Snapshot.verify(html + "\n", against: Self.folder.appendingPathComponent("\(name).html")) { failures.append(f) }
        if let f = Snapshot.verify(gfm + "\n", against: Self.folder.appendingPathComponent("\(name).md")) { failures.append(f) }
        for svg in svgs {
            if let f = Snapshot.verify(svg.contents.string, against: Self.folder.appendingPathComponent(svg.name)) { failures.append(f) }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func largeHeatmapThinsLabelsAndSaysSo() throws {
        let tokens = (0..<512).map { "\"w\($0)\"" }.joined(separator: ", ")
        let (html, _, svgs) = try Self.render("X = embed([\(tokens)], dim: 4, seed: 1)\nshow softmax(X · X^T) as heatmap", id: "big")
        let svg = try #require(svgs.first).contents.string
        #expect(svg.contains("every 13th of 512 row labels shown"))
        #expect(svg.contains("every 13th of 512 column labels shown"))
        #expect(svg.contains("per-cell values omitted at this size"))
        #expect(!svg.contains("<title>w0 → w1"))
        #expect(html.contains("role=\"img\""))
        #expect(svg.contains("href=\"data:image/png;base64,"))
        #expect(svg.utf8.count < 2_000_000)
    }

    @Test func textColourMeetsWCAGContrastOnEveryColour() {
        for map in [Colormap.viridis, .cividis, .diverging] {
            for k in 0...100 {
                let fill = map.rgb(Double(k) / 100)
                #expect(Colormap.bestContrast(on: fill) >= 4.5, "\(map.name) at \(k)%")
            }
        }
    }
}
