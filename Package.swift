// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "AttentionCore"),
        .target(name: "Cells", dependencies: ["AttentionCore"]),
        .target(name: "Render", dependencies: ["AttentionCore", "Cells"]),
        .target(name: "DocGen", dependencies: ["CCmarkGFM", "AttentionCore", "Cells", "Render"]),
        .executableTarget(name: "docgen", dependencies: ["DocGen"]),
        .executableTarget(name: "docgen-bench", dependencies: ["AttentionCore"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore"], exclude: ["Fixtures"]),
        .testTarget(name: "CellsTests", dependencies: ["Cells", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "DocGenTests", dependencies: ["DocGen", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
