import Foundation

/// `docgen check`: compares a build held in memory with the output folder, writing nothing.
public enum SnapshotCheck {
    public struct Report: Sendable {
        public var missing: [String] = []
        public var changed: [String] = []
        public var orphans: [String] = []
        public var details: [String] = []
        public var isClean: Bool { missing.isEmpty && changed.isEmpty && orphans.isEmpty }

        public var text: String {
            var out = details.joined()
            out += isClean ? "check: up to date\n"
                : "check: \(changed.count) changed, \(missing.count) missing, \(orphans.count) orphan\(orphans.count == 1 ? "" : "s")\n"
            return out
        }
    }

    public static func compare(_ build: SiteBuild, with out: URL, tolerance: Double) -> Report {
        var report = Report()
        let produced = Set(build.files.map(\.path))
        for file in build.files {
            let url = out.appendingPathComponent(file.path)
            guard let existing = FileManager.default.contents(atPath: url.path) else {
                report.missing.append(file.path)
                report.details.append("missing: \(file.path)\n")
                continue
            }
            if existing != file.contents {
                report.changed.append(file.path)
                report.details.append("changed: \(file.path)\n")
            }
        }
        let manifest = Manifest.read(from: out)
        let failedStems = build.failedLessons.map { String($0.dropLast(3)) }
        for path in manifest.entries.keys.sorted() where !produced.contains(path) {
            if failedStems.contains(where: { path == $0 + ".html" || path == $0 + ".md" || path.hasPrefix($0 + "/") }) { continue }
            if FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path) {
                report.orphans.append(path)
                report.details.append("orphan: \(path) (no longer produced; docgen build removes it)\n")
            }
        }
        return report
    }
}
