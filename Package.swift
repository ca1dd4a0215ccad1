// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "spanscope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spanscope", targets: ["spanscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System zlib for .gz input (see docs/decisions.md).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "TraceModel"),
        .target(name: "TraceFormats", dependencies: ["TraceModel", "CZlib"]),
        .target(name: "TraceAnalysis", dependencies: ["TraceModel"]),
        .target(name: "TraceSynth", dependencies: ["TraceModel", "TraceFormats"]),
        .target(name: "Reports", dependencies: ["TraceModel", "TraceAnalysis", "TraceFormats"]),
        .target(name: "TerminalUI"),
        .target(name: "Explorer", dependencies: ["TraceModel", "TraceAnalysis", "TerminalUI", "Reports"]),
        .executableTarget(name: "spanscope", dependencies: [
            "TraceModel", "TraceFormats", "TraceAnalysis", "Reports", "TraceSynth",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "spanscope-bench", dependencies: [
            "TraceModel", "TraceFormats", "TraceAnalysis", "Reports", "TraceSynth",
        ]),
        // Writes Fixtures/ (format fixtures, demo data) and benchmark inputs from seeded generators.
        .executableTarget(name: "spanscope-fixtures", dependencies: ["TraceModel", "TraceFormats", "TraceSynth"]),
        .testTarget(name: "TraceSynthTests", dependencies: ["TraceSynth", "TraceFormats", "TraceModel"]),
        .testTarget(name: "TraceModelTests", dependencies: ["TraceModel"]),
        .testTarget(name: "TraceFormatsTests", dependencies: ["TraceFormats", "TraceModel", "TraceSynth", "TraceAnalysis"]),
        .testTarget(name: "TraceAnalysisTests", dependencies: ["TraceAnalysis", "TraceModel"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TerminalUI", "TraceModel", "TraceAnalysis", "TraceFormats", "Reports"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TraceFormats", "TraceAnalysis", "TraceModel", "TraceSynth"]),
    ]
)
