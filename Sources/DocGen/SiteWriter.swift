import Foundation
import Render

/// The list of files docgen wrote into an output folder, kept in the folder as `.docgen-manifest`.
/// Only files listed there are ever removed, so files a person put in the folder are never touched.
public struct Manifest: Equatable, Sendable {
    public static let fileName = ".docgen-manifest"
    /// Path → content hash (`Hashing.digest`).
    public var entries: [String: String] = [:]
    /// Where the fingerprint of the docgen executable that last wrote the folder is kept (size and
    /// modification time): a rebuilt docgen may compute differently without a new version number,
    /// so its first build reuses nothing. Kept apart from the manifest, which stays deterministic.
    static let builderFile = ".docgen/builder"

    public init(entries: [String: String] = [:]) { self.entries = entries }

    /// The running executable's fingerprint.
    public static var currentBuilder: String {
        // /proc/self/exe is a link whose own times change with every process: read its target.
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = attributes?[.size] as? Int ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(DocGenVersion.current)-\(size)-\(Int(modified))"
    }

    /// Whether pages in `out` may be reused by this executable.
    public static func allowsReuse(in out: URL) -> Bool {
        FileManager.default.contents(atPath: out.appendingPathComponent(builderFile).path) == Data(currentBuilder.utf8)
    }

    static func read(from out: URL) -> Manifest {
        guard case let .success(bytes) = FileReader.bytes(atPath: out.appendingPathComponent(fileName).path, limit: .max) else {
            return Manifest()
        }
        return Manifest(text: Data(bytes))
    }

    /// Parses `hash<TAB>path` lines (split on bytes: the file lists every output of the site).
    init(text data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let hash = String(Substring(line[..<tab])), path = String(Substring(line[line.index(after: tab)...]))
            // The manifest is a file anyone can edit in a pull request: an entry that leaves the
            // output folder (absolute, or with a ".." step) is ignored, so it can never be deleted.
            if Manifest.staysInside(path) { entries[path] = hash }
        }
    }

    static func staysInside(_ path: String) -> Bool {
        guard !path.isEmpty, !path.utf8.contains(UInt8(ascii: "\\")) else { return false }
        // Every `/`-separated segment must be a name: not empty (which also refuses a leading
        // `/`), not `.`, not `..`.
        var segmentLength = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if segmentLength == 0 || segmentLength == dots && dots <= 2 { return false }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return !(segmentLength == 0 || segmentLength == dots && dots <= 2)
    }

    var text: String {
        var out = ByteBuffer(capacity: entries.count * 64)
        out.append("# files written by docgen; only these are ever replaced or removed by it\n")
        for path in entries.keys.sorted() {
            out.append(entries[path]!)
            out.append(UInt8(ascii: "\t"))
            out.append(path)
            out.append(UInt8(ascii: "\n"))
        }
        return out.string
    }
}

/// Why a build may not write where it was asked to.
public struct OutputFolderError: Error, CustomStringConvertible {
    public var description: String
}

/// Writes a built site into the output folder.
public enum SiteWriter {
    public struct Summary: Equatable, Sendable {
        public var written: Int
        public var unchanged: Int
        public var removed: [String]
    }

    /// Refuses an output folder that is, or contains, the content folder: building would overwrite lessons.
    public static func validate(out: URL, content: URL) throws {
        let o = out.standardizedFileURL.resolvingSymlinksInPath().path
        let c = content.standardizedFileURL.resolvingSymlinksInPath().path
        if o == c || c.hasPrefix(o.hasSuffix("/") ? o : o + "/") || o == "/" {
            throw OutputFolderError(description: "the output folder \(out.path) contains the content folder \(content.path); choose another --out")
        }
    }

    /// Writes every file whose contents changed (atomically), removes files docgen wrote before that
    /// the build no longer produces (except those of lessons that failed this time), and updates the manifest.
    public static func write(_ build: SiteBuild, to out: URL) throws -> Summary {
        let session = SiteWriterSession(out: out)
        var build = build
        let pageFiles = Set(build.pages.flatMap { $0.files.map(\.path) })
        build.pages = build.pages.map(session.accept)
        build.files = build.files.filter { !pageFiles.contains($0.path) }
        return try session.finish(build)
    }

