import Foundation
import Testing
@testable import TraceFormats
import TraceModel
import TestSupport

// MARK: - Helpers

private struct Decoded {
    var ts: TraceSet
    var warnings: [String]

    var spans: [Span] { ts.spans }
    func service(_ i: Int) -> String { ts.service(ts.spans[i]) }
    func name(_ i: Int) -> String { ts.name(ts.spans[i]) }
    func details(_ i: Int) -> SpanDetails { ts.details(ts.spans[i]) }
    func attribute(_ i: Int, _ key: String) -> AttributeValue? {
        details(i).attributes.first(where: { $0.key == key })?.value
    }
    func span(id: String) -> Span? { ts.spans.first(where: { $0.spanID == SpanID(id) }) }
}

private func decodeJaeger(_ json: String) throws(JSONError) -> Decoded {
    try decodeJaeger(FileBytes(json))
}

private func decodeJaeger(_ bytes: FileBytes) throws(JSONError) -> Decoded {
    var set = TraceSet()
    var warnings: [String] = []
    var s = bytes.scanner()
    try JaegerDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings)
    return Decoded(ts: set, warnings: warnings)
}

private func corpus(_ name: String) throws -> Decoded {
    let data = try Data(contentsOf: URL(fileURLWithPath: Corpus.path("jaeger/" + name)))
    return try decodeJaeger(FileBytes([UInt8](data), name: name))
}

/// A UI-JSON span with the given fields spliced in.
private func span(_ id: String, trace: String = "0000000000000001", extra: String = "") -> String {
    #"{"traceID":"\#(trace)","spanID":"\#(id)","operationName":"op-\#(id)","startTime":1000,"duration":5,"processID":"p1"\#(extra.isEmpty ? "" : "," + extra)}"#
}

private func trace(_ spans: [String], processes: String = #""p1":{"serviceName":"svc","tags":[]}"#) -> String {
    #"{"traceID":"0000000000000001","spans":[\#(spans.joined(separator: ","))],"processes":{\#(processes)}}"#
}

