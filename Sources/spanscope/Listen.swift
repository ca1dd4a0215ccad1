import ArgumentParser
import Backends
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TraceStore

/// `spanscope listen`: the receivers, the store, and the explorer on what arrives.
struct Listen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive traces from SDKs (OTLP/gRPC, OTLP/HTTP, Zipkin) into a local store and explore them as they arrive.",
        discussion: """
        Point an SDK at it: OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 (OTLP/HTTP; gRPC: \
        http://127.0.0.1:4317; Zipkin: http://127.0.0.1:9411/api/v2/spans). A span is acknowledged only once \
        it is stored; the store keeps it across restarts, and 'spanscope open STORE' or 'spanscope analyze STORE' \
        read it like a file, also while listen runs. Default store: $XDG_DATA_HOME/spanscope/traces.db.
        """
    )

    @Option(name: .customLong("otlp-grpc"), help: ArgumentHelp("OTLP/gRPC address: host:port, :port (loopback) or off.", valueName: "addr"))
    var otlpGRPC = "127.0.0.1:4317"

    @Option(name: .customLong("otlp-http"), help: ArgumentHelp("OTLP/HTTP address (/v1/traces, /v1/logs): host:port, :port or off.", valueName: "addr"))
    var otlpHTTP = "127.0.0.1:4318"

    @Option(help: ArgumentHelp("Zipkin address (/api/v2/spans, /api/v1/spans): host:port, :port or off.", valueName: "addr"))
    var zipkin = "127.0.0.1:9411"

    @Option(help: ArgumentHelp("The store: an SQLite file, created when missing (default $XDG_DATA_HOME/spanscope/traces.db).", valueName: "path"))
    var store: String?

    @Flag(help: "Keep nothing on disk: the spans live in memory until listen stops (at most --max-store, default 256M).")
    var memory = false

    @Option(help: ArgumentHelp("Drop traces older than this, whole traces, checked continuously (e.g. 24h, 7d).", valueName: "duration"))
    var retain: String?

    @Option(help: ArgumentHelp("Keep the store under this size: oldest whole traces go first (e.g. 2G, 500M).", valueName: "size"))
    var maxStore: ByteSize?

    @Option(help: ArgumentHelp("Largest request body (default 16M); a larger one is refused before it is read (413, RESOURCE_EXHAUSTED).", valueName: "size"))
    var maxRequestSize: ByteSize?

    @Flag(help: "No terminal UI: one status line on stderr per --interval; SIGINT or SIGTERM stop after everything received is stored.")
    var headless = false

    @Option(help: ArgumentHelp("With --headless: time between status lines (default 10s).", valueName: "duration"))
    var interval = "10s"

    @Option(help: ArgumentHelp("Spans the explorer holds: the newest traces; older ones stay in the store (default 200000).", valueName: "n"))
    var keep = 200_000

    @Flag(help: "Show times in UTC (the trace list shows the local time zone otherwise).")
    var utc = false

    func validate() throws {
        if memory && store != nil { throw ValidationError("--memory and --store exclude each other") }
        if keep < 1 { throw ValidationError("--keep must be at least 1") }
        if let retain, Durations.parse(retain) == nil { throw ValidationError("--retain: '\(retain)' is not a duration (e.g. 24h, 7d)") }
        if Durations.parse(interval) == nil { throw ValidationError("--interval: '\(interval)' is not a duration (e.g. 10s, 1m)") }
    }

    func run() throws {
        let plan = ListenPlan(
            otlpGRPC: Self.address(otlpGRPC), otlpHTTP: Self.address(otlpHTTP), zipkin: Self.address(zipkin),
            store: memory ? nil : (store ?? ListenPlan.defaultStorePath()),
            maxAge: retain.flatMap(Durations.parse), maxBytes: maxStore?.bytes ?? (memory ? 256 << 20 : nil),
            maxRequestSize: maxRequestSize?.bytes ?? 16 << 20)
        if headless { ListenRunner.headless(plan, interval: Durations.parse(interval)!) }
        ListenRunner.explore(plan, keep: keep, utc: utc)
    }

    /// "off" turns a receiver off; ":4318" means loopback.
    static func address(_ text: String) -> String? {
        if text.lowercased() == "off" { return nil }
        return text.hasPrefix(":") ? "127.0.0.1" + text : text
    }
}

/// What `listen` is asked to run.
struct ListenPlan {
    var otlpGRPC: String?
    var otlpHTTP: String?
    var zipkin: String?
    /// nil: in memory.
    var store: String?
    /// Nanoseconds.
    var maxAge: Int64?
    var maxBytes: Int?
    var maxRequestSize: Int

    /// $XDG_DATA_HOME/spanscope/traces.db, else ~/.local/share/spanscope/traces.db.
    static func defaultStorePath() -> String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return base + "/spanscope/traces.db"
    }
}
