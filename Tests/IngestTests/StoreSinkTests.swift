import Foundation
@testable import Ingest
import Receivers
import Synchronization
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore

/// The sink's contract with the receivers: acknowledged means committed, a writer that cannot
/// keep up means refused at once, and what is refused is never stored.
@Suite struct StoreSinkTests {
    final class Seen: Sendable {
        let sets = Mutex<[TraceSet]>([])
        func add(_ set: TraceSet) { sets.withLock { $0.append(set) } }
        var all: [TraceSet] { sets.withLock { $0 } }
    }

    static func send(_ sink: StoreSink, _ r: Request) async throws(SinkError) {
        try await sink.accept(r.set, body: r.bytes, format: .otlpTracesProtobuf)
    }

    @Test func acknowledgedBatchesAreInTheStoreAfterClose() async throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        let sink = StoreSink(store: try TraceStore.open(path: path))
        let requests = try await IngestTests.requests(seed: 3, 0..<24)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for r in requests { group.addTask { try await Self.send(sink, r) } }
            try await group.waitForAll()
        }
        // Zipkin arrives as JSON and is kept as the OTLP protobuf it becomes.
        let zipkin = Array("""
            [{"traceId":"00000000000000000000000000abcdef","id":"0000000000000001","name":"get /z","kind":"SERVER",\
            "timestamp":1700000000000000,"duration":1500,"localEndpoint":{"serviceName":"zsvc"}}]
            """.utf8)
        let zset = try TraceLoader.decode(FileBytes(zipkin, name: "zipkin")).set
        try await sink.accept(zset, body: zipkin, format: .zipkinV2JSON)
        await sink.close()
        await sink.close()

        let stats = sink.stats
        #expect(stats.committedBatches == 25 && stats.committedSpans == 24 * 64 + 1 && stats.pendingBytes == 0)
        let store = try TraceStore.open(path: path, readOnly: true)
        var expected = zset.spans.reduce(into: [TraceID: Int]()) { $0[$1.traceID, default: 0] += 1 }
        for r in requests { expected.merge(r.counts, uniquingKeysWith: +) }
        #expect(try storedCounts(store) == expected)
        let loaded = try store.loadAll()
        #expect(spanKeys(loaded) == Set(requests.flatMap { spanKeys($0.set) }).union(spanKeys(zset)))
        #expect(loaded.spans.first { $0.traceID == zset.spans[0].traceID }.map { loaded.strings[$0.service] } == "zsvc")
        // Closed: nothing more is taken (the sender is asked to retry).
        await #expect(throws: SinkError.busy) { try await Self.send(sink, requests[0]) }
    }

    @Test func aWriterThatCannotKeepUpRefusesAtOnceAndStoresNothingRefused() async throws {
        let store = TraceStore.inMemory()
        let seen = Seen()
        let abc = try await IngestTests.requests(seed: 4, 0..<3)
        let (a, b, c) = (abc[0], abc[1], abc[2])
        // Room for one batch: a second waiting one would go over.
        let sink = StoreSink(store: store, maxPendingBytes: a.bytes.count + 1, onCommit: seen.add)
        sink.hold(true)
        let first = Task { try await Self.send(sink, a) }
        #expect(await eventually { sink.queued == 1 })
        await #expect(throws: SinkError.busy) { try await Self.send(sink, b) }
        #expect(sink.stats.busyRefusals == 1)
        #expect(try store.counts().spans == 0, "committed while the writer was held")
        sink.hold(false)
        try await first.value
        try await Self.send(sink, c)
        await sink.close()

        #expect(try storedCounts(store) == a.counts.merging(c.counts, uniquingKeysWith: +))
        #expect(Set(b.counts.keys).isDisjoint(with: try storedCounts(store).keys))
        // The explorer is told of exactly what was committed, once each.
        let told = seen.all
        #expect(told.count == 2)
        #expect(told.reduce(Set<String>()) { $0.union(spanKeys($1)) } == spanKeys(try store.loadAll()))
        #expect(told.reduce(0) { $0 + $1.spans.count } == a.set.spans.count + c.set.spans.count)
    }

    @Test func queuedBatchesAreCommittedTogether() async throws {
        let store = TraceStore.inMemory()
        let sink = StoreSink(store: store)
        let requests = try await IngestTests.requests(seed: 6, 0..<16)
        sink.hold(true)
        let all = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for r in requests { group.addTask { try await Self.send(sink, r) } }
                try await group.waitForAll()
            }
        }
        #expect(await eventually { sink.queued == 16 })
        sink.hold(false)
        try await all.value
        #expect(sink.stats.transactions == 1 && sink.stats.committedBatches == 16)

        // Unheld, concurrent senders: those arriving during a commit share the next one.
        let more = try await IngestTests.requests(seed: 6, 16..<96)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask { for r in more[(lane * 10)..<(lane * 10 + 10)] { try await Self.send(sink, r) } }
            }
            try await group.waitForAll()
        }
        await sink.close()
        let stats = sink.stats
        #expect(stats.committedBatches == 96)
        #expect(stats.transactions - 1 < 80, "\(stats.transactions - 1) transactions for 80 concurrent batches")
        #expect(try store.counts().spans == 96 * 64)
    }

    @Test func aFailedCommitFailsItsBatchesAndTellsNoOne() async throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        try TraceStore.open(path: path).append(try Request(seed: 7, index: 0).set, bytes: nil, format: .otlpProtobufTraces)
        let seen = Seen()
        // A read-only store: every write fails inside SQLite.
        let sink = StoreSink(store: try TraceStore.open(path: path, readOnly: true), onCommit: seen.add)
        let r = try Request(seed: 7, index: 1)
        do {
            try await Self.send(sink, r)
            Issue.record("a batch the store could not write was acknowledged")
        } catch {
            guard case .failed(let why) = error else { Issue.record("expected .failed, got \(error)"); return }
            #expect(why.contains(path))
        }
        await sink.close()
        #expect(seen.all.isEmpty)
        #expect(sink.stats.failedBatches == 1 && sink.stats.committedBatches == 0 && sink.stats.lastError != nil)
        #expect(sink.stats.pendingBytes == 0)
    }
}
