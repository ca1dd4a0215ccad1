import Foundation
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

@Suite struct RetentionTests {
    static let hour: Int64 = 3_600_000_000_000

    @Test func ageDropsTracesReceivedBeforeTheCutoffButKeepsTracesThatGrewSince() throws {
        let store = TraceStore.inMemory()
        let old = try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: 1, index: 0, spans: 30, traces: 3))).set
        let new = try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: 1, index: 1, spans: 30, traces: 3))).set
        // A trace whose children arrived long ago and whose root arrived now: kept whole.
        let split = try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: 2, index: 0, spans: 10, traces: 1))).set
        let t0: Int64 = 100 * Self.hour
        try store.append(old, bytes: nil, format: .otlpProtobufTraces, received: t0)
        try store.append(split, bytes: OTLPProtobuf.encodeTraces(split, spans: 1..<10), format: .otlpProtobufTraces, received: t0)
        try store.append(new, bytes: nil, format: .otlpProtobufTraces, received: t0 + 5 * Self.hour)
        try store.append(split, bytes: OTLPProtobuf.encodeTraces(split, spans: 0..<1), format: .otlpProtobufTraces, received: t0 + 5 * Self.hour)
        let before = try store.traceList().count
        #expect(before == 7)

        let result = try store.enforceRetention(maxAge: 2 * Self.hour, maxBytes: nil, now: t0 + 6 * Self.hour)
        #expect(result.tracesDropped == 3)
        #expect(result.bytesFreed > 0)
        let keptIDs = Set(new.spans.map(\.traceID)).union([split.spans[0].traceID])
        #expect(Set(try store.traceList().map(\.traceID)) == keptIDs)
        let loaded = try store.loadAll()
        #expect(Set(loaded.spans.map(\.traceID)) == keptIDs)
        #expect(loaded.spans.filter { $0.traceID == split.spans[0].traceID }.count == 10)
        #expect(loaded.spans.count == new.spans.count + 10)
        // Nothing more is old enough.
        #expect(try store.enforceRetention(maxAge: 2 * Self.hour, maxBytes: nil, now: t0 + 6 * Self.hour).tracesDropped == 0)
    }

    @Test func sizeDropsTheOldestWholeTracesUntilTheStoreFits() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let store = try TraceStore.open(path: dir.file("t.db"))
        var received: [TraceID: Int64] = [:]
        var spansOf: [TraceID: Int] = [:]
        for i in 0..<40 {
            let bytes = try ProtoBatches.request(seed: 5, index: i, spans: 128, traces: 4)
            let set = try OTLPProtobuf.decodeTraces(FileBytes(bytes)).set
            try store.append(set, bytes: bytes, format: .otlpProtobufTraces, received: Int64(i + 1) * 1_000_000_000)
            for s in set.spans {
                received[s.traceID] = Int64(i + 1) * 1_000_000_000
                spansOf[s.traceID, default: 0] += 1
            }
        }
        let used = try store.usedBytes()
        let limit = used / 2
        let result = try store.enforceRetention(maxAge: nil, maxBytes: limit)
        #expect(try store.usedBytes() <= limit)
        #expect(result.bytesFreed >= used - limit)
        let kept = try store.traceList()
        #expect(result.tracesDropped == 160 - kept.count)
        #expect(kept.count > 20 && kept.count < 160)
        // The oldest went first: everything kept arrived after everything dropped.
        let keptIDs = Set(kept.map(\.traceID))
        let newestDropped = received.filter { !keptIDs.contains($0.key) }.map(\.value).max()!
        #expect(kept.allSatisfy { received[$0.traceID]! >= newestDropped })
        // Whole traces only.
        let loaded = try store.loadAll()
        var loadedCounts: [TraceID: Int] = [:]
        for s in loaded.spans { loadedCounts[s.traceID, default: 0] += 1 }
        #expect(loadedCounts == spansOf.filter { keptIDs.contains($0.key) })
        // Later appends reuse the freed pages: the file does not grow for the first of them.
        let size = store.size()
        let bytes = try ProtoBatches.request(seed: 6, index: 0, spans: 128, traces: 4)
        try store.append(try OTLPProtobuf.decodeTraces(FileBytes(bytes)).set, bytes: bytes, format: .otlpProtobufTraces)
        #expect(store.size() <= size + 64 * 4096)
    }
}
