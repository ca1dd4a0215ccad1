import BackendHTTP
@testable import BackendSession
import Backends
import Explorer
import FakeBackends
import Foundation
import Synchronization
import Testing
import TraceModel

/// What a feed hands on: submitted batches, replacements, replies.
final class FeedRecorder: TraceSink, @unchecked Sendable {
    struct Seen {
        var submitted: [TraceSet] = []
        var replaced: [TraceSet] = []
        var replies: [RemoteReply] = []
    }
    let seen = Mutex(Seen())
    func submit(_ batch: TraceSet) { seen.withLock { $0.submitted.append(batch) } }
    func replace(with set: TraceSet) { seen.withLock { $0.replaced.append(set) } }
    func post(_ reply: RemoteReply) { seen.withLock { $0.replies.append(reply) } }
    var replies: [RemoteReply] { seen.withLock { $0.replies } }

    /// Waits (up to `timeout` s) until `condition` holds of the replies.
    func wait(_ timeout: Double = 10, until condition: ([RemoteReply]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(replies) { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return condition(replies)
    }

    var searches: [(SearchResult, Date)] {
        replies.compactMap { if case .searched(_, _, let r, let t) = $0 { return (r, t) } else { return nil } }
    }
    var failures: [(BackendError, Double?)] {
        replies.compactMap { if case .failed(_, let e, let r) = $0 { return (e, r) } else { return nil } }
    }
}

@Suite(.onBackendExecutor) struct FeedTests {
    static func feed(_ fake: FakeBackend, cacheBytes: Int = 512 << 20) async throws -> (BackendFeed, FeedRecorder, HTTPClientTransport) {
        var options = ConnectionOptions(url: fake.baseURL)
        options.timeout = 5
        let transport = try HTTPClientTransport(options: options)
        let client = try await BackendClient.connect(transport: transport)
        let recorder = FeedRecorder()
        let feed = BackendFeed(client: client, sink: recorder, cacheBytes: cacheBytes, post: { recorder.post($0) })
        return (feed, recorder, transport)
    }

    @Test func pollingSeesATraceAddedMidTest() async throws {
        let fake = try FakeBackend.start(.tempo(v2Traces: true))
        defer { fake.stop() }
        fake.add(FakeTrace.generated(seed: 1, spans: 10))
        let (feed, recorder, transport) = try await Self.feed(fake)
        feed.perform(.poll(interval: 0.3))
        feed.perform(.search(SearchQuery(service: "frontend"), id: 1))
        #expect(await recorder.wait { _ in recorder.searches.count >= 1 })
        #expect(recorder.searches.first?.0.summaries.count == 1)
        let added = FakeTrace.generated(seed: 2, spans: 12)
        fake.add(added)
        #expect(await recorder.wait { _ in recorder.searches.last?.0.summaries.count == 2 })
        #expect(recorder.searches.last?.0.summaries.contains { $0.traceID.hex == added.traceID } == true)
        feed.perform(.poll(interval: nil))
        await transport.shutdown()
    }

    /// Whole traces from a new query's search are kept (they open at once); a poll's newcomer
    /// among traces already held is not kept from the shared body, but fetched when opened.
    @Test func onlyANewQuerysWholeTracesAreKept() async throws {
        let fake = try FakeBackend.start(.zipkin)
        defer { fake.stop() }
        fake.add((0..<3).map { FakeTrace.generated(seed: UInt64(60 + $0), spans: 10) })
        let (feed, recorder, transport) = try await Self.feed(fake)
        feed.perform(.poll(interval: 0.2))
        feed.perform(.search(SearchQuery(service: "frontend"), id: 1))
        #expect(await recorder.wait { _ in recorder.searches.count >= 1 })
        #expect(recorder.seen.withLock { $0.submitted.map { Set($0.spans.map(\.traceID)).count } } == [3])
        let newcomer = FakeTrace.generated(seed: 70, spans: 12)
        fake.add(newcomer)
        #expect(await recorder.wait { _ in recorder.searches.last?.0.summaries.count == 4 })
        feed.perform(.poll(interval: nil))
        #expect(recorder.seen.withLock { $0.submitted.count } == 1)
        let before = fake.requestCount(prefix: "/api/v2/trace/")
        feed.perform(.fetch(TraceID(newcomer.traceID)!, id: 5, refresh: false))
        #expect(await recorder.wait { $0.contains { if case .fetched(5, _, 12, _, _) = $0 { true } else { false } } })
        #expect(fake.requestCount(prefix: "/api/v2/trace/") == before + 1)
        await transport.shutdown()
    }

    @Test func failuresBackOffAndRecover() async throws {
        let fake = try FakeBackend.start(.jaeger(.v2_20))
        defer { fake.stop() }
        fake.add(FakeTrace.generated(seed: 1, spans: 10))
        let (feed, recorder, transport) = try await Self.feed(fake)
        fake.inject(.status(503, body: "too many outstanding requests"), pathPrefix: "/api/v3/trace-summaries", times: 2)
        feed.perform(.poll(interval: 0.1))
        feed.perform(.search(SearchQuery(service: "frontend"), id: 7))
        #expect(await recorder.wait { _ in recorder.searches.count >= 1 })
        // Two failures, waiting 1 s then 2 s (never the 0.1 s poll interval), each with the backend's text.
        let failures = recorder.failures
        #expect(failures.map(\.1) == [1, 2])
        #expect(failures.allSatisfy { $0.0.kind == .unavailable && $0.0.message.contains("too many outstanding requests") })
        feed.perform(.poll(interval: nil))
        await transport.shutdown()
    }

    @Test func pollsNeverOverlap() async throws {
        let fake = try FakeBackend.start(.zipkin)
        defer { fake.stop() }
        fake.add(FakeTrace.generated(seed: 1, spans: 10))
        let (feed, recorder, transport) = try await Self.feed(fake)
        // Each search takes 0.6 s; polling every 0.05 s must still run them one at a time.
        fake.inject(.delay(seconds: 0.6), pathPrefix: "/api/v2/traces")
        feed.perform(.poll(interval: 0.05))
        feed.perform(.search(SearchQuery(service: "frontend"), id: 1))
        // It keeps polling (a third search), yet never two at once.
        #expect(await recorder.wait(20) { _ in recorder.searches.count >= 3 })
        feed.perform(.poll(interval: nil))
        #expect(fake.maxInFlight == 1)
        await transport.shutdown()
    }

    @Test func fetchedTracesAreCachedAndTheOldestEvicted() async throws {
        let fake = try FakeBackend.start(.tempo(v2Traces: true))
        defer { fake.stop() }
        let traces = (0..<3).map { FakeTrace.generated(seed: UInt64($0), spans: 200) }
        fake.add(traces)
        // Room for about two of them.
        let probe = try await Self.feed(fake)
        let one = try await probe.0.client.trace(TraceID(traces[0].traceID)!)
        await probe.2.shutdown()
        let (feed, recorder, transport) = try await Self.feed(fake, cacheBytes: one.bytes * 5 / 2)
        for (i, t) in traces.enumerated() {
            feed.perform(.fetch(TraceID(t.traceID)!, id: 10 + i, refresh: false))
            #expect(await recorder.wait { $0.contains { if case .fetched(let id, _, _, _, _) = $0 { id == 10 + i } else { false } } })
        }
        let seen = recorder.seen.withLock { $0 }
        #expect(seen.submitted.count == 2)
        // The third did not fit: everything was rebuilt from the two most recent.
        let last = try #require(seen.replaced.last)
        let kept = Set(last.spans.map { $0.traceID.hex })
        #expect(kept == [traces[1].traceID, traces[2].traceID])
        #expect(recorder.replies.contains { if case .cache(2, let bytes) = $0 { bytes > one.bytes } else { false } })
        // A held trace opens from the cache: no request.
        let before = fake.requestCount(prefix: "/api/v2/traces/")
        feed.perform(.fetch(TraceID(traces[2].traceID)!, id: 20, refresh: false))
        #expect(await recorder.wait { $0.contains { if case .fetched(20, _, 0, 0, _) = $0 { true } else { false } } })
        #expect(fake.requestCount(prefix: "/api/v2/traces/") == before)
        // Refresh asks again.
        feed.perform(.fetch(TraceID(traces[2].traceID)!, id: 21, refresh: true))
        #expect(await recorder.wait { $0.contains { if case .fetched(21, _, 200, _, _) = $0 { true } else { false } } })
        #expect(fake.requestCount(prefix: "/api/v2/traces/") == before + 1)
        await transport.shutdown()
    }

    @Test func aCancelledFetchReportsNothing() async throws {
        let fake = try FakeBackend.start(.jaeger(.v2_20))
        defer { fake.stop() }
        let t = FakeTrace.generated(seed: 5, spans: 20)
        fake.add(t)
        let (feed, recorder, transport) = try await Self.feed(fake)
        fake.inject(.hang, pathPrefix: "/api/v3/traces/")
        feed.perform(.fetch(TraceID(t.traceID)!, id: 3, refresh: false))
        try await Task.sleep(nanoseconds: 300_000_000)
        feed.perform(.cancel(id: 3))
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(!recorder.replies.contains { if case .fetched = $0 { true } else if case .failed = $0 { true } else { false } })
        #expect(recorder.seen.withLock { $0.submitted.isEmpty })
        await transport.shutdown()
    }
}
