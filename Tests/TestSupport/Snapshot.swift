import Foundation

/// Golden-file comparison for tests. Expected files live beside the tests and change only on purpose:
/// with `DOCGEN_RECORD=1` a mismatching or missing golden file is rewritten (and the test still fails,
/// so a recording run is never mistaken for a passing one). CI never sets it.
public enum Snapshot {
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["DOCGEN_RECORD"] == "1" }

    /// Compares `actual` with the file at `url`; returns a failure message, or nil when they match.
    public static func verify(_ actual: Data, against url: URL) -> String? {
        let expected = FileManager.default.contents(atPath: url.path)
        if expected == actual { return nil }
        if isRecording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url)
            return "recorded new snapshot \(url.path); run again without DOCGEN_RECORD to verify"
        }
        guard let expected else {
            return "no snapshot at \(url.path); run with DOCGEN_RECORD=1 to record it"
        }
        return "snapshot \(url.lastPathComponent) differs: " + firstDifference(expected, actual)
    }

    public static func verify(_ actual: String, against url: URL) -> String? {
        verify(Data(actual.utf8), against: url)
    }

    /// Compares a whole folder tree with a golden folder: same file names, same bytes.
    public static func verifyTree(_ actual: URL, against expected: URL) -> [String] {
        let actualFiles = files(under: actual), expectedFiles = files(under: expected)
        var failures: [String] = []
        if isRecording && actualFiles != expectedFiles {
            try? FileManager.default.removeItem(at: expected)
        }
        for path in actualFiles {
            let data = FileManager.default.contents(atPath: actual.appendingPathComponent(path).path) ?? Data()
            if let failure = verify(data, against: expected.appendingPathComponent(path)) { failures.append(failure) }
        }
        if !isRecording {
            for path in expectedFiles where !actualFiles.contains(path) { failures.append("expected file \(path) was not produced") }
        }
        return failures
    }

    public static func files(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(path)
            }
        }
        return result.sorted()
    }

    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let x = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let y = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? String(x[i]) : "<end>", r = i < y.count ? String(y[i]) : "<end>"
            if l != r { return "line \(i + 1)\n  expected: \(l.prefix(300))\n  actual:   \(r.prefix(300))" }
        }
        return "sizes \(a.count) and \(b.count)"
    }

    /// A fresh temporary folder.
    public static func temporaryFolder(_ name: String = "docgen-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root, from a test file's `#filePath`.
    public static func repositoryRoot(from filePath: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }
}
