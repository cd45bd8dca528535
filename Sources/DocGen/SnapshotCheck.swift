import Foundation
import Render

/// `docgen check`: compares a build held in memory with the output folder, writing nothing, and says
/// what changed in a reviewer's terms: which page, which cell, which numbers, old → new.
public enum SnapshotCheck {
    public struct Report: Sendable {
        public var stalePages: [String] = []
        public var changedCells = 0
        public var changedFiles: [String] = []
        public var missing: [String] = []
        public var orphans: [String] = []
        public var lines: [String] = []

        public var isClean: Bool { stalePages.isEmpty && changedFiles.isEmpty && missing.isEmpty && orphans.isEmpty }

        public var summary: String {
            if isClean { return "check: up to date" }
            var parts = ["\(stalePages.count) page\(stalePages.count == 1 ? "" : "s") stale",
                         "\(changedCells) cell\(changedCells == 1 ? "" : "s") changed",
                         "\(orphans.count) orphan\(orphans.count == 1 ? "" : "s")"]
            if !missing.isEmpty { parts.append("\(missing.count) missing") }
            if !changedFiles.isEmpty { parts.append("\(changedFiles.count) other file\(changedFiles.count == 1 ? "" : "s") changed") }
            return "check: " + parts.joined(separator: ", ")
        }

        public var text: String { (lines + [summary]).joined(separator: "\n") + "\n" }
    }

    /// Values shown per changed cell before "… and N more".
    static let maxValuesPerCell = 8

    /// What comparing one built page with the output folder found.
    public struct PageComparison: Sendable {
        /// The page's files, its snapshot included.
        var files: [String] = []
        var isStale = false
        var changedCells = 0
        var lines: [String] = []
    }

    /// For `SiteBuilder.build`'s sink: compares each page as soon as it is built and keeps only the
    /// outcome, so checking a large site holds one page at a time, not the whole site.
    public static func comparing(with out: URL, tolerance: Double) -> @Sendable (PageResult) -> PageResult {
        { page in
            var kept = page
            kept.comparison = comparePage(page, with: out, tolerance: tolerance)
            kept.files = []
            kept.snapshot = nil
            return kept
        }
    }

