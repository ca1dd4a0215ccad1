import BackendHTTP
import Backends
import Explorer
import Foundation
import TraceAnalysis
import TraceFormats
import TraceModel

/// `--backend`: spanscope against fake tracing backends in separate processes on loopback.
/// Opening a 100,000-span trace next to loading the same bytes from a file; parsing and listing
/// a 1,000-result search; the CPU cost of polling one; and the explorer's key latency while a
/// 1,000,000-span trace downloads (BackendLive.swift).
enum BackendBench {
    struct Flavor {
        var label: String
        var fake: String
        var kind: BackendKind
    }
    static let jaegerV3 = Flavor(label: "Jaeger api_v3 (OTLP JSON)", fake: "jaeger-v2.20", kind: .jaeger)
    static let jaegerClassic = Flavor(label: "Jaeger classic (/api/traces)", fake: "jaeger-v1.52", kind: .jaeger)
    static let tempo = Flavor(label: "Tempo v2", fake: "tempo", kind: .tempo)
    static let zipkin = Flavor(label: "Zipkin v2", fake: "zipkin", kind: .zipkin)

    /// Every generated trace's root is in "frontend"; the fake spreads traces over the last hour.
    static func query(limit: Int) -> SearchQuery {
        SearchQuery(service: "frontend", window: .lookback(2 * 3_600_000_000_000), limit: limit)
    }

    static func connect(_ fake: FakeProcess, _ flavor: Flavor) throws -> (BackendClient, HTTPClientTransport) {
        var options = ConnectionOptions(url: fake.url)
        options.timeout = 300
        let transport = try HTTPClientTransport(options: options)
        let client = try blocking { () async throws(BackendError) in try await BackendClient.connect(transport: transport, kind: flavor.kind) }
        return (client, transport)
    }

    static func run(runs: Int, parts: [String]) throws {
        say("spanscope-bench --backend: \(ProcessInfo.processInfo.activeProcessorCount) cores; fakes in separate processes on loopback")
        if parts.contains("open") { try openTrace(runs: runs) }
        if parts.contains("search") { try search(runs: runs) }
        if parts.contains("poll") { try BackendLive.polling(seconds: 20) }
        if parts.contains("keys") { try BackendLive.keysWhileDownloading(spans: 1_000_000) }
    }

    // MARK: 1. a 100,000-span trace: backend vs file

