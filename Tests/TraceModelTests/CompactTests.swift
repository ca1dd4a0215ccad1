import Testing
@testable import TraceModel

/// `compacted()`: after dropping traces, only what the rest uses is held.
@Suite struct CompactTests {
    /// One source per "request": a trace, its own service name and resource, details in memory.
    static func request(_ n: UInt64) -> TraceSet {
        var set = TraceSet()
        let source = set.addDetailSource(InMemoryDetails([SpanDetails(statusMessage: "from \(n)")]))
        let service = set.strings.intern("service\(n)")
        let resource = set.addResource(Resource(service: service, host: "host\(n)"))
        set.spans = [Span(traceID: TraceID(high: 0, low: n), spanID: SpanID(n), parentID: .zero, start: Int64(n), duration: 1,
                          name: set.strings.intern("op\(n)"), service: service, resource: resource,
                          detail: DetailRef(source: source, offset: 0, length: 0))]
        set.logs = [LogRecord(time: Int64(n), traceID: TraceID(high: 0, low: n), resource: resource)]
        return set
    }

    @Test func keepsWhatTheKeptTracesUseAndNothingElse() {
        var all = TraceSet()
        for n: UInt64 in 1...5 { all.merge(Self.request(n)) }
        let kept = all.keeping([TraceID(high: 0, low: 2), TraceID(high: 0, low: 4)])
        // `keeping` shares everything…
        #expect(kept.detailSources.count == 5 && kept.resources.count == 5)
        // …`compacted` keeps the two requests' parts only, and every reference still resolves.
        let small = kept.compacted()
        #expect(small.detailSources.count == 2 && small.resources.count == 2)
        #expect(small.strings.count == 5)  // "", service2, op2, service4, op4
        #expect(small.spans.map(\.traceID.low) == [2, 4])
        #expect(small.spans.map { small.name($0) } == ["op2", "op4"])
        #expect(small.spans.map { small.service($0) } == ["service2", "service4"])
        #expect(small.spans.map { small.details($0).statusMessage } == ["from 2", "from 4"])
        #expect(small.spans.map { small.resource($0.resource)?.host } == ["host2", "host4"])
        #expect(small.logs.map { small.resource($0.resource)?.host } == ["host2", "host4"])
        #expect(small.logs.map { small.strings[small.resource($0.resource)!.service] } == ["service2", "service4"])
    }
}