    public static func compare(_ build: SiteBuild, with out: URL, tolerance: Double) -> Report {
        var report = Report()
        var pageFiles = Set<String>()
        for page in build.pages where !page.failed {
            guard let comparison = page.comparison ?? comparePage(page, with: out, tolerance: tolerance) else { continue }
            pageFiles.formUnion(comparison.files)
            if comparison.isStale { report.stalePages.append(page.lesson) }
            report.changedCells += comparison.changedCells
            report.lines += comparison.lines
        }
        for file in build.files where !pageFiles.contains(file.path) {
            guard let existing = FileManager.default.contents(atPath: out.appendingPathComponent(file.path).path) else {
                report.missing.append(file.path)
                report.lines.append("missing: \(file.path)")
                continue
            }
            if existing != file.contents {
                report.changedFiles.append(file.path)
                report.lines.append("changed: \(file.path)")
            }
        }
        let produced = pageFiles.union(build.files.map(\.path))
        let failedStems = build.failedLessons.map { String($0.dropLast(3)) }
        for path in Manifest.read(from: out).entries.keys.sorted() where !produced.contains(path) {
            if failedStems.contains(where: { SiteWriter.belongs(path, to: $0) }) { continue }
            if FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path) {
                report.orphans.append(path)
                report.lines.append("orphan: \(path) (no longer produced; docgen build removes it)")
            }
        }
        return report
    }

    static func comparePage(_ page: PageResult, with out: URL, tolerance: Double) -> PageComparison? {
        guard !page.failed, let new = page.snapshot else { return nil }
        let stem = String(page.lesson.dropLast(3))
        let snapshotPath = PageSnapshot.path(forStem: stem)
        var comparison = PageComparison(files: new.files + [snapshotPath])
        var contents: [String: Data] = [:]
        for file in page.files { contents[file.path] = file.contents }
        let differing = comparison.files.filter { FileManager.default.contents(atPath: out.appendingPathComponent($0).path) != contents[$0] }
        guard !differing.isEmpty else { return comparison }
        let old = FileManager.default.contents(atPath: out.appendingPathComponent(snapshotPath).path).flatMap(PageSnapshot.init(data:))
        compareValues(shownAs: page.displayPath.isEmpty ? page.lesson : page.displayPath, old: old, new: new, differing: differing,
                      tolerance: tolerance, into: &comparison)
        return comparison
    }

    private static func compareValues(shownAs name: String, old: PageSnapshot?, new: PageSnapshot, differing: [String],
                                      tolerance: Double, into report: inout PageComparison) {
        guard let old else {
            report.isStale = true
            report.changedCells += new.cells.count
            report.lines.append("\(name): new page (not in the output folder yet)")
            return
        }
        var cellLines: [String] = []
        var changedCells = 0
        let oldCells = Dictionary(old.cells.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for cell in new.cells {
            guard let before = oldCells[cell.name] else {
                changedCells += 1
                cellLines.append("  cell \(cell.name) (line \(cell.line)): new cell")
                continue
            }
            let changes = valueChanges(before.values, cell.values, tolerance: tolerance)
            guard !changes.isEmpty else { continue }
            changedCells += 1
            cellLines.append("  cell \(cell.name) (line \(cell.line)): \(changes.count) value\(changes.count == 1 ? "" : "s") changed")
            cellLines += changes.prefix(maxValuesPerCell).map { "    " + $0 }
            if changes.count > maxValuesPerCell { cellLines.append("    … and \(changes.count - maxValuesPerCell) more") }
        }
        let newNames = Set(new.cells.map(\.name))
        for cell in old.cells where !newNames.contains(cell.name) {
            changedCells += 1
            cellLines.append("  cell \(cell.name) (line \(cell.line)): removed")
        }
        var reasons: [String] = []
        if old.inputs["lesson"] != new.inputs["lesson"] && changedCells == 0 { reasons.append("prose changed, no output changed") }
        if old.inputs["templates"] != new.inputs["templates"] && old.inputs["lesson"] == new.inputs["lesson"] && changedCells == 0 {
            reasons.append("template-only change")
        }
        if old.inputs["site"] != new.inputs["site"] && changedCells == 0 { reasons.append("navigation changed (lessons added, removed or renamed)") }
        if old.inputs["docgen"] != new.inputs["docgen"] { reasons.append("built by docgen \(old.inputs["docgen"] ?? "?"), now \(new.inputs["docgen"] ?? "?")") }
        // Within tolerance, with every input the same, byte differences are last-bit noise: not a change.
        if changedCells == 0 && reasons.isEmpty && tolerance > 0 && old.inputs == new.inputs { return }
        if changedCells == 0 && reasons.isEmpty { reasons.append("rendered files differ: " + differing.joined(separator: ", ")) }
        report.isStale = true
        report.changedCells += changedCells
        report.lines.append("\(name): stale" + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: "; ") + ")"))
        report.lines += cellLines
    }

    /// `A["bank","river"]: 0.412 → 0.398` for each value that moved by more than `tolerance`.
    static func valueChanges(_ old: [PageSnapshot.Value], _ new: [PageSnapshot.Value], tolerance: Double) -> [String] {
        var before: [String: PageSnapshot.Value] = [:]
        for value in old { before[value.key] = value }
        var changes: [String] = []
        var seen = Set<String>()
        for value in new {
            seen.insert(value.key)
            guard let previous = before[value.key] else {
                changes.append("\(value.key): new, \(show(value))")
                continue
            }
            if let a = previous.number, let b = value.number {
                let same = a == b || (a.isNaN && b.isNaN) || (a.isFinite && b.isFinite && abs(a - b) <= tolerance)
                if !same { changes.append("\(value.key): \(show(previous)) → \(show(value))") }
            } else if previous.text != value.text || (previous.number == nil) != (value.number == nil) {
                changes.append("\(value.key): \(show(previous)) → \(show(value))")
            }
        }
        for value in old where !seen.contains(value.key) { changes.append("\(value.key): removed (was \(show(value)))") }
        return changes
    }

    private static func show(_ value: PageSnapshot.Value) -> String {
        if let x = value.number { return x.isFinite ? "\(x)" : NumberFormat.fixed(x, precision: 0) }
        return "\"\(value.text ?? "")\""
    }
}
