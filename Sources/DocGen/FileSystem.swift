import Cells
import Foundation
import Render

/// A file docgen produces, by path relative to the output folder.
public struct OutputFile: Equatable, Sendable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Data(text.utf8))
    }

    public init(path: String, bytes: ByteBuffer) {
        self.init(path: path, contents: bytes.withUnsafeBytes { Data($0) })
    }
}

/// Writes files whole or not at all, and only inside the output folder.
public enum AtomicWriter {
    /// Writes to a temporary file beside the target, then renames it over the target, so a reader
    /// (or a build killed half-way) sees the old file or the new one, never a truncated one.
    /// Plain system calls: one new inode per file, no extra copy, no sync (a killed process cannot
    /// leave a half-written target, which is the promise; surviving power loss is the disk's).
    public static func write(_ data: Data, to url: URL) throws {
        try write(data, toPath: url.path)
    }

    /// Temporary names carry the process id and a count: unique without asking the system for
    /// randomness on every file.
    private static let counter = Parallel.Counter()

    public static func write(_ data: Data, toPath path: String) throws {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory)/.\(name).docgen-\(getpid())-\(counter.take(below: .max) ?? 0).tmp"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            // The folder is new: create it (and its parents) once, then try again.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let wroteAll = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let code = errno
        let closed = close(descriptor) == 0
        guard wroteAll, closed, rename(temporary, path) == 0 else {
            let failure = wroteAll && closed ? errno : code
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
    }
}

/// Reads whole files with plain system calls: the size limit is checked on the open file (fstat),
/// then the file is read into a buffer of that size. (Foundation's `contents(atPath:)` leaks its
/// read buffer for an empty file, which the page fuzzer found.)
enum FileReader {
    enum Failure: Error, Equatable {
        case unreadable
        case tooLarge(size: Int)
    }

    static func bytes(atPath path: String, limit: Int) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .failure(.unreadable) }
        let size = Int(status.st_size)
        guard size <= limit else { return .failure(.tooLarge(size: size)) }
        var buffer = [UInt8](repeating: 0, count: size)
        var total = 0
        while total < size {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, size - total) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(.unreadable) }
            if count == 0 { break }
            total += count
        }
        buffer.removeLast(size - total)
        return .success(buffer)
    }
}

/// What `load(...)` may read: files under the content folder, by a path relative to the lesson.
/// Absolute paths, `..` that climbs out, and symbolic links that point outside are refused.
final class ContentLoader: FileLoading, @unchecked Sendable {
    /// Largest file `load` reads (a CSV of toy embeddings is a few kilobytes).
    static let maxFileSize = 8 * 1024 * 1024

    let contentRoot: URL
    let lessonDirectory: URL
    /// Files read so far (path as the lesson wrote it → hash), for the page's input fingerprint.
    private(set) var reads: [String: String] = [:]
    private let lock = NSLock()

    init(contentRoot: URL, lessonDirectory: URL) {
        self.contentRoot = contentRoot
        self.lessonDirectory = lessonDirectory
    }

    func read(_ path: String) -> Result<String, LoadFailure> {
        let result = resolveAndRead(path)
        if case let .success(text) = result {
            lock.withLock { reads[path] = Hashing.hex(Hashing.digest(text)) }
        }
        return result
    }

    /// The current hash of a file the lesson loaded before, or nil when it can no longer be read.
    func hash(of path: String) -> String? {
        if case let .success(text) = resolveAndRead(path) { return Hashing.hex(Hashing.digest(text)) }
        return nil
    }

    private func resolveAndRead(_ path: String) -> Result<String, LoadFailure> {
        guard !path.isEmpty else { return .failure(LoadFailure("load needs a file name")) }
        guard !path.hasPrefix("/") && !path.hasPrefix("~") && !path.contains("\\") else {
            return .failure(LoadFailure("load(\"\(path)\"): paths are relative to the lesson; absolute paths are not allowed"))
        }
        let root = contentRoot.standardizedFileURL.resolvingSymlinksInPath().path
        let target = lessonDirectory.appendingPathComponent(path).standardizedFileURL
        let resolved = target.resolvingSymlinksInPath().path
        guard resolved == root || resolved.hasPrefix(root + "/") else {
            return .failure(LoadFailure("load(\"\(path)\") reaches outside the content folder, which is not allowed"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .failure(LoadFailure("load(\"\(path)\"): no such file beside the lesson"))
        }
        let data: [UInt8]
        switch FileReader.bytes(atPath: resolved, limit: Self.maxFileSize) {
        case let .success(bytes): data = bytes
        case let .failure(.tooLarge(size)):
            return .failure(LoadFailure("load(\"\(path)\"): the file is \(size) bytes; at most \(Self.maxFileSize) are read"))
        case .failure(.unreadable):
            return .failure(LoadFailure("load(\"\(path)\"): the file cannot be read"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(LoadFailure("load(\"\(path)\"): the file is not UTF-8 text"))
        }
        return .success(text)
    }
}
