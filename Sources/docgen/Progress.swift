import DocGen
import Foundation

/// The progress line on a terminal: pages done of total and errors so far, redrawn at most ten
/// times a second and only once the build has run for a second. Silent when standard error is not
/// a terminal or with --quiet.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var done = 0, failed = 0
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()

    /// `total` is only asked for when the line will be drawn, so a build in CI does not look for
    /// lessons twice.
    init(quiet: Bool, total: () -> Int) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        self.total = enabled ? total() : 0
    }

    /// Counts a finished page; passes it through unchanged.
    func count(_ page: PageResult) -> PageResult {
        guard enabled else { return page }
        lock.withLock {
            done += 1
            if page.failed { failed += 1 }
            let now = Date()
            guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drawn = true
            FileHandle.standardError.write(Data("\r\(done)/\(total) pages, \(failed) failed".utf8))
        }
        return page
    }

    /// Clears the line before the summary is printed.
    func finish() {
        guard enabled, lock.withLock({ drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
