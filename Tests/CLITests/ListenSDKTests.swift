import ChildProcess
import Foundation
import Testing
import TestSupport

/// The OpenTelemetry Python SDK's own exporters send the known spans of scripts/sdk_spans.py
/// (attributes, events, links, an error) and two log records to a running `spanscope listen`;
/// the test then finds them in its store and on the explorer's screen.
@Suite(.serialized) struct ListenSDKTests {
    static let traceHex = "0af7651916cd43dd8448eb211c80319c"

    /// Runs listen on a fresh store, sends with `otlp-send.py` (`flags` pick the exporters and
    /// are given the bound ports), stops it, and returns the store's path.
    static func sendThroughListen(spans: Int = 3, _ flags: (_ http: Int, _ grpc: Int) -> [String]) throws -> String {
        let python = try #require(PythonEnv.python, "no Python environment: run scripts/test-env (CI must)")
        let tmp = try ListenTests.tempDir()
        let store = tmp.path + "/sdk.db"
        let listen = try ListenTests.Background.start(
            ["listen", "--headless", "--store", store, "--otlp-http", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--zipkin", "off"], dir: tmp.path)
        defer { listen.signal(SIGKILL) }
        let started = listen.waitFor("listening:")
        let http = try #require(ListenTests.port("OTLP/HTTP", in: started), "\(started)")
        let grpc = ListenTests.port("OTLP/gRPC", in: started) ?? 0
        let sent = try ChildProcess.run(python, [Repo.path("scripts/otlp-send.py")] + flags(http, grpc), timeout: 120)
        #expect(sent.status == 0, "\(sent.stdoutText)\(sent.stderrText)")
        listen.signal(SIGTERM)
        let end = listen.waitFor("EXIT=")
        #expect(end.contains("stopped: \(spans) spans, 2 logs received"), "\(end)")
        #expect(end.contains("EXIT=0"), "\(end)")
        return store
    }

    /// What the store gives `analyze` and the explorer, field by field.
    static func expectTheKnownSpans(in store: String) throws {
        let report = try CLI.run(["analyze", store, "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = report.stdout
        #expect(json.contains(#""traceId":"\#(traceHex)""#))
        #expect(json.contains(#""spanId":"0000000000001001","parentSpanId":"00f067aa0ba902b7","service":"frontend","name":"GET /checkout","startUs":1700000000000000,"durationUs":20000,"#), "\(json)")
        #expect(json.contains(#""spanId":"0000000000001002","parentSpanId":"0000000000001001","service":"backend","name":"SELECT shop.items","startUs":1700000000003000,"durationUs":6000,"#), "\(json)")
        #expect(json.contains(#""name":"render","startUs":1700000000010000,"durationUs":1000,"#), "\(json)")
        #expect(json.contains(#""kind":"client","error":true"#), "\(json)")
        #expect(json.contains(#""logCount":1"#), "\(json)")

        // The explorer: the waterfall (its first row stands for the remote parent), then the
        // root's details (attributes, events) and the child's (status message, link).
        let waterfall = try CLI.run(["open", store, "--render", "150x70", "--keys", "j<Enter>", "--trace", traceHex])
        #expect(waterfall.status == 0, "\(waterfall.stderr)")
        let screen = waterfall.stdout
        #expect(screen.contains("frontend: GET /checkout"), "\(screen)")
        #expect(screen.contains("backend: SELECT shop.items"), "\(screen)")
        #expect(screen.contains("frontend: render"), "\(screen)")
        #expect(screen.contains("http.status_code"), "\(screen)")
        #expect(screen.contains("grüße ✓"), "\(screen)")
        #expect(screen.contains("cache.miss"), "\(screen)")
        let child = try CLI.run(["open", store, "--render", "150x40", "--keys", "jj<Enter>", "--trace", traceHex])
        #expect(child.stdout.contains("connection reset"), "\(child.stdout)")
        #expect(child.stdout.contains("00f067aa0ba902b7"), "\(child.stdout)")
        #expect(child.stdout.contains("db.system"), "\(child.stdout)")
        // The error log line is linked to the root span.
        let logs = try CLI.run(["open", store, "--render", "150x40", "--keys", "jL", "--trace", traceHex])
        #expect(logs.stdout.contains("payment failed"), "\(logs.stdout)")
    }

    @Test(.enabled(if: PythonEnv.enabled)) func otlpHTTPExportersIntoTheStoreAndTheExplorer() throws {
        let store = try Self.sendThroughListen { http, _ in ["--otlp", "http://127.0.0.1:\(http)"] }
        try Self.expectTheKnownSpans(in: store)
    }

    /// The gRPC exporters send the spans twice (plain, then gzip): the store keeps both, and
    /// the analysis folds the exact duplicates.
    @Test(.enabled(if: PythonEnv.enabled)) func otlpGRPCExportersIntoTheStoreAndTheExplorer() throws {
        let store = try Self.sendThroughListen(spans: 6) { _, grpc in ["--grpc", "http://127.0.0.1:\(grpc)"] }
        try Self.expectTheKnownSpans(in: store)
    }
}