    static func openTrace(runs: Int, spans: Int = 100_000) throws {
        say("\n== opening a \(spans)-span trace: fetch + decode + analysis vs TraceLoader.load(file) + analysis on the same bytes (best of \(max(runs, 5)))")
        say(pad("backend", 28) + pad("gzip", 5) + pad("MB", 5, right: true) + pad("fetch+decode", 14, right: true)
              + pad("file load", 11, right: true) + pad("analysis", 10, right: true) + pad("remote total", 14, right: true)
              + pad("file total", 12, right: true) + pad("ratio", 7, right: true) + pad("fake CPU/fetch", 16, right: true))
        for flavor in [jaegerV3, tempo, zipkin] {
            for gzip in [false, true] {
                let fake = try FakeProcess(["--flavor", flavor.fake, "--port", "0", "--traces", "1", "--spans", String(spans)]
                                           + (gzip ? [] : ["--no-gzip"]))
                defer { fake.stop() }
                let (client, transport) = try connect(fake, flavor)
                defer { try? blocking { await transport.shutdown() } }
                let found = try blocking { () async throws(BackendError) in try await client.search(query(limit: 1), now: Int64(Date().timeIntervalSince1970 * 1e9)) }
                guard let id = found.summaries.first?.traceID else { throw BenchFailure("\(flavor.label): the search found no trace") }
                // The body once, as received (decompressed), to a file: both sides decode the same document.
                let recorder = RecordingTransport(transport)
                let recording = BackendClient(api: client.api, transport: recorder)
                _ = try blocking { () async throws(BackendError) in try await recording.trace(id) }
                guard let body = recorder.responses.withLock({ $0.values.max { $0.body.count < $1.body.count } })?.body else {
                    throw BenchFailure("nothing recorded")
                }
                let path = NSTemporaryDirectory() + "spanscope-bench-\(flavor.fake).json"
                FileManager.default.createFile(atPath: path, contents: Data(body))
                defer { try? FileManager.default.removeItem(atPath: path) }
                // With gzip the peer is the same document gzipped in a file (`gzip -6`, as the
                // fake's compressor), which spanscope decompresses as it loads.
                let filePath = gzip ? path + ".gz" : path
                if gzip { _ = measure("gzip -6 -kf '\(path)'") }
                defer { if gzip { try? FileManager.default.removeItem(atPath: filePath) } }

                var fetch = Double.infinity, load = Double.infinity, remoteAnalysis = Double.infinity, fileAnalysis = Double.infinity
                var remoteTotal = Double.infinity, fileTotal = Double.infinity
                // Each iteration's remote / file ratio: the two are measured back to back, so a
                // slow moment of a shared machine tends to hit both; the median of these pairs is
                // steadier than the ratio of the two minimums.
                var pairs: [Double] = []
                var copy = Double.infinity, fakeCPU = Double.infinity, getOnly = Double.infinity, inMemory = Double.infinity, curl = Double.infinity
                let bodyPath = recorder.responses.withLock { r in r.first { $0.value.body.count == body.count }!.key }
                for _ in 0..<max(runs, 5) {
                    // Where the time goes: the GET alone (transport, no decoding), curl's GET of
                    // the same URL, and decoding the body from memory.
                    let g0 = Date()
                    _ = try blocking { () async throws(BackendError) in try await transport.get(bodyPath, headers: [], progress: nil).body.count }
                    getOnly = min(getOnly, Date().timeIntervalSince(g0))
                    curl = min(curl, measure("curl -s \(gzip ? "--compressed " : "")-o /dev/null '\(fake.url)\(bodyPath)'").wall)
                    let m0 = Date()
                    let bytes = FileBytes(body, name: "body")
                    let m1 = Date()
                    _ = try TraceLoader.decode(bytes)
                    inMemory = min(inMemory, Date().timeIntervalSince(m1))
                    copy = min(copy, m1.timeIntervalSince(m0))

                    let c0 = fake.cpuSeconds
                    let t0 = Date()
                    let fetched = try blocking { () async throws(BackendError) in try await client.trace(id) }
                    let t1 = Date()
                    let a = Analysis(fetched.set)
                    let t2 = Date()
                    fakeCPU = min(fakeCPU, fake.cpuSeconds - c0)
                    let input = try TraceLoader.load(path: filePath)
                    let t3 = Date()
                    let b = Analysis(input.set)
                    let t4 = Date()
                    guard fetched.set.spans.count == input.set.spans.count, a.trees.count == b.trees.count else {
                        throw BenchFailure("\(flavor.label): \(fetched.set.spans.count) spans fetched, \(input.set.spans.count) from the file")
                    }
                    fetch = min(fetch, t1.timeIntervalSince(t0))
                    remoteAnalysis = min(remoteAnalysis, t2.timeIntervalSince(t1))
                    remoteTotal = min(remoteTotal, t2.timeIntervalSince(t0))
                    load = min(load, t3.timeIntervalSince(t2))
                    fileAnalysis = min(fileAnalysis, t4.timeIntervalSince(t3))
                    fileTotal = min(fileTotal, t4.timeIntervalSince(t2))
                    pairs.append(t2.timeIntervalSince(t0) / t4.timeIntervalSince(t2))
                }
                say(pad(flavor.label, 28) + pad(gzip ? "on" : "off", 5) + pad(String(body.count / 1_000_000), 5, right: true)
                      + pad(seconds(fetch), 14, right: true) + pad(seconds(load), 11, right: true)
                      + pad(seconds(min(remoteAnalysis, fileAnalysis)), 10, right: true)
                      + pad(seconds(remoteTotal), 14, right: true) + pad(seconds(fileTotal), 12, right: true)
                      + pad(String(format: "%.2f×", remoteTotal / fileTotal), 7, right: true)
                      + pad(seconds(fakeCPU), 16, right: true))
                pairs.sort()
                say(pad("", 33) + String(format: "ratio of each run's pair: median %.2f×, %.2f×–%.2f×", pairs[pairs.count / 2], pairs.first!, pairs.last!))
                say(pad("", 33) + "GET alone \(seconds(getOnly)), curl GET \(seconds(curl)), decode from memory \(seconds(inMemory)) after copying the body into FileBytes \(seconds(copy))")
            }
        }
    }

