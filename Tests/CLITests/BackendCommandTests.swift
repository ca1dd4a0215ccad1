import ChildProcess
import FakeBackends
import Foundation
import Testing
import TestSupport

/// `spanscope analyze URL …` and `spanscope backends` against the fake servers, as a user runs them.
@Suite struct BackendCommandTests {
    static let flavors: [FakeBackend.Flavor] = [
        .jaeger(.v1_52), .jaeger(.v2_18), .jaeger(.v2_20), .jaeger(.main), .zipkin, .tempo(v2Traces: true), .tempo(v2Traces: false),
    ]

    /// Three traces of frontend, one of another service, a minute ago.
    static func fake(_ flavor: FakeBackend.Flavor) throws -> (FakeBackend, [FakeTrace]) {
        let fake = try FakeBackend.start(flavor)
        let traces = (0..<3).map { FakeTrace.generated(seed: UInt64(10 + $0), spans: 25 + $0) }
        fake.add(traces)
        var other = FakeTrace.generated(seed: 99, spans: 5)
        for i in other.spans.indices { other.spans[i].service = "batch" }
        fake.add(other)
        return (fake, traces)
    }

    @Test(arguments: flavors) func analyzeSearchesFetchesAndReportsLikeFiles(flavor: FakeBackend.Flavor) throws {
        let (fake, traces) = try Self.fake(flavor)
        defer { fake.stop() }
        let r = try CLI.run(["analyze", fake.baseURL, "--service", "frontend", "--lookback", "1h", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["url"] as? String == fake.baseURL)
        #expect(source["query"] as? String == "service=frontend since=1h limit=20")
        #expect(source["found"] as? Int == 3)
        let found = try #require(json["traces"] as? [[String: Any]])
        // Every trace whole (fetched when the search gave only summaries), with its critical path.
        let counts = Dictionary(uniqueKeysWithValues: found.map { (($0["traceId"] as? String) ?? "", ($0["spanCount"] as? Int) ?? -1) })
        for t in traces { #expect(counts[t.traceID] == t.spans.count, "\(flavor) \(t.traceID)") }
        #expect(found.allSatisfy { !(($0["criticalPath"] as? [Any]) ?? []).isEmpty })
    }

    @Test func aTraceByIDAndOneThatIsNotThere() throws {
        let (fake, traces) = try Self.fake(.tempo(v2Traces: true))
        defer { fake.stop() }
        let ok = try CLI.run(["analyze", fake.baseURL, "--trace", traces[1].traceID])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("1 trace, 26 spans"), "\(ok.stdout)")
        #expect(ok.stdout.contains("CRITICAL PATH"), "\(ok.stdout)")
        let missing = try CLI.run(["analyze", fake.baseURL, "--trace", String(repeating: "ab", count: 16)])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("not found"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    }

    @Test func authIsSentFromTheEnvironmentAndNeverEchoed() throws {
        let (fake, _) = try Self.fake(.jaeger(.v2_20))
        defer { fake.stop() }
        fake.require([.bearer("s3cret-token")])
        let refused = try CLI.run(["analyze", fake.baseURL, "--service", "frontend", "--token-env", "SPANSCOPE_T"],
                                  environment: ["SPANSCOPE_T": "wrong-token"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("401"), "\(refused.stderr)")
        #expect(refused.stderr.contains("bearer token from $SPANSCOPE_T"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong-token"))
        let allowed = try CLI.run(["analyze", fake.baseURL, "--service", "frontend", "--token-env", "SPANSCOPE_T", "--summary"],
                                  environment: ["SPANSCOPE_T": "s3cret-token"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("3 traces"), "\(allowed.stdout)")
        #expect(!allowed.stdout.contains("s3cret") && !allowed.stderr.contains("s3cret"))
    }

    @Test func failuresAreOneLineAndExitOne() throws {
        let refused = try CLI.run(["analyze", "http://127.0.0.1:1", "--service", "x"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "spanscope: cannot connect to 127.0.0.1:1: connection refused\n", "\(refused.stderr)")
        let (fake, _) = try Self.fake(.zipkin)
        defer { fake.stop() }
        fake.inject(.status(502), pathPrefix: "/api/v2/traces")
        let proxy = try CLI.run(["analyze", fake.baseURL, "--service", "frontend"])
        #expect(proxy.status == 1)
        // Asked three times (a proxy's 502 may pass), then the error is the answer.
        let lines = proxy.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(proxy.stderr)")
        #expect(lines.allSatisfy { $0.contains("502") }, "\(proxy.stderr)")
        #expect(lines.dropLast().allSatisfy { $0.contains("asking again") } && !lines.last!.contains("asking again"), "\(proxy.stderr)")
        // A busy backend is asked again (1 s, then 2 s) before its error is the answer.
        fake.clearFaults()
        fake.inject(.status(503, body: "too many outstanding requests"), pathPrefix: "/api/v2/traces", times: 1)
        let busy = try CLI.run(["analyze", fake.baseURL, "--service", "frontend", "--summary"])
        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(busy.stderr.contains("too many outstanding requests; asking again in 1 s"), "\(busy.stderr)")
        #expect(busy.stdout.contains("3 traces"), "\(busy.stdout)")
        let mixed = try CLI.run(["analyze", fake.baseURL, "Fixtures/formats/checkout.otlp.json"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("on its own"), "\(mixed.stderr)")
    }

    @Test func fetchedTracesSaveAsOTLPThatReadsBack() throws {
        let (fake, traces) = try Self.fake(.jaeger(.main))
        defer { fake.stop() }
        let r = try CLI.run(["analyze", fake.baseURL, "--trace", traces[0].traceID, "--format", "otlp"])
        #expect(r.status == 0, "\(r.stderr)")
        let path = try CLI.temp("fetched.json", r.stdout)
        let back = try CLI.run(["analyze", path, "--summary"])
        #expect(back.stdout.contains("1 trace, 25 spans"), "\(back.stdout)")
    }

    @Test func namedBackendsOpenByNameAndAreChecked() throws {
        let (fake, _) = try Self.fake(.tempo(v2Traces: true))
        defer { fake.stop() }
        let config = """
        [backends.local]
        url = "\(fake.baseURL)"
        query = "service=frontend since=1h"

        [backends.down]
        url = "http://127.0.0.1:1"
        """
        let analyze = try ConfigCommandTests.run(["analyze", "@local", "--summary"], config: config)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(analyze.stdout.contains("3 traces"), "\(analyze.stdout)")
        let list = try ConfigCommandTests.run(["backends"], config: config)
        #expect(list.status == 1)  // one is down
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(list.stdout)")
        #expect(lines[1].hasPrefix("local") && lines[1].contains("tempo") && lines[1].hasSuffix("ok"), "\(lines)")
        #expect(lines[2].hasPrefix("down") && lines[2].contains("connection refused"), "\(lines)")
        let unknown = try ConfigCommandTests.run(["analyze", "@nope", "--service", "x"], config: config)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("known: @local, @down"), "\(unknown.stderr)")
    }

    /// The headless explorer on each backend: the search list, then Enter fetches and opens the
    /// newest trace with its critical path marked.
    @Test(arguments: flavors) func theExplorerSearchesAndOpens(flavor: FakeBackend.Flavor) throws {
        let (fake, traces) = try Self.fake(flavor)
        defer { fake.stop() }
        let list = try CLI.run([fake.baseURL, "--service", "frontend", "--render", "120x20", "--poll", "off"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("3 traces"), "\(list.stdout)")
        #expect(list.stdout.contains("polling off") || list.stdout.contains("polling paused"), "\(list.stdout)")
        let newest = traces.max { $0.start < $1.start }!
        let opened = try CLI.run([fake.baseURL, "--service", "frontend", "--render", "120x20", "--poll", "off", "--keys", "<Enter>", "--roles"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("trace \(newest.traceID)"), "\(flavor): \(opened.stdout)")
        #expect(opened.stdout.contains("row 1/\(newest.spans.count)"), "\(flavor): \(opened.stdout)")
    }

    /// `--loki`: each fetched trace's log lines from Loki, linked to their spans, in the report
    /// and in the explorer's logs pane.
    @Test func lokiLogsJoinTheirTraces() throws {
        let (fake, traces) = try Self.fake(.tempo(v2Traces: true))
        defer { fake.stop() }
        let loki = try FakeBackend.start(.loki)
        defer { loki.stop() }
        loki.add(traces)
        // The generator writes a log line for every tenth span.
        let expected = traces.reduce(0) { $0 + $1.spans.reduce(0) { $0 + $1.logs.count } }
        #expect(expected > 0)
        let r = try CLI.run(["analyze", fake.baseURL, "--service", "frontend", "--loki", loki.baseURL, "--summary"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\(expected) log records: \(expected) linked"), "\(r.stdout)")
        let newest = traces.max { $0.start < $1.start }!
        let shown = try CLI.run([fake.baseURL, "--service", "frontend", "--loki", loki.baseURL, "--poll", "off",
                                 "--render", "120x30", "--keys", "<Enter>A"])
        let lines = newest.spans.reduce(0) { $0 + $1.logs.count }
        #expect(shown.stdout.contains("Logs of the trace (\(lines))"), "\(shown.stdout)")
    }

    /// `spanscope URL --trace ID --span ID` fetches that trace and opens it at that span, without a search.
    @Test func deepLinksFetchTheTraceAndSelectTheSpan() throws {
        let (fake, traces) = try Self.fake(.jaeger(.v2_20))
        defer { fake.stop() }
        let t = traces[2]
        let span = t.spans[7]
        let r = try CLI.run([fake.baseURL, "--trace", t.traceID, "--span", span.spanID, "--render", "120x20", "--poll", "off"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("trace \(t.traceID)"), "\(r.stdout)")
        #expect(r.stdout.contains("row 8/\(t.spans.count)") || r.stdout.contains("/\(t.spans.count)"), "\(r.stdout)")
        let missing = try CLI.run([fake.baseURL, "--trace", String(repeating: "cd", count: 16), "--render", "120x20", "--poll", "off"])
        #expect(missing.stdout.contains("not found"), "\(missing.stdout)")
    }
}
