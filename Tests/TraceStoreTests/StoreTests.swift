import Foundation
import GRDB
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

@Suite struct StoreRoundTripTests {
    /// Protobuf and JSON traces, a duplicate, a trace whose children arrive before its root,
    /// and log records in both encodings.
    static func batches() throws -> [Batch] {
        var out: [Batch] = []
        for i in 0..<3 { out.append(Batch(bytes: try ProtoBatches.request(seed: 7, index: i, spans: 40, traces: 3), format: .otlpProtobufTraces)) }
        out.append(out[1])  // the same request again (a retry)
        // One trace in two requests, children first.
        let whole = try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: 8, index: 0, spans: 12, traces: 1))).set
        let root = whole.spans.firstIndex { $0.parentID.isZero }!
        #expect(root == 0)
        out.append(Batch(bytes: OTLPProtobuf.encodeTraces(whole, spans: 1..<whole.spans.count), format: .otlpProtobufTraces))
        out.append(Batch(bytes: OTLPProtobuf.encodeTraces(whole, spans: 0..<1), format: .otlpProtobufTraces))
        let checkout = CheckoutTrace.make()
        out.append(Batch(bytes: OTLPJSONWriter.write([checkout]), format: .otlpJSON))
        out.append(Batch(bytes: OTLPLogsWriter.write([checkout]), format: .otlpJSON))
        let logs = try TraceLoader.decode(FileBytes(OTLPLogsWriter.write([checkout]))).set
        out.append(Batch(bytes: OTLPProtobuf.encodeLogs(logs), format: .otlpProtobufLogs))
        return out
    }

    /// What the decoders make of the same bytes, merged in arrival order.
    static func expected(_ batches: [Batch]) throws -> TraceSet {
        var set = TraceSet()
        for b in batches { set.merge(try b.decoded()) }
        return set
    }

    @Test func loadAllGivesWhatTheDecodersGive() throws {
        let batches = try Self.batches()
        let dir = TempDir()
        defer { dir.cleanup() }
        let store = try TraceStore.open(path: dir.file("t.db"))
        for b in batches { try store.append(try b.decoded(), bytes: b.bytes, format: b.format) }
        let want = try Self.expected(batches)
        #expect(!want.logs.isEmpty)
        let got = try store.loadAll()
        #expect(SpanFacts.of(got) == SpanFacts.of(want))
        #expect(LogFacts.of(got) == LogFacts.of(want))

        // Reopened by another connection, read-only: the same.
        let reader = try TraceStore.open(path: dir.file("t.db"), readOnly: true)
        #expect(SpanFacts.of(try reader.loadAll()) == SpanFacts.of(want))
    }

    @Test func loadOfSomeTracesKeepsOnlyTheirSpansAndLogs() throws {
        let batches = try Self.batches()
        let store = TraceStore.inMemory()
        for b in batches { try store.append(try b.decoded(), bytes: b.bytes, format: b.format) }
        let all = try Self.expected(batches)
        let checkoutID = CheckoutTrace.make().traceID
        let late = try Batch(bytes: batches[5].bytes, format: .otlpProtobufTraces).decoded().spans[0].traceID
        let got = try store.load(traceIDs: [checkoutID, late])
        let want = all.keeping([checkoutID, late])
        #expect(SpanFacts.of(got) == SpanFacts.of(want))
        #expect(LogFacts.of(got) == LogFacts.of(want))
        #expect(Set(got.spans.map(\.traceID)) == [checkoutID, late])
    }

    @Test func listComesFromTraceRowsWithRootsCountsAndServices() throws {
        let batches = try Self.batches()
        let store = TraceStore.inMemory()
        for b in batches { try store.append(try b.decoded(), bytes: b.bytes, format: b.format) }
        let all = try Self.expected(batches)
        let list = try store.traceList()
        let traces = all.traces()
        #expect(list.count == traces.count)
        for t in traces {
            let row = try #require(list.first { $0.traceID == t.id })
            let spans = t.spanIndices.map { all.spans[$0] }
            #expect(row.spanCount == spans.count)
            #expect(row.errorCount == spans.filter(\.isError).count)
            #expect(row.start == spans.map(\.start).min())
            #expect(row.end == spans.map(\.end).max())
            let root = try #require(spans.first { $0.parentID.isZero })
            #expect(row.hasRoot)
            #expect(row.rootName == all.name(root))
            #expect(row.rootService == all.service(root))
        }
        // Newest first, bounded by start, filtered by any span's service.
        #expect(list.map(\.start) == list.map(\.start).sorted(by: >))
        let middle = list[list.count / 2].start
        #expect(try store.traceList(since: middle).allSatisfy { $0.start >= middle })
        #expect(try store.traceList(since: middle).count == list.filter { $0.start >= middle }.count)
        #expect(try store.traceList(limit: 2).map(\.traceID) == list.prefix(2).map(\.traceID))
        let service = "payment"
        let withService = Set(traces.filter { t in t.spanIndices.contains { all.service(all.spans[$0]) == service } }.map(\.id))
        #expect(!withService.isEmpty && withService.count < traces.count)
        #expect(Set(try store.traceList(service: service).map(\.traceID)) == withService)
        #expect(Set(try store.loadAll(service: service).spans.map(\.traceID)) == withService)
    }

    @Test func listDoesNotReadTheBatches() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let store = try TraceStore.open(path: dir.file("t.db"))
        let b = Batch(bytes: try ProtoBatches.request(seed: 3, index: 0, spans: 30, traces: 3), format: .otlpProtobufTraces)
        try store.append(try b.decoded(), bytes: b.bytes, format: b.format)
        // Batches whose bytes no longer decode: the list still works, loading says which batch.
        try DatabaseQueue(path: dir.file("t.db")).write { try $0.execute(sql: "UPDATE batches SET bytes = x'ff0102'") }
        #expect(try store.traceList().count == 3)
        #expect(throws: StoreError.self) { try store.loadAll() }
    }

    @Test func aStoreBeingWrittenOpensForReading() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        let writer = try TraceStore.open(path: path)
        let b = Batch(bytes: try ProtoBatches.request(seed: 4, index: 0, spans: 20, traces: 2), format: .otlpProtobufTraces)
        try writer.append(try b.decoded(), bytes: b.bytes, format: b.format)
        #expect(try TraceStore.open(path: path, readOnly: true).traceList().count == 2)
        #expect(try TraceStore.open(path: path).traceList().count == 2)
    }

    @Test func spansWithoutBytesAreStoredAsProtobuf() throws {
        let set = try TraceLoader.decode(FileBytes(OTLPJSONWriter.write([CheckoutTrace.make()]))).set
        let store = TraceStore.inMemory()
        try store.append(set, bytes: nil, format: .otlpProtobufTraces)
        #expect(SpanFacts.of(try store.loadAll()) == SpanFacts.of(set))
        #expect(LogFacts.of(try store.loadAll()) == LogFacts.of(set))
    }
}
