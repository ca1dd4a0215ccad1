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

@Suite struct SpanEventExceptionTests {
    static let exception = SpanEvent(time: 20, name: "exception", attributes: [
        Attribute("exception.type", .string("IOError")), Attribute("exception.message", .string("disk full"))])

    @Test func exceptionEventsSayTypeAndMessage() {
        #expect(Self.exception.isException)
        #expect(Self.exception.exceptionSummary == "IOError: disk full")
        let untyped = SpanEvent(time: 0, name: "exception", attributes: [Attribute("exception.message", .string("boom"))])
        #expect(untyped.exceptionSummary == "boom")
    }

    @Test func otherEventsAndBareExceptionsHaveNoSummary() {
        let miss = SpanEvent(time: 10, name: "cache miss", attributes: [Attribute("exception.message", .string("x"))])
        #expect(!miss.isException && miss.exceptionSummary == nil)
        #expect(SpanEvent(time: 0, name: "exception").exceptionSummary == nil)
    }
}
