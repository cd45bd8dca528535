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
        .testTarget(name: "AttentionCoreTests", dependencies: ["AttentionCore"], exclude: ["Fixtures/generate_reference.py"], resources: []),
        .testTarget(name: "CellsTests", dependencies: ["Cells"]),
        .testTarget(name: "RenderTests", dependencies: ["Render"]),
        .testTarget(name: "DocGenTests", dependencies: ["DocGen"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