    /// A build killed mid-write leaves its temporary files (never a truncated page): remove those,
    /// recognised by the name `AtomicWriter` gives them, and nothing else.
    static func removeAbandonedTemporaryFiles(in out: URL) {
        guard let enumerator = FileManager.default.enumerator(atPath: out.path) else { return }
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".tmp"), name.contains(".docgen-") {
                try? FileManager.default.removeItem(at: out.appendingPathComponent(path))
            }
        }
    }

    /// Whether `path` is one of the files a lesson with output stem `stem` produces.
    static func belongs(_ path: String, to stem: String) -> Bool {
        path == stem + ".html" || path == stem + ".md" || path.hasPrefix(stem + "/") || path == PageSnapshot.path(forStem: stem)
    }

    static func removeEmptyParents(of url: URL, below root: URL) {
        var directory = url.deletingLastPathComponent().standardizedFileURL
        let rootPath = root.standardizedFileURL.path
        while directory.path.hasPrefix(rootPath + "/"),
              let contents = try? FileManager.default.contentsOfDirectory(atPath: directory.path), contents.isEmpty {
            try? FileManager.default.removeItem(at: directory)
            directory = directory.deletingLastPathComponent()
        }
    }
}

/// One build's writes into an output folder. Pages are handed over as they are built (from any
/// thread) and written at once, so the build need not hold the whole site in memory; `finish`
/// writes the site-wide files, removes orphans and records the manifest.
public final class SiteWriterSession: @unchecked Sendable {
    let out: URL
    let old: Manifest
    private var entries: [String: String] = [:]
    private var written = 0, unchanged = 0
    private var failures: [String] = []
    private let lock = NSLock()

    /// Present while a build is writing: if a build finds it, the one before was killed and may
    /// have left temporary files, which are then swept. Builds that were not interrupted never
    /// walk the whole output folder.
    static let writingMarker = ".docgen/writing"
    private var markedWriting = false

    /// The output folder's path with a trailing slash, for joining with relative paths.
    private let outPath: String

    public init(out: URL) {
        self.out = out
        outPath = out.path.hasSuffix("/") ? out.path : out.path + "/"
        if FileManager.default.fileExists(atPath: out.appendingPathComponent(Self.writingMarker).path) {
            SiteWriter.removeAbandonedTemporaryFiles(in: out)
        }
        old = Manifest.read(from: out)
    }

    /// Creates the marker before the first temporary file of this build.
    private func markWriting() throws {
        try lock.withLock {
            guard !markedWriting else { return }
            try AtomicWriter.write(Data(), to: out.appendingPathComponent(Self.writingMarker))
            markedWriting = true
        }
    }

    /// Writes a page's files and returns the page without their contents or snapshot.
    @Sendable public func accept(_ page: PageResult) -> PageResult {
        for file in page.files { write(file) }
        var kept = page
        kept.writtenFiles = page.files.map(\.path)
        kept.files = []
        // The snapshot's values are on disk now; only `check`, which writes nothing, compares them.
        kept.snapshot = nil
        return kept
    }

    private func write(_ file: OutputFile) {
        let hash = Hashing.hex(Hashing.digest(file.contents))
        let path = outPath + file.path
        var wrote = false
        var failure: String?
        if old.entries[file.path] != hash || FileManager.default.contents(atPath: path) != file.contents {
            do {
                try markWriting()
                try AtomicWriter.write(file.contents, toPath: path)
                wrote = true
            } catch {
                failure = "\(file.path): \(error)"
            }
        }
        lock.withLock {
            if let failure { failures.append(failure); return }
            entries[file.path] = hash
            if wrote { written += 1 } else { unchanged += 1 }
        }
    }

    public func finish(_ build: SiteBuild) throws -> SiteWriter.Summary {
        Parallel.forEach(build.files.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { [self] i in write(build.files[i]) }
        if let failure = lock.withLock({ failures.first }) { throw OutputFolderError(description: "cannot write \(failure)") }
        var manifest = Manifest(entries: entries)
        for path in build.reusedFiles {
            manifest.entries[path] = old.entries[path]
            unchanged += 1
        }
        var removed: [String] = []
        let failedStems = build.failedLessons.map { String($0.dropLast(3)) }
        for path in old.entries.keys.sorted() where manifest.entries[path] == nil {
            if failedStems.contains(where: { SiteWriter.belongs(path, to: $0) }) {
                manifest.entries[path] = old.entries[path]
                continue
            }
            let url = out.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path) {
                try markWriting()
                try FileManager.default.removeItem(at: url)
                removed.append(path)
            }
            SiteWriter.removeEmptyParents(of: url, below: out)
        }
        // A build that changed nothing writes nothing.
        if manifest != old {
            try markWriting()
            try AtomicWriter.write(Data(manifest.text.utf8), to: out.appendingPathComponent(Manifest.fileName))
        }
        let builder = Data(Manifest.currentBuilder.utf8)
        if FileManager.default.contents(atPath: out.appendingPathComponent(Manifest.builderFile).path) != builder {
            try markWriting()
            try AtomicWriter.write(builder, to: out.appendingPathComponent(Manifest.builderFile))
        }
        if markedWriting { unlink(out.appendingPathComponent(Self.writingMarker).path) }
        return SiteWriter.Summary(written: written, unchanged: unchanged, removed: removed)
    }
}
