import Testing
import TraceModel

@Suite struct LogIndexTests {
    let t1 = TraceID(high: 0, low: 1), t2 = TraceID(high: 0, low: 2), unknown = TraceID(high: 9, low: 9)
    let s1 = SpanID(0x11), s2 = SpanID(0x22)

    @Test func groupsByTraceAndSpanInTimeOrderAndKeepsUnlinked() {
        let logs = [
            LogRecord(time: 30, traceID: t1, spanID: s1),
            LogRecord(time: 10, severityNumber: 17, traceID: t1, spanID: s1),
            LogRecord(time: 20, severityText: "ERROR", traceID: t1),
            LogRecord(time: 5),
            LogRecord(time: 7, traceID: unknown, spanID: s1),
            LogRecord(time: 10, traceID: t1, spanID: s2),
            LogRecord(time: 1, severityNumber: 9, severityText: "error", traceID: t2, spanID: s2),
        ]
        let index = LogIndex(logs: logs, knownTraces: [t1, t2])
        #expect(index.logs(trace: t1) == [1, 5, 2, 0])
        #expect(index.logs(trace: t1, span: s1) == [1, 0])
        #expect(index.count(trace: t1, span: s2) == 1)
        #expect(index.unlinked == [3, 4])
        #expect(index.errorCount(trace: t1) == 2)
        // A severity number wins over the text.
        #expect(index.errorCount(trace: t2) == 0)
        #expect(index.logs(trace: unknown).isEmpty)
    }
}

@Suite struct LogIndexLinkingTests {
    @Test func a64BitTraceIdLinksToThe128BitTraceWithThatLowHalf() {
        let full = TraceID(high: 0x4bf9, low: 0xa3ce)
        let logs = [LogRecord(time: 1, traceID: TraceID(high: 0, low: 0xa3ce), spanID: SpanID(7)),
                    LogRecord(time: 2, traceID: TraceID(high: 0, low: 0xbeef))]
        let index = LogIndex(logs: logs, knownTraces: [full])
        #expect(index.logs(trace: full) == [0])
        #expect(index.count(trace: full, span: SpanID(7)) == 1)
        #expect(index.unlinked == [1])
        #expect(index.linkedCount == 1)
    }
}

@Suite struct SpanEventLogsTests {
    @Test func eventsBecomeMarkedRecordsOfTheirSpanInTimeOrder() {
        let span = Span(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), start: 0, duration: 0, name: StringID(0),
                        service: StringID(0), resource: ResourceID(4))
        let details = SpanDetails(events: [
            SpanEvent(time: 20, name: "exception", attributes: [Attribute("exception.type", .string("IOError")),
                                                              Attribute("exception.message", .string("disk full"))]),
            SpanEvent(time: 10, name: "cache miss"),
            SpanEvent(time: 10, name: "retry"),
        ])
        let records = SpanEventLogs.records(span: span, details: details)
        #expect(records.map(\.eventName) == ["cache miss", "retry", "exception"])
        #expect(records.allSatisfy { $0.fromEvent && $0.traceID == span.traceID && $0.spanID == span.spanID && $0.resource == span.resource })
        #expect(records[0].body == .string("cache miss"))
        #expect(records[0].isError == false)
        #expect(records[2].body == .string("IOError: disk full"))
        #expect(records[2].isError)
        #expect(records[2].attributes.count == 2)
        #expect(SpanEventLogs.records(span: span, details: SpanDetails()).isEmpty)
    }
}
