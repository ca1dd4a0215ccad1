import Testing
@testable import Reports
import TraceFormats
import TraceModel

@Suite struct LongSpanSumTests {
    /// 700 roots of about 2^55 ns each: the service table's sums saturate at Int64.max rather
    /// than wrap to a small number.
    @Test func serviceSelfTimeOfManyLongestSpansSaturates() throws {
        let spans = (1 ... 700).map { i in
            let start = 1_700_000_000_000_000_000 + Int64(i) * 1000
            return #"{"traceId":"01020304050607080102030405060708","spanId":"\#(String(format: "%016x", i))","name":"op","startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(start + (1 << 55))"}"#
        }
        let json = #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":["# + spans.joined(separator: ",") + "]}]}]}"
        let set = try TraceLoader.decode(FileBytes(json, name: "long.json")).set
        let analysis = Analysis(set)
        let rows = AnalyzeText.serviceRows(try #require(analysis.trees.first), set)
        #expect(rows.map(\.count) == [700])
        #expect(rows.first?.selfNs == .max)
    }
}
