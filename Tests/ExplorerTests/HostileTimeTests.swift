import Testing
@testable import Explorer
import Reports
import TraceFormats
import TraceModel

/// Times at the edges of Int64 once crashed the waterfall, the logs pane and the ruler; they
/// are clamped into the model's range and every screen draws.
@Suite struct HostileTimeTests {
    static let traceID = "0102030405060708090a0b0c0d0e0f10"

    static func otlp(spans: String, logs: String = "") -> String {
        let resource = #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}"#
        var doc = #"{"resourceSpans":[{"resource":\#(resource),"scopeSpans":[{"spans":[\#(spans)]}]}]"#
        if !logs.isEmpty { doc += #","resourceLogs":[{"resource":\#(resource),"scopeLogs":[{"logRecords":[\#(logs)]}]}]"# }
        return doc + "}"
    }

    static func load(_ json: String) throws -> (TraceSet, Analysis) {
        let set = try TraceLoader.decode(FileBytes(json, name: "hostile.json")).set
        return (set, Analysis(set))
    }

    static let spanWithEvent = #"{"traceId":"\#(traceID)","spanId":"0102030405060708","name":"a","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000","events":[{"timeUnixNano":"-9223372036854775808","name":"ev"}]}"#

    @Test(arguments: ["", "<Enter>", "[", "K", "C", "L", "A"])
    func otlpEventAtInt64MinDrawsAtTheStartAndIsNamedInTheDetails(keys: String) throws {
        let (set, analysis) = try Self.load(Self.otlp(spans: Self.spanWithEvent))
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 80, height: 40, keys: keys)
        #expect(out.text.contains("svc: a"))
        if keys == "<Enter>" { #expect(out.text.contains("! 1 event time outside 1970–2116: clamped")) }
    }

    @Test func zipkinAnnotationFarBefore1970DrawsInTheWaterfall() throws {
        let json = #"[{"traceId":"0102030405060708","id":"0102030405060708","name":"a","timestamp":1700000000000000,"duration":1000,"localEndpoint":{"serviceName":"s"},"annotations":[{"timestamp":-4611686018427387904,"value":"boom"}]}]"#
        let (set, analysis) = try Self.load(json)
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 80, height: 40, keys: "<Enter>")
        #expect(out.text.contains("s: a"))
        #expect(out.text.contains("! 1 event time outside 1970–2116: clamped"))
    }

    @Test(arguments: ["L", "A", "<Enter>L", "A<Enter>", "<Enter>A<Enter>"])
    func logRecordAtInt64MinShowsInTheLogsPane(keys: String) throws {
        let span = #"{"traceId":"\#(Self.traceID)","spanId":"0102030405060708","name":"a","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000"}"#
        let log = #"{"timeUnixNano":"-9223372036854775808","body":{"stringValue":"hello"},"traceId":"\#(Self.traceID)","spanId":"0102030405060708"}"#
        let (set, analysis) = try Self.load(Self.otlp(spans: span, logs: log))
        #expect(set.logs.map(\.time) == [0])
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 80, height: 30, keys: keys)
        #expect(out.text.contains("hello"))
    }

    @Test(arguments: [(80, 24), (200, 50), (300, 60)])
    func aTraceSpanningTheWholeRangeHasARuler(width: Int, height: Int) throws {
        let root = #"{"traceId":"\#(Self.traceID)","spanId":"0102030405060708","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let late = #"{"traceId":"\#(Self.traceID)","spanId":"0102030405060709","parentSpanId":"0102030405060708","name":"b","startTimeUnixNano":"4611686018427387000","endTimeUnixNano":"9223372036854775807"}"#
        let (set, analysis) = try Self.load(Self.otlp(spans: root + "," + late))
        let tree = try #require(analysis.trees.first)
        #expect(tree.durationNs == ModelTime.latest - 1)
        for keys in ["", "<Enter>", "j[[[", "jK", "t"] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: width, height: height, keys: keys)
            #expect(out.text.contains("svc: a"))
        }
        // The ruler's first tick is an exact fraction of the trace (its count depends on the width).
        let wide = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 200, height: 50, keys: "")
        #expect((2...8).contains { wide.text.contains("╷" + Units.duration(ModelTime.part(tree.durationNs, 1, of: $0))) })
    }
}
