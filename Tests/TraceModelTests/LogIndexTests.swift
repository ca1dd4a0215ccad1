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
