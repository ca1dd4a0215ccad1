import Foundation
import Testing
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth
import TestSupport

/// What the explorer shows of a store: its newest traces within a span budget.
@Suite struct WindowTests {
    /// Several requests of several traces each, stored; the traces newest received first.
    static func store(_ dir: TempDir) throws -> (TraceStore, [StoredTrace]) {
        let store = try TraceStore.open(path: dir.file("w.db"))
        for i in 0..<6 {
            let bytes = try ProtoBatches.request(seed: 11, index: i, spans: 30, traces: 3)
            try store.append(try OTLPProtobuf.decodeTraces(FileBytes(bytes)).set, bytes: bytes, format: .otlpProtobufTraces)
        }
        return (store, try store.traceList(byArrival: true))
    }

    @Test func theWindowHoldsTheNewestWholeTracesThatFit() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (store, list) = try Self.store(dir)
        #expect(list.count > 6)
        // The budget: the first five traces' spans and a little less than the sixth's.
        let budget = list.prefix(5).reduce(0) { $0 + $1.spanCount } + list[5].spanCount - 1
        let w = try store.newest(spanBudget: budget)
        #expect(w.shownTraces == 5)
        #expect(w.more)
        #expect(w.totalTraces == list.count)
        #expect(Set(w.set.spans.map(\.traceID)) == Set(list.prefix(5).map(\.traceID)))
        #expect(w.set.spans.count == list.prefix(5).reduce(0) { $0 + $1.spanCount })
        #expect(w.note == "newest 5 of \(list.count) traces")
    }

    @Test func aBudgetThatHoldsAllGivesEverythingAndNoNote() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (store, list) = try Self.store(dir)
        let w = try store.newest(spanBudget: 1_000_000)
        #expect(!w.more)
        #expect(w.note == nil)
        #expect(Set(w.set.spans.map(\.traceID)).count == list.count)
        // At least one trace, even when it alone is over the budget.
        let one = try store.newest(spanBudget: 1)
        #expect(one.shownTraces == 1)
        #expect(one.set.spans.allSatisfy { $0.traceID == list[0].traceID })
    }
}
