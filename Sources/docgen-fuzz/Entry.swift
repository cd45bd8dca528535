import Foundation

#if FUZZING
/// libFuzzer's entry point: scripts/fuzz links this file with `-sanitize=fuzzer,address`, and
/// libFuzzer's own `main` calls it with generated inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzTarget.selected.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#else
/// Built plainly, the program replays files (a corpus or crash reproducers) through the same
/// target, so every crash the fuzzer finds can be rerun and kept as a regression test.
@main
struct FuzzReplay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: DOCGEN_FUZZ_TARGET=cells|page docgen-fuzz FILE...   (replays inputs through the fuzz target)")
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(2)
            }
            FuzzTarget.selected.run(data)
            print("ok \(path)")
        }
    }
}
#endif
