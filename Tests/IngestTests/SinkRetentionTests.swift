import Foundation
@testable import Ingest
import Receivers
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore

/// Retention on the writer: it keeps running while batches arrive, and takes whole traces,
/// those received first.
@Suite struct SinkRetentionTests {
    @Test func sizeDropsTheOldestWholeTracesWhileIngestContinues() async throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let store = try TraceStore.open(path: dir.file("t.db"))
        let limit = 600_000
        var retention = Retention(maxBytes: limit)
        retention.interval = .milliseconds(20)
        let sink = StoreSink(store: store, retention: retention)
        let requests = try await IngestTests.requests(seed: 8, 0..<60, spans: 128, traces: 4)
        func send(_ batch: ArraySlice<Request>) async throws {
            for r in batch { try await sink.accept(r.set, body: r.bytes, format: .otlpTracesProtobuf) }
        }
        try await send(requests[..<30])
        #expect(await eventually { sink.stats.tracesDropped > 0 }, "retention never ran")
        // Ingest goes on, retention with it.
        let droppedBefore = sink.stats.tracesDropped
        try await send(requests[30...])
        #expect(try await eventually { try sink.stats.tracesDropped > droppedBefore && store.usedBytes() <= limit })
        await sink.close()

        // Traces in the order they were stored: kept ones are the newest, each whole.
        var order: [TraceID] = []
        var expected: [TraceID: Int] = [:]
        for r in requests {
            for s in r.set.spans where expected[s.traceID] == nil { order.append(s.traceID); expected[s.traceID] = 0 }
            expected.merge(r.counts) { _, new in new }
        }
        let stored = try storedCounts(store)
        let firstKept = try #require(order.firstIndex { stored[$0] != nil })
        #expect(firstKept > 0)
        #expect(Set(stored.keys) == Set(order[firstKept...]), "kept traces are not the newest ones")
        for id in stored.keys { #expect(stored[id] == expected[id], "trace \(id.hex) kept in part") }
        var loaded: [TraceID: Int] = [:]
        for s in try store.loadAll().spans { loaded[s.traceID, default: 0] += 1 }
        #expect(loaded == stored)
        #expect(sink.stats.tracesDropped == order.count - stored.count)
    }

    @Test func ageDropsTracesOnlyOnceTheyAreOlderThanMaxAge() async throws {
        let store = TraceStore.inMemory()
        var retention = Retention(maxAge: .milliseconds(600))
        retention.interval = .milliseconds(20)
        let sink = StoreSink(store: store, retention: retention)
        let r = try Request(seed: 9, index: 0)
        let sent = Date()
        try await sink.accept(r.set, body: r.bytes, format: .otlpTracesProtobuf)
        #expect(await eventually { sink.stats.tracesDropped == 4 })
        #expect(Date().timeIntervalSince(sent) >= 0.6, "dropped before it was 600 ms old")
        #expect(try store.counts().traces == 0)
        await sink.close()
    }
}