    // MARK: 2. a search of 1,000 results

    /// A source that only remembers the search id the explorer asked with.
    final class NoSource: RemoteSource, @unchecked Sendable {
        let label = "bench"
        let kind: BackendKind
        let acceptsTraceQL = false
        var searchID = 0
        init(kind: BackendKind) { self.kind = kind }
        func perform(_ request: RemoteRequest) {
            if case .search(_, let id) = request { searchID = id }
        }
    }

    static func search(runs: Int, results: Int = 1_000) throws {
        say("\n== a search of \(results) results (20-span traces, no gzip; best of \(max(runs, 5)))")
        say(pad("backend", 30) + pad("loopback search", 17, right: true) + pad("parse", 9, right: true)
              + pad("list + render", 15, right: true) + pad("bytes → screen", 16, right: true) + pad("body", 8, right: true))
        for flavor in [tempo, jaegerV3, jaegerClassic] {
            let fake = try FakeProcess(["--flavor", flavor.fake, "--port", "0", "--traces", String(results), "--spans", "20", "--no-gzip"])
            defer { fake.stop() }
            let (client, transport) = try connect(fake, flavor)
            defer { try? blocking { await transport.shutdown() } }
            let q = query(limit: results)
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            let recorder = RecordingTransport(transport)
            let recording = BackendClient(api: client.api, transport: recorder)
            let first = try blocking { () async throws(BackendError) in try await recording.search(q, now: now) }
            guard first.summaries.count == results else { throw BenchFailure("\(flavor.label): \(first.summaries.count) results, wanted \(results)") }
            let replay = BackendClient(api: client.api, transport: ReplayTransport(responses: recorder.responses.withLock { $0 }))
            let bytes = recorder.responses.withLock { $0.values.reduce(0) { $0 + $1.body.count } }

            var loopback = Double.infinity, parse = Double.infinity, list = Double.infinity
            for _ in 0..<max(runs, 5) {
                let t0 = Date()
                _ = try blocking { () async throws(BackendError) in try await client.search(q, now: now) }
                let t1 = Date()
                let result = try blocking { () async throws(BackendError) in try await replay.search(q, now: now) }
                let t2 = Date()
                // The explorer as connected: the reply handled and the list drawn.
                var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 200, height: 60)
                let source = NoSource(kind: flavor.kind)
                app.connect(source, feed: nil, query: q, poll: nil)
                let t3 = Date()
                app.performFileEffects(app.send(.remote(.searched(id: source.searchID, q, result, at: Date()))))
                _ = app.render(width: 200, height: 60)
                let t4 = Date()
                guard app.state.remote?.results.count == results else { throw BenchFailure("the explorer lists \(app.state.remote?.results.count ?? 0)") }
                loopback = min(loopback, t1.timeIntervalSince(t0))
                parse = min(parse, t2.timeIntervalSince(t1))
                list = min(list, t4.timeIntervalSince(t3))
            }
            say(pad(flavor.label, 30) + pad(milliseconds(loopback), 17, right: true) + pad(milliseconds(parse), 9, right: true)
                  + pad(milliseconds(list), 15, right: true) + pad(milliseconds(parse + list), 16, right: true)
                  + pad(String(format: "%.1f MB", Double(bytes) / 1e6), 8, right: true))
        }
    }
}
