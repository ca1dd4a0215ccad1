// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for spanscope's decoders and explorer. Built only by scripts/fuzz, with
// `-sanitize=fuzzer,address` on every module (coverage needs the decoders instrumented, not
// just this target), into its own scratch path; `swift build` of the main package never sees
// it. One executable holds every target; FUZZ_TARGET picks one (see docs/fuzzing.md).
let package = Package(
    name: "spanscope-fuzz",
    dependencies: [
        .package(name: "spanscope", path: ".."),
    ],
    targets: [
        .executableTarget(name: "spanscope-fuzz", dependencies: [
            .product(name: "SpanscopeLibraries", package: "spanscope"), "CFuzzMain",
        ]),
        .target(name: "CFuzzMain"),
    ]
)
