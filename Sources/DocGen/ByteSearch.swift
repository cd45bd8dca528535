/// Finding byte strings in UTF-8 text: placeholders, markers and heading tags are ASCII, so the
/// search needs no Unicode rules, and pages are large enough for that to matter.
enum ByteSearch {
    /// Where `needle` first occurs in `haystack` at or after `start`.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let first = needle.first else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