private func tags(_ items: String) -> String { #""tags":[\#(items)]"# }

// MARK: - Shapes

@Suite("Jaeger decoder: document shapes")
struct JaegerShapeTests {
    static let oneSpanTrace = trace([span("2")])

    @Test("every top-level shape yields the span with its service", arguments: [
        ("envelope", #"{"data":[\#(oneSpanTrace)],"total":1,"limit":0,"offset":0,"errors":null}"#),
        ("UI state, data object", #"{"data":\#(oneSpanTrace),"id":"x","state":"FETCHED_DONE"}"#),
        ("bare array of traces", "[\(oneSpanTrace)]"),
        ("bare trace", oneSpanTrace),
        ("lone span with embedded process",
         #"{"traceID":"1","spanID":"2","operationName":"op-2","startTime":1000,"duration":5,"process":{"serviceName":"svc"}}"#),
        ("api_v2 batch with batch process",
         #"{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":"AAAAAAAAAAI=","operationName":"op-2","startTime":"1970-01-01T00:00:00.001Z","duration":"5us"}],"process":{"serviceName":"svc"}}"#),
        ("api_v2 trace with processMap",
         #"{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":"AAAAAAAAAAI=","operationName":"op-2","startTime":"1970-01-01T00:00:00.001Z","duration":"5000ns","processId":"p1"}],"processMap":[{"processId":"p1","process":{"serviceName":"svc"}}]}"#),
    ])
    func shapes(_ label: String, _ json: String) throws {
        let d = try decodeJaeger(json)
        #expect(d.spans.count == 1, "\(label)")
        let s = try #require(d.spans.first)
        #expect(s.traceID == TraceID(high: 0, low: 1), "\(label)")
        #expect(s.spanID == SpanID(2), "\(label)")
        #expect(s.start == 1_000_000, "\(label)")
        #expect(s.duration == 5_000, "\(label)")
        #expect(d.service(0) == "svc", "\(label)")
        #expect(d.name(0) == "op-2", "\(label)")
        #expect(d.warnings.isEmpty, "\(label): \(d.warnings)")
        #expect(d.ts.resource(s.resource)?.service == s.service, "\(label)")
    }

    @Test func processesAfterSpansAreResolvedPerTrace() throws {
        // Two traces each using "p1" for a different service; processes come after spans.
        let json = """
        {"data":[
          {"spans":[\(span("a", trace: "1"))],"traceID":"1","processes":{"p1":{"serviceName":"alpha","tags":[]}}},
          {"spans":[\(span("b", trace: "2"))],"traceID":"2","processes":{"p1":{"serviceName":"beta","tags":[]}}}
        ]}
        """
        let d = try decodeJaeger(json)
        #expect(d.spans.count == 2)
        #expect(d.service(0) == "alpha")
        #expect(d.service(1) == "beta")
        #expect(d.spans[0].resource != d.spans[1].resource)
        #expect(d.warnings.isEmpty)
    }

    @Test func identicalProcessesShareOneResource() throws {
        let p = #""p1":{"serviceName":"svc","tags":[{"key":"hostname","type":"string","value":"h1"}]}"#
        let d = try decodeJaeger("[\(trace([span("1")], processes: p)),\(trace([span("2")], processes: p))]")
        #expect(d.spans.count == 2)
        #expect(d.spans[0].resource == d.spans[1].resource)
        #expect(d.ts.resources.count == 1)
    }

    @Test func envelopeErrorsBecomeWarnings() throws {
        let json = #"{"data":null,"total":0,"errors":[{"code":404,"msg":"trace not found","traceID":"abc"},{"code":500,"msg":"storage down"}]}"#
        let d = try decodeJaeger(json)
        #expect(d.spans.isEmpty)
        #expect(d.warnings == [
            "Jaeger query error 404: trace not found (trace abc)",
            "Jaeger query error 500: storage down",
        ])
    }

    @Test func traceWarningsAreReportedOnce() throws {
        let json = #"{"traceID":"1","spans":[\#(span("2"))],"processes":{"p1":{"serviceName":"s"}},"warnings":["clock skew adjusted","clock skew adjusted"]}"#
        let d = try decodeJaeger(json)
        #expect(d.warnings == ["trace 0000000000000001: clock skew adjusted"])
    }

    @Test func spanWithoutTraceIDTakesTheTraceObjectsID() throws {
        let s = #"{"spanID":"5","operationName":"x","startTime":10,"duration":1,"processID":"p1"}"#
        let d = try decodeJaeger(#"{"spans":[\#(s)],"processes":{"p1":{"serviceName":"s"}},"traceID":"00000000000000aa"}"#)
        #expect(d.spans.count == 1)
        #expect(d.spans[0].traceID == TraceID(high: 0, low: 0xaa))
    }

    @Test func spanWithNoTraceIDAnywhereIsSkipped() throws {
        let s = #"{"spanID":"5","operationName":"x","startTime":10,"duration":1}"#
        let d = try decodeJaeger(#"{"spans":[\#(s), \#(s)]}"#)
        #expect(d.spans.isEmpty)
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.hasPrefix("2 spans have no traceID and were skipped (first: span at byte 10") == true)
    }

    @Test("structural errors throw with the byte offset", arguments: [
        (#"{"data":[{"traceID":"1","spans":[{"spanID":"2""#, "unexpected end of input"),
        (#"{"data":[1]}"#, "expected a Jaeger trace object"),
        (#"{"foo":1}"#, "not a Jaeger JSON document"),
        ("42", "expected a Jaeger JSON object or array"),
    ])
    func structuralErrors(_ json: String, _ message: String) {
        #expect(throws: JSONError.self) { try decodeJaeger(json) }
        do {
            _ = try decodeJaeger(json)
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.offset >= 0 && error.offset <= json.utf8.count)
        }
    }

    @Test func apiV3SummariesCarryNoSpans() throws {
        let d = try decodeJaeger(#"{"summaries":[{"traceId":"01","spanCount":2}]}"#)
        #expect(d.spans.isEmpty)
        #expect(d.warnings.count == 1)
        #expect(d.warnings[0].contains("summaries"))
    }
}

// MARK: - Ids, parents, references

@Suite("Jaeger decoder: ids and references")
struct JaegerReferenceTests {
    @Test("ids are lenient hex, left-padded; 64-bit trace ids render as 16 hex", arguments: [
        ("2", "0000000000000002"),
        ("c26551047c72d19", "0c26551047c72d19"),
        ("00000000000000010000000000000002", "00000000000000010000000000000002"),
        ("1000000000000000000000000000000a", "1000000000000000000000000000000a"),
        ("0000000000000000000000000000000a", "000000000000000a"),
        ("ABCDEF", "0000000000abcdef"),
        ("AAAAAAAAAAAAAAAAAAAAAQ==", "0000000000000001"),  // padded base64 is unambiguous
    ])
    func lenientIDs(_ text: String, _ hex: String) throws {
        let d = try decodeJaeger(trace([span("1", trace: text)]))
        #expect(d.spans.first?.traceID.hex == hex)
    }

    @Test func invalidIDsSkipTheSpanWithAWarning() throws {
        let tooLong = String(repeating: "1", count: 33)
        let d = try decodeJaeger(trace([span("zz"), span("3", trace: tooLong), span("4")]))
        #expect(d.spans.map(\.spanID) == [SpanID(4)])
        #expect(d.warnings.contains { $0.contains("spanID \"zz\" is not a valid id; skipped") })
        #expect(d.warnings.contains { $0.contains("is not a valid id; skipped") && $0.contains("traceID") })
    }

    struct ParentCase: Sendable, CustomStringConvertible {
        var description: String
        var extra: String
        var parent: UInt64
        var followsFrom: Bool
        var invalid: Bool
        var links: UInt32
    }

    static let parentCases: [ParentCase] = [
        .init(description: "CHILD_OF same trace", extra: #""references":[{"refType":"CHILD_OF","traceID":"1","spanID":"a"}]"#,
              parent: 0xa, followsFrom: false, invalid: false, links: 0),
        .init(description: "CHILD_OF another trace is a link, not a parent",
              extra: #""references":[{"refType":"CHILD_OF","traceID":"ff","spanID":"ff"}]"#,
              parent: 0, followsFrom: false, invalid: false, links: 1),
        .init(description: "first CHILD_OF of the same trace wins over an earlier FOLLOWS_FROM",
              extra: #""references":[{"refType":"FOLLOWS_FROM","traceID":"1","spanID":"b"},{"refType":"CHILD_OF","traceID":"ff","spanID":"c"},{"refType":"CHILD_OF","traceID":"1","spanID":"a"}]"#,
              parent: 0xa, followsFrom: false, invalid: false, links: 2),
        .init(description: "FOLLOWS_FROM parent when no CHILD_OF of the same trace",
              extra: #""references":[{"refType":"CHILD_OF","traceID":"ff","spanID":"c"},{"refType":"FOLLOWS_FROM","traceID":"1","spanID":"b"}]"#,
              parent: 0xb, followsFrom: true, invalid: false, links: 1),
        .init(description: "deprecated parentSpanID", extra: #""parentSpanID":"d""#,
              parent: 0xd, followsFrom: false, invalid: false, links: 0),
        .init(description: "references win over parentSpanID",
              extra: #""parentSpanID":"d","references":[{"refType":"CHILD_OF","traceID":"1","spanID":"a"}]"#,
              parent: 0xa, followsFrom: false, invalid: false, links: 0),
        .init(description: "parentSpanID used when the only reference is to another trace",
              extra: #""parentSpanID":"d","references":[{"refType":"CHILD_OF","traceID":"ff","spanID":"a"}]"#,
              parent: 0xd, followsFrom: false, invalid: false, links: 1),
        .init(description: "self reference is dropped", extra: #""references":[{"refType":"CHILD_OF","traceID":"1","spanID":"2"}]"#,
              parent: 0, followsFrom: false, invalid: true, links: 1),
        .init(description: "parentSpanID not hex", extra: #""parentSpanID":"BADID""#,
              parent: 0, followsFrom: false, invalid: true, links: 0),
        .init(description: "api_v2 enum number refType 1 = FOLLOWS_FROM",
              extra: #""references":[{"refType":1,"traceID":"1","spanID":"b"}]"#,
              parent: 0xb, followsFrom: true, invalid: false, links: 0),
        .init(description: "reference with a bad id is ignored",
              extra: #""references":[{"refType":"CHILD_OF","traceID":"1","spanID":"xyz!"},{"refType":"FOLLOWS_FROM","traceID":"1","spanID":"b"}]"#,
              parent: 0xb, followsFrom: true, invalid: false, links: 0),
    ]

    @Test(arguments: parentCases)
    func parentSelection(_ c: ParentCase) throws {
        let d = try decodeJaeger(trace([span("2", trace: "1", extra: c.extra)]))
        let s = try #require(d.spans.first)
        #expect(s.parentID == SpanID(c.parent))
        #expect(s.flags.contains(.followsFromParent) == c.followsFrom)
        #expect(s.flags.contains(.invalidParent) == c.invalid)
        #expect(s.linkCount == c.links)
        #expect(d.details(0).links.count == Int(c.links))
        #expect(!d.details(0).links.contains { $0.spanID == s.parentID && !s.parentID.isZero && $0.traceID == s.traceID })
        #expect(d.warnings.isEmpty == !c.invalid)
    }

    @Test func linksCarryTheReferenceType() throws {
        let refs = #""references":[{"refType":"CHILD_OF","traceID":"1","spanID":"a"},{"refType":"FOLLOWS_FROM","traceID":"1","spanID":"b"},{"refType":"CHILD_OF","traceID":"00000000000000010000000000000099","spanID":"c"}]"#
        let d = try decodeJaeger(trace([span("2", trace: "1", extra: refs)]))
        #expect(d.spans[0].parentID == SpanID(0xa))
        #expect(d.details(0).links == [
            SpanLink(traceID: TraceID(high: 0, low: 1), spanID: SpanID(0xb),
                     attributes: [Attribute("opentracing.ref_type", .string("follows_from"))]),
            SpanLink(traceID: TraceID(high: 1, low: 0x99), spanID: SpanID(0xc),
                     attributes: [Attribute("opentracing.ref_type", .string("child_of"))]),
        ])
    }

    @Test func duplicateSpanIDsAreKept() throws {
        let d = try decodeJaeger(trace([span("2"), span("2")]))
        #expect(d.spans.count == 2)
        #expect(d.spans[0].spanID == d.spans[1].spanID)
    }
}

// MARK: - Kind, status, process

@Suite("Jaeger decoder: kind, status and processes")
struct JaegerStatusTests {
    struct StatusCase: Sendable, CustomStringConvertible {
        var description: String
        var tags: String
        var kind: SpanKind
        var status: SpanStatus
    }

    static let statusCases: [StatusCase] = [
        .init(description: "no tags", tags: "", kind: .unspecified, status: .unset),
        .init(description: "error bool true", tags: #"{"key":"error","type":"bool","value":true}"#, kind: .unspecified, status: .error),
        .init(description: "error string true", tags: #"{"key":"error","type":"bool","value":"true"}"#, kind: .unspecified, status: .error),
        .init(description: "error false is not an error", tags: #"{"key":"error","type":"bool","value":false}"#, kind: .unspecified, status: .unset),
        .init(description: "error true wins over otel OK",
              tags: #"{"key":"otel.status_code","type":"string","value":"OK"},{"key":"error","type":"bool","value":true}"#,
              kind: .unspecified, status: .error),
        .init(description: "otel ERROR lower-case", tags: #"{"key":"otel.status_code","type":"string","value":"error"}"#, kind: .unspecified, status: .error),
        .init(description: "otel Ok", tags: #"{"key":"otel.status_code","type":"string","value":"Ok"}"#, kind: .unspecified, status: .ok),
        .init(description: "otel OK beats http 500",
              tags: #"{"key":"http.status_code","type":"int64","value":500},{"key":"otel.status_code","type":"string","value":"OK"}"#,
              kind: .unspecified, status: .ok),
        .init(description: "http 503", tags: #"{"key":"http.status_code","type":"int64","value":503}"#, kind: .unspecified, status: .error),
        .init(description: "http 500 as string", tags: #"{"key":"http.status_code","type":"string","value":"500"}"#, kind: .unspecified, status: .error),
        .init(description: "http 404 client, kind after status",
              tags: #"{"key":"http.status_code","type":"int64","value":404},{"key":"span.kind","type":"string","value":"client"}"#,
              kind: .client, status: .error),
        .init(description: "http 404 server",
              tags: #"{"key":"span.kind","type":"string","value":"server"},{"key":"http.status_code","type":"int64","value":404}"#,
              kind: .server, status: .unset),
        .init(description: "producer", tags: #"{"key":"span.kind","type":"string","value":"producer"}"#, kind: .producer, status: .unset),
        .init(description: "consumer, value before key", tags: #"{"value":"consumer","type":"string","key":"span.kind"}"#, kind: .consumer, status: .unset),
        .init(description: "internal", tags: #"{"key":"span.kind","type":"string","value":"INTERNAL"}"#, kind: .internal, status: .unset),
        .init(description: "api_v2 fields", tags: #"{"key":"span.kind","vStr":"client"},{"key":"error","vType":"BOOL","vBool":true}"#, kind: .client, status: .error),
        .init(description: "not the tag names", tags: #"{"key":"x.error","type":"bool","value":true},{"key":"kind","type":"string","value":"client"}"#, kind: .unspecified, status: .unset),
    ]

    @Test(arguments: statusCases)
    func kindAndStatus(_ c: StatusCase) throws {
        let d = try decodeJaeger(trace([span("2", extra: tags(c.tags))]))
        #expect(d.spans.first?.kind == c.kind)
        #expect(d.spans.first?.status == c.status)
    }

    @Test func statusMessageAndScopeComeFromTags() throws {
        let t = tags(#"{"key":"otel.status_code","type":"string","value":"ERROR"},{"key":"otel.status_description","type":"string","value":"boom"},{"key":"otel.scope.name","type":"string","value":"lib"},{"key":"otel.scope.version","type":"string","value":"1.2"}"#)
        let d = try decodeJaeger(trace([span("2", extra: t)]))
        #expect(d.spans[0].status == .error)
        let det = d.details(0)
        #expect(det.statusMessage == "boom")
        #expect(det.scopeName == "lib")
        #expect(det.scopeVersion == "1.2")
    }

    @Test func missingProcessIsUnknownServiceWithAWarning() throws {
        let noProcess = #"{"traceID":"1","spanID":"3","operationName":"x","startTime":1,"duration":1}"#
        let d = try decodeJaeger(trace([span("2", extra: #""processID":"p9""#), noProcess]))
        #expect(d.spans.count == 2)
        #expect(d.service(0) == "unknown-service")
        #expect(d.service(1) == "unknown-service")
        #expect(d.spans[0].resource == d.spans[1].resource)
        #expect(d.warnings.contains { $0.contains("processID \"p9\" is not in processes") })
        #expect(d.warnings.contains { $0.contains("no process; service set to unknown-service") })
    }

    @Test("host key: hostname/host.name, else ip/host.ip", arguments: [
        (#"{"key":"ip","type":"string","value":"10.0.0.1"},{"key":"hostname","type":"string","value":"web-1"}"#, "web-1"),
        (#"{"key":"host.ip","type":"string","value":"10.0.0.2"}"#, "10.0.0.2"),
        (#"{"key":"host.name","type":"string","value":"db"},{"key":"ip","type":"string","value":"10.0.0.1"}"#, "db"),
        (#"{"key":"ip","type":"int64","value":167772161}"#, "10.0.0.1"),
        (#"{"key":"other","type":"string","value":"x"}"#, ""),
    ])
    func hostKey(_ processTags: String, _ host: String) throws {
        let d = try decodeJaeger(trace([span("2")], processes: #""p1":{"serviceName":"svc","tags":[\#(processTags)]}"#))
        let r = try #require(d.ts.resource(d.spans[0].resource))
        #expect(r.host == host)
        #expect(r.attributes.count == processTags.components(separatedBy: "\"key\"").count - 1)
    }
}

// MARK: - Times

@Suite("Jaeger decoder: times and durations")
struct JaegerTimeTests {
    @Test("RFC 3339", arguments: [
        ("2017-01-26T16:46:31.639875139-05:00", Int64(1_485_467_191_639_875_139)),
        ("2017-01-26T21:46:31.639875139Z", 1_485_467_191_639_875_139),
        ("2017-01-26t21:46:31z", 1_485_467_191_000_000_000),
        ("2017-01-26 21:46:31.5Z", 1_485_467_191_500_000_000),
        ("2024-02-29T12:00:00+05:30", 1_709_188_200_000_000_000),
        ("2024-02-29T12:00:00+0530", 1_709_188_200_000_000_000),
        ("1969-12-31T23:59:59Z", -1_000_000_000),
        ("2017-01-26T21:46:31.1234567891234Z", 1_485_467_191_123_456_789),
    ])
    func rfc3339(_ text: String, _ ns: Int64) {
        var t = text
        #expect(t.withUTF8 { JaegerText.parseRFC3339($0) } == ns)
    }

    @Test("RFC 3339 rejects", arguments: [
        "2017-01-26", "2017-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2017-01-26T21:46:31", "2017-01-26T21:46:31.Z",
        "2017-01-26T25:00:00Z", "2017-01-26T21:46:31Zjunk", "", "x",
    ])
    func rfc3339Rejects(_ text: String) {
        var t = text
        #expect(t.withUTF8 { JaegerText.parseRFC3339($0) } == nil)
    }

    @Test("durations", arguments: [
        ("5000ns", Int64(5000)), ("1.5s", 1_500_000_000), ("3ms", 3_000_000), ("20us", 20_000), ("20µs", 20_000),
        ("20μs", 20_000), ("1h2m3s", 3_723_000_000_000), ("0", 0), ("0.000005s", 5000), ("-1s", -1_000_000_000),
    ])
    func durations(_ text: String, _ ns: Int64) {
        var t = text
        #expect(t.withUTF8 { JaegerText.parseDuration($0) } == ns)
    }

    @Test("durations rejects", arguments: ["5", "5x", "s", "", "1.5", "ms5"])
    func durationRejects(_ text: String) {
        var t = text
        #expect(t.withUTF8 { JaegerText.parseDuration($0) } == nil)
    }

    @Test func startTimeZeroIsMissingStart() throws {
        let s0 = #"{"traceID":"1","spanID":"2","operationName":"x","startTime":0,"duration":5,"processID":"p1"}"#
        let s1 = #"{"traceID":"1","spanID":"3","operationName":"x","startTime":-4,"duration":5,"processID":"p1"}"#
        let s2 = #"{"traceID":"1","spanID":"4","operationName":"x","startTime":0,"duration":5,"processID":"p1"}"#
        let d = try decodeJaeger(trace([s0, s1, s2]))
        #expect(d.spans.count == 3)
        #expect(d.spans.allSatisfy { $0.flags.contains(.missingStart) && $0.start == 0 })
        #expect(d.warnings.count == 1)
        #expect(d.warnings[0].hasPrefix("3 spans have a startTime ≤ 0 (first: span at byte "))
    }

    @Test func missingAndNegativeDurations() throws {
        let noDur = #"{"traceID":"1","spanID":"2","operationName":"x","startTime":7,"processID":"p1"}"#
        let neg = #"{"traceID":"1","spanID":"3","operationName":"x","startTime":7,"duration":-5,"processID":"p1"}"#
        let bad = #"{"traceID":"1","spanID":"4","operationName":"x","startTime":"yesterday","duration":"soon","processID":"p1"}"#
        let d = try decodeJaeger(trace([noDur, neg, bad]))
        #expect(d.spans.count == 3)
        #expect(d.spans[0].flags == [.missingDuration])
        #expect(d.spans[0].start == 7_000)
        #expect(d.spans[1].flags == [.endBeforeStart])
        #expect(d.spans[1].duration == 0)
        #expect(d.spans[2].flags == [.missingStart, .missingDuration])
        #expect(d.warnings.count == 4)
        #expect(d.warnings.contains { $0.contains("no duration") })
        #expect(d.warnings.contains { $0.contains("duration is negative") })
        #expect(d.warnings.contains { $0.contains("startTime is not a time") })
        #expect(d.warnings.contains { $0.contains("duration is not a duration") })
    }

    @Test func hugeStartTimeIsNotAThrow() throws {
        let s = #"{"traceID":"1","spanID":"2","operationName":"x","startTime":99999999999999999999,"duration":5,"processID":"p1"}"#
        let d = try decodeJaeger(trace([s]))
        #expect(d.spans.first?.flags.contains(.missingStart) == true)
    }
}

// MARK: - Details

@Suite("Jaeger decoder: lazily decoded details")
struct JaegerDetailTests {
    @Test func typedTagValues() throws {
        let t = tags(#"""
        {"key":"s","type":"string","value":"text"},
        {"key":"b","type":"bool","value":true},
        {"key":"i","type":"int64","value":23456},
        {"key":"big","type":"int64","value":"9223372036854775222"},
        {"key":"f","type":"float64","value":72.5},
        {"key":"bin","type":"binary","value":"AAAwOQ=="},
        {"key":"esc","type":"string","value":"a\"b\u00e9\ud83d\ude00"},
        {"key":"untyped","value":1.25},
        {"key":"odd","type":"int64","value":"not a number"},
        {"key":"nested","type":"string","value":{"a":[1,2]}},
        {"key":"v2","vType":"INT64"},
        {"key":"v2s","vStr":"x"}
        """#)
        let d = try decodeJaeger(trace([span("2", extra: t)]))
        let attrs = d.details(0).attributes
        #expect(attrs == [
            Attribute("s", .string("text")),
            Attribute("b", .bool(true)),
            Attribute("i", .int(23456)),
            Attribute("big", .int(9_223_372_036_854_775_222)),
            Attribute("f", .double(72.5)),
            Attribute("bin", .bytes([0, 0, 0x30, 0x39])),
            Attribute("esc", .string("a\"bé😀")),
            Attribute("untyped", .double(1.25)),
            Attribute("odd", .string("not a number")),
            Attribute("nested", .string(#"{"a":[1,2]}"#)),
            Attribute("v2", .int(0)),
            Attribute("v2s", .string("x")),
        ])
    }

    @Test func logsBecomeEvents() throws {
        let logs = #""logs":[{"timestamp":1500,"fields":[{"key":"event","type":"string","value":"retry"},{"key":"attempt","type":"int64","value":2}]},{"timestamp":1600,"fields":[{"key":"x","type":"string","value":"y"}]}]"#
        let d = try decodeJaeger(trace([span("2", extra: logs)]))
        #expect(d.spans[0].eventCount == 2)
        #expect(d.details(0).events == [
            SpanEvent(time: 1_500_000, name: "retry", attributes: [Attribute("attempt", .int(2))]),
            SpanEvent(time: 1_600_000, name: "log", attributes: [Attribute("x", .string("y"))]),
        ])
    }

    @Test func detailSourceNeverCrashesOnBadRanges() throws {
        let bytes = FileBytes(#"{"traceID":"1","spanID":"2","tags":[{"key":"a","type":"string","value":"b"},{"key":"#)
        let source = JaegerDetailSource(bytes: bytes)
        let partial = source.details(DetailRef(source: 0, offset: 0, length: UInt32(bytes.count)))
        #expect(partial.attributes == [Attribute("a", .string("b"))])
        #expect(source.details(DetailRef(source: 0, offset: 10_000, length: 5)) == SpanDetails())
        #expect(source.details(DetailRef(source: 0, offset: 3, length: 4)) == SpanDetails())
        #expect(source.details(DetailRef(source: 0, offset: 0, length: 99_999, variant: 0xFF)).attributes.count == 1)
    }

    @Test func invalidUTF8InNamesDoesNotCrash() throws {
        var bytes = Array(trace([span("2")]).utf8)
        let name = Array("op-2".utf8)
        let i = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == name })
        bytes[i + 1] = 0xFF
        let d = try decodeJaeger(FileBytes(bytes))
        #expect(d.spans.count == 1)
        #expect(d.name(0).unicodeScalars.contains("\u{FFFD}"))
    }
}

// MARK: - Corpus

@Suite("Jaeger corpus", .enabled(if: Corpus.present))
struct JaegerCorpusTests {
    @Test func ui01DuplicatesCrossTraceReferenceAndBigInts() throws {
        let d = try corpus("jaeger-uimodel-ui_01.json")
        #expect(d.spans.count == 5)
        #expect(d.spans.allSatisfy { $0.traceID.hex == "0000000000000001" })
        // Duplicate span id 2, both kept.
        #expect(d.spans.filter { $0.spanID == SpanID(2) }.count == 2)
        #expect(d.service(0) == "service-x" && d.service(1) == "service-x")
        #expect(d.service(2) == "service-y")
        #expect(d.spans[1].status == .error)
        #expect(d.spans[0].status == .unset)
        // Span 4: CHILD_OF another trace → link; CHILD_OF 2 of this trace is the parent; FOLLOWS_FROM → link.
        let s4 = try #require(d.span(id: "4"))
        #expect(s4.parentID == SpanID(2))
        #expect(!s4.flags.contains(.followsFromParent))
        #expect(s4.linkCount == 2)
        let links = d.ts.details(s4).links
        #expect(links.map(\.traceID) == [TraceID(high: 0, low: 0xff), TraceID(high: 0, low: 1)])
        #expect(links.map(\.spanID) == [SpanID(0xff), SpanID(2)])
        #expect(links.map { $0.attributes.first?.value } == [.string("child_of"), .string("follows_from")])
        #expect(d.span(id: "5")?.parentID == SpanID(4))
        #expect(d.span(id: "3")?.parentID == SpanID(2))
        // Tag types; int64 > 2^53 arrives as a string.
        #expect(d.attribute(1, "javascript_limit") == .int(9_223_372_036_854_775_222))
        #expect(d.attribute(1, "peer.ipv4") == .int(23456))
        #expect(d.attribute(1, "temperature") == .double(72.5))
        #expect(d.attribute(1, "blob") == .bytes([0, 0, 0x30, 0x39]))
        #expect(d.attribute(1, "error") == .bool(true))
        // Logs.
        #expect(d.spans[0].eventCount == 2)
        #expect(d.details(0).events.map(\.name) == ["some-event", "log"])
        #expect(d.details(0).events.map(\.time) == [1_485_467_191_639_875_000, 1_485_467_191_639_875_000])
        #expect(d.spans[0].start == 1_485_467_191_639_875_000)
        #expect(d.spans[4].duration == 4_000)
        #expect(d.warnings == ["trace 0000000000000001: some trace warning"])
    }

    @Test func es01LoneSpanWithEmbeddedProcessAndStringValues() throws {
        let d = try corpus("jaeger-uimodel-es_01-single-span-embedded-process.json")
        #expect(d.spans.count == 1)
        let s = d.spans[0]
        #expect(s.traceID.hex == "0000000000000001")
        #expect(s.spanID == SpanID(2))
        #expect(s.parentID == SpanID(3))
        #expect(s.linkCount == 2)
        #expect(s.status == .error)  // "error": "true" as a string
        #expect(d.service(0) == "service-x")
        #expect(d.attribute(0, "blob") == .bytes([0, 0, 0x30, 0x39]))  // hex in this variant
        #expect(d.attribute(0, "peer.ipv4") == .int(23456))
        #expect(d.attribute(0, "temperature") == .double(72.5))
        #expect(d.attribute(0, "error") == .bool(true))
        let det = d.details(0)
        #expect(det.links.map(\.spanID) == [SpanID(4), SpanID(0xff)])
        #expect(det.events.map(\.name) == ["123415", "log"])
        let r = try #require(d.ts.resource(s.resource))
        #expect(r.attributes == [Attribute("peer.ipv4", .int(23456)), Attribute("error", .bool(true))])
        #expect(d.warnings.isEmpty)
    }

    @Test func domain01ProtobufJSONTimesParsedExactly() throws {
        let d = try corpus("jaeger-model-protojson-domain_01.json")
        #expect(d.spans.count == 5)
        #expect(d.spans.allSatisfy { $0.traceID == TraceID(high: 0, low: 1) })
        #expect(d.spans.map(\.spanID.value) == [2, 2, 3, 4, 5])
        #expect(d.spans.allSatisfy { $0.start == 1_485_467_191_639_875_139 })
        #expect(d.spans.map(\.duration) == [5000, 5000, 5000, 5000, 4000])
        #expect((0..<5).map { d.service($0) } == ["service-x", "service-x", "service-y", "service-y", "service-y"])
        #expect(d.spans[2].parentID == SpanID(2))
        #expect(d.spans[3].parentID == SpanID(2))
        #expect(d.spans[3].linkCount == 2)
        #expect(d.spans[4].parentID == SpanID(4))
        #expect(d.spans[1].status == .error)
        #expect(d.attribute(1, "javascript_limit") == .int(9_223_372_036_854_775_222))
        #expect(d.attribute(1, "blob") == .bytes([0, 0, 0x30, 0x39]))
        #expect(d.attribute(1, "peer.service") == .string("service-y"))
        #expect(d.details(0).events.map(\.time) == [1_485_467_191_639_875_139, 1_485_467_191_639_875_139])
        #expect(d.details(0).events.map(\.name) == ["some-event", "log"])
        #expect(d.ts.details(d.spans[3]).links.map(\.traceID) == [TraceID(high: 0, low: 0xff), TraceID(high: 0, low: 1)])
        #expect(d.warnings == ["trace: some trace warning"])
    }

    @Test func otlp2jaegerOutEnvelope() throws {
        let d = try corpus("jaeger-query-otlp2jaeger-out.json")
        #expect(d.spans.count == 2)
        #expect(d.spans[0].detail.offset != d.spans[1].detail.offset)
        #expect(d.spans[0].spanID == d.spans[1].spanID)
        for s in d.spans {
            #expect(s.traceID.hex == "83a9efd15c1c98a977e0711cc93ee28b")
            #expect(s.spanID == SpanID("e127af99e3b3e074"))
            #expect(s.parentID == SpanID("909541b92cf05311"))  // orphan: the parent is not in the file
            #expect(s.kind == .server)
            #expect(s.duration == 123_000)
            #expect(d.ts.service(s) == "telemetrygen")
        }
        #expect(d.details(0).scopeName == "telemetrygen")
        #expect(d.warnings.isEmpty)
    }

    @Test func flamegraphUIStateDataObject() throws {
        let d = try corpus("jaeger-ui-flamegraph-testTrace.json")
        #expect(d.spans.count == 4)
        #expect(d.spans.allSatisfy { $0.traceID.hex == "84b3fad94c6112edd6af3347d06f6f1d" && $0.linkCount == 0 })
        let root = try #require(d.span(id: "487f03177ef9cf89"))
        #expect(root.parentID.isZero)
        #expect(d.ts.service(root) == "load-generator")
        let client = try #require(d.span(id: "d81ccf159d71bc66"))
        #expect(client.parentID == root.spanID && client.kind == .client && client.status == .unset)
        let server = try #require(d.span(id: "3d4670fa91902216"))
        #expect(server.parentID == client.spanID && server.kind == .server)
        #expect(d.ts.service(server) == "ride-sharing-app")
        #expect(d.span(id: "7bc101ef51dbc40c")?.parentID == server.spanID)
        #expect(d.ts.details(root).attributes.contains(Attribute("internal.span.format", .string("jaeger"))))
        #expect(d.warnings.isEmpty)
    }

    @Test func multiResourceEnvelope() throws {
        let d = try corpus("jaeger-ui-oltp2jaeger-multi-out.json")
        #expect(d.spans.count == 4)
        #expect(d.spans.allSatisfy { $0.kind == .internal })
        #expect(d.spans.filter { $0.parentID.isZero }.map(\.spanID) == [SpanID("eff3153be6b1fb93")])
        let r = try #require(d.ts.resource(d.spans[0].resource))
        #expect(d.ts.strings[r.service] == "example-trace")
        #expect(r.attributes.map(\.key) == ["telemetry.sdk.language", "telemetry.sdk.name", "telemetry.sdk.version"])
    }

    @Test func childLongerThanParent() throws {
        let d = try corpus("jaeger-ui-child-longer-than-parent.json")
        #expect(d.spans.map(\.start) == [100_000, 200_000])
        #expect(d.spans.map(\.duration) == [40_000, 300_000])
        #expect(d.spans.map(\.kind) == [.producer, .client])
        #expect(d.spans[1].parentID == d.spans[0].spanID)
        #expect((0..<2).map { d.service($0) } == ["service-one", "service-two"])
    }

    @Test func bareTraceWithShortSpanID() throws {
        let d = try corpus("jaeger-ui-spanAmongEachOtherGroupedAndSpans.json")
        #expect(d.spans.count == 17)
        #expect(d.span(id: "a68c6983a6d81a2")?.spanID.hex == "0a68c6983a6d81a2")
        #expect(d.spans.filter { $0.parentID.isZero }.map(\.spanID) == [SpanID("9afcdf2e24e8d70a")])
        #expect(d.spans.filter { d.ts.service($0) == "customers-service" }.count == 15)
    }

    static let allFiles = [
        "jaeger-uimodel-ui_01.json", "jaeger-uimodel-es_01-single-span-embedded-process.json",
        "jaeger-model-protojson-domain_01.json", "jaeger-query-otlp2jaeger-out.json",
        "jaeger-ui-flamegraph-testTrace.json", "jaeger-ui-oltp2jaeger-multi-out.json",
        "jaeger-ui-child-longer-than-parent.json", "jaeger-ui-spanAmongEachOtherGroupedAndSpans.json",
        "jaeger-apiv3-snapshot-FindTraceSummaries.json",
    ]

    /// Truncated and byte-flipped versions of every file either decode or throw a JSONError
    /// inside the input; details of whatever decoded never crash.
    @Test(arguments: allFiles)
    func damagedInputNeverCrashes(_ name: String) throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Corpus.path("jaeger/" + name))))
        var rng = SplitMix64(seed: 1)
        func next() -> Int { rng.below(original.count) }
        var variants: [[UInt8]] = stride(from: 0, to: original.count, by: max(1, original.count / 150)).map { Array(original[..<$0]) }
        for _ in 0..<150 {
            var b = original
            b[next()] = [0x22, 0x7B, 0x5D, 0x2C, 0x30, 0xFF, 0x5C, 0x3D][next() % 8]
            variants.append(b)
        }
        var decodedSomething = 0
        for b in variants {
            do {
                let d = try decodeJaeger(FileBytes(b))
                for s in d.spans { _ = d.ts.details(s) }
                decodedSomething += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= b.count)
            }
        }
        #expect(decodedSomething > 0)
    }

    @Test(arguments: allFiles)
    func everyFileDecodes(_ name: String) throws {
        let d = try corpus(name)
        for s in d.spans {
            #expect(!s.traceID.isZero && !s.spanID.isZero)
            #expect(s.detail.source != .max)
            #expect(d.ts.details(s).links.count == Int(s.linkCount))
            #expect(d.ts.details(s).events.count == Int(s.eventCount))
        }
    }

    @Test func traceSummariesHaveNoSpans() throws {
        let d = try corpus("jaeger-apiv3-snapshot-FindTraceSummaries.json")
        #expect(d.spans.isEmpty)
        #expect(d.warnings.count == 1)
    }
}
