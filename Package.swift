// swift-tools-version:6.0
import PackageDescription

/// The attention core's kernels use AVX2 and FMA on x86-64 (every x86-64 server CPU since 2015).
/// Results do not depend on it: the kernels use fused multiply-adds explicitly, which IEEE 754
/// defines exactly, so a build without the flag computes the same bits, only slower.
#if arch(x86_64)
let coreSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let coreSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "docgen",
    products: [
        .executable(name: "docgen", targets: ["docgen"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "AttentionCore", swiftSettings: coreSettings),
        .target(name: "Cells", dependencies: ["AttentionCore"]),
        .target(name: "Render", dependencies: ["AttentionCore", "Cells"]),
        .target(name: "DocGen", dependencies: ["CCmarkGFM", "AttentionCore", "Cells", "Render"]),
        .executableTarget(name: "docgen", dependencies: ["DocGen"]),
        .executableTarget(name: "docgen-bench", dependencies: ["AttentionCore"]),
        .executableTarget(name: "docgen-fuzz", dependencies: ["Cells", "DocGen"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore"], exclude: ["Fixtures"]),
        .testTarget(name: "CellsTests", dependencies: ["Cells", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "AttentionCore", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "DocGenTests", dependencies: ["DocGen", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
