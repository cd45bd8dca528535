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

    public static func compare(_ build: SiteBuild, with out: URL, tolerance: Double) -> Report {
        var report = Report()
        var byPath: [String: OutputFile] = [:]
        for file in build.files { byPath[file.path] = file }
        var pageFiles = Set<String>()
        for page in build.pages where !page.failed {
            let stem = String(page.lesson.dropLast(3))
            let snapshotPath = PageSnapshot.path(forStem: stem)
            guard let new = page.snapshot else { continue }
            let paths = new.files + [snapshotPath]
            pageFiles.formUnion(paths)
            let differing = paths.filter { FileManager.default.contents(atPath: out.appendingPathComponent($0).path) != byPath[$0]?.contents }
            guard !differing.isEmpty else { continue }
            let old = FileManager.default.contents(atPath: out.appendingPathComponent(snapshotPath).path).flatMap(PageSnapshot.init(data:))
            comparePage(page.lesson, shownAs: page.displayPath.isEmpty ? page.lesson : page.displayPath,
                        old: old, new: new, differing: differing, tolerance: tolerance, into: &report)
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
        let produced = Set(build.files.map(\.path))
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

    private static func comparePage(_ lesson: String, shownAs name: String, old: PageSnapshot?, new: PageSnapshot,
                                     differing: [String], tolerance: Double, into report: inout Report) {
        guard let old else {
            report.stalePages.append(lesson)
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
        report.stalePages.append(lesson)
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
