// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "spanscope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spanscope", targets: ["spanscope"]),
        .executable(name: "curses-smoke", targets: ["curses-smoke"]),
        // The decoders and the explorer for the fuzz package in Fuzz/ (a separate package, so
        // its sanitizer build never touches this one; see docs/fuzzing.md).
        .library(name: "SpanscopeLibraries", targets: ["TraceModel", "TraceFormats", "TraceAnalysis", "Reports", "Export", "TerminalUI", "Explorer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // config.toml (docs/decisions.md).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // HTTP client for the tracing backends, and NIO for the tests' fake backends (docs/decisions.md).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        // gzip responses of the fake backends (already resolved for AsyncHTTPClient).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // The embedded span store (SQLite in WAL mode; docs/decisions.md).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The OTLP/gRPC receiver: gRPC's core and its HTTP/2 server on NIO, with raw-bytes
        // serializers over the hand-written protobuf decoder (docs/decisions.md).
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    ],
    targets: [
        // System zlib for .gz input (see docs/decisions.md).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "TraceModel"),
        // SIGBUS guard for memory-mapped input that shrinks while it is read (see its header).
        .target(name: "CFileGuard"),
        .target(name: "TraceFormats", dependencies: ["TraceModel", "CZlib", "CFileGuard"]),
        .target(name: "TraceAnalysis", dependencies: ["TraceModel"]),
        .target(name: "TraceSynth", dependencies: ["TraceModel", "TraceFormats"]),
        // OTLP JSON and text-tree writers, shared by `analyze --format otlp` and the explorer's `x`.
        .target(name: "Export", dependencies: ["TraceModel", "TraceAnalysis", "TerminalUI"]),
        .target(name: "Reports", dependencies: ["TraceModel", "TraceAnalysis", "TraceFormats", "TerminalUI", "Export"]),
        .target(name: "TerminalUI"),
        // posix_spawn + waitpid for the tests and the benchmark (see its comment for why not Process).
        .target(name: "CChildProcess"),
        .target(name: "ChildProcess", dependencies: ["CChildProcess"]),
        // ncurses (wide-character build) for the real terminal backend; see architecture.md.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CursesShim", dependencies: ["CNcursesw"]),
        .target(name: "CursesBackend", dependencies: ["TerminalUI", "CursesShim", "CNcursesw"]),
        .executableTarget(name: "curses-smoke", dependencies: ["CursesBackend", "TerminalUI"]),
        .target(name: "Explorer", dependencies: ["TraceModel", "TraceAnalysis", "TraceFormats", "TerminalUI", "Export", "Backends"]),
        // Tracing backends (Jaeger, Zipkin, Tempo, Loki): queries, responses, errors; no I/O of its own.
        .target(name: "Backends", dependencies: ["TraceModel", "TraceFormats"]),
        // The HTTP transport of the backends: AsyncHTTPClient with auth, TLS, proxies and limits.
        .target(name: "BackendHTTP", dependencies: [
            "Backends",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        ]),
        // A backend as the explorer's remote source: search, fetch, polling with back-off, the cache.
        .target(name: "BackendSession", dependencies: ["Backends", "Explorer", "TraceModel", "TraceFormats"]),
        // Spec-conformant fake Jaeger, Zipkin, Tempo and Loki servers on loopback, for tests and the benchmark.
        .target(name: "FakeBackends", dependencies: [
            "TraceModel", "TraceSynth", "CZlib",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        ]),
        // Received spans on disk: SQLite (WAL) with the received bytes per batch and indexed rows.
        .target(name: "TraceStore", dependencies: [
            "TraceModel", "TraceFormats",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Appends batches to a store and says "acked N" after each: the durability test kills it.
        .executableTarget(name: "spanscope-store-writer", dependencies: ["TraceStore", "TraceModel", "TraceFormats", "TraceSynth", "Receivers", "Ingest"]),
        // OTLP/HTTP and Zipkin receivers: HTTP servers that decode what SDKs send into a sink.
        .target(name: "Receivers", dependencies: [
            "TraceModel", "TraceFormats",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The receivers' sink into the store: one writer thread, group commit, retention.
        .target(name: "Ingest", dependencies: ["Receivers", "TraceStore", "TraceModel", "TraceFormats"]),
        // The OTLP/gRPC receiver: the trace and logs Export services into the same sink.
        .target(name: "GRPCReceiver", dependencies: [
            "Receivers", "TraceModel", "TraceFormats",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .executableTarget(name: "spanscope-fake-backend", dependencies: ["FakeBackends"]),
        // config.toml: key bindings, colours, default options.
        .target(name: "Config", dependencies: ["Explorer", "Backends", "TerminalUI", "CursesBackend", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "spanscope", dependencies: [
            "Config", "Backends", "BackendHTTP", "BackendSession", "TraceStore", "Receivers", "Ingest", "GRPCReceiver",
            "TraceModel", "TraceFormats", "TraceAnalysis", "Reports", "Export", "TraceSynth", "TerminalUI", "Explorer", "CursesBackend",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "spanscope-bench", dependencies: [
            "TraceModel", "TraceFormats", "TraceAnalysis", "Reports", "Export", "TraceSynth", "TerminalUI", "Explorer", "ChildProcess",
            "Backends", "BackendHTTP", "BackendSession", "FakeBackends", "TraceStore", "Receivers", "Ingest", "GRPCReceiver",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Writes Fixtures/ (format fixtures, demo data) and benchmark inputs from seeded generators.
        .executableTarget(name: "spanscope-fixtures", dependencies: ["TraceModel", "TraceFormats", "TraceSynth"]),
        // What the test targets share: the package root, the corpus beside it, the seeded generator.
        .target(name: "TestSupport", dependencies: ["TraceSynth", "TraceModel", "TraceFormats", "ChildProcess"], path: "Tests/TestSupport"),
        .testTarget(name: "TraceSynthTests", dependencies: ["TestSupport", "TraceSynth", "TraceFormats", "TraceModel"]),
        .testTarget(name: "TraceModelTests", dependencies: ["TestSupport", "TraceModel"]),
        .testTarget(name: "TraceFormatsTests", dependencies: ["TestSupport", "TraceFormats", "TraceModel", "TraceSynth", "TraceAnalysis", "ChildProcess"]),
        .testTarget(name: "TraceAnalysisTests", dependencies: ["TestSupport", "TraceAnalysis", "TraceModel"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        // Runs the built `spanscope` binary (analyze, demo, and the TUI in tmux).
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "ChildProcess", "TraceSynth", "FakeBackends"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Explorer", "TerminalUI", "Backends"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "CursesShim", "TerminalUI"]),
        .testTarget(name: "ExplorerTests", dependencies: ["TestSupport", "Explorer", "Backends", "TerminalUI", "TraceModel", "TraceAnalysis", "TraceFormats", "Reports"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "BackendsTests", dependencies: [
            "TestSupport", "Backends", "BackendHTTP", "BackendSession", "FakeBackends", "Explorer", "TerminalUI", "TraceModel", "TraceFormats", "ChildProcess",
        ]),
        .testTarget(name: "TraceStoreTests", dependencies: [
            "TestSupport", "TraceStore", "TraceFormats", "TraceModel", "TraceSynth", "ChildProcess",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ReceiversTests", dependencies: ["TestSupport", "Receivers", "TraceFormats", "TraceModel", "TraceSynth", "ChildProcess"]),
        .testTarget(name: "IngestTests", dependencies: ["TestSupport", "Ingest", "Receivers", "TraceStore", "TraceFormats", "TraceModel", "TraceSynth", "ChildProcess"]),
        .testTarget(name: "GRPCReceiverTests", dependencies: [
            "TestSupport", "GRPCReceiver", "Receivers", "TraceFormats", "TraceModel", "TraceSynth", "ChildProcess",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "ReportsTests", dependencies: ["TestSupport", "Reports", "Export", "TerminalUI", "TraceFormats", "TraceAnalysis", "TraceModel", "TraceSynth"]),
    ]
)
