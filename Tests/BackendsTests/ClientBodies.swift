import TraceModel
@testable import Backends

/// Generated response bodies for the client tests: the same small traces written as each
/// backend writes them, so every API is covered without the corpus.
struct TestSpan {
    var trace: String
    var id: String
    var parent: String?
    var service: String
    var name: String
    /// Unix µs.
    var start: Int64
    var duration: Int64
    var error = false
}

enum Bodies {
    /// 2026-12-01T10:00:00Z in µs.
    static let t0: Int64 = 1_796_119_200_000_000

    /// Two traces: `aa…01` (root frontend GET /cart with a failing child in cart, 3 spans) and
    /// the older `bb…02` (one span).
    static let spans: [TestSpan] = [
        TestSpan(trace: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01", id: "00000000000000a1", parent: nil, service: "frontend", name: "GET /cart", start: t0, duration: 5000),
        TestSpan(trace: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01", id: "00000000000000a2", parent: "00000000000000a1", service: "cart", name: "load", start: t0 + 1000, duration: 2000, error: true),
        TestSpan(trace: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01", id: "00000000000000a3", parent: "00000000000000a2", service: "db", name: "SELECT", start: t0 + 1500, duration: 4500),
        TestSpan(trace: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02", id: "00000000000000b1", parent: nil, service: "frontend", name: "GET /", start: t0 - 60_000_000, duration: 700),
    ]

    static func jaegerTrace(_ spans: [TestSpan]) -> String {
        let items = spans.enumerated().map { i, s in
            let refs = s.parent.map { #"[{"refType":"CHILD_OF","traceID":"\#(s.trace)","spanID":"\#($0)"}]"# } ?? "[]"
            let tags = s.error ? #"[{"key":"error","type":"bool","value":true}]"# : "[]"
            return #"{"traceID":"\#(s.trace)","spanID":"\#(s.id)","operationName":"\#(s.name)","references":\#(refs),"startTime":\#(s.start),"duration":\#(s.duration),"tags":\#(tags),"logs":[],"processID":"p\#(i)","warnings":null}"#
        }
        let processes = spans.enumerated().map { i, s in #""p\#(i)":{"serviceName":"\#(s.service)","tags":[]}"# }
        return #"{"traceID":"\#(spans[0].trace)","spans":[\#(items.joined(separator: ","))],"processes":{\#(processes.joined(separator: ","))},"warnings":null}"#
    }

    /// The classic envelope around traces (grouped by trace id, in order of appearance).
    static func jaegerEnvelope(_ spans: [TestSpan], errors: String = "null") -> String {
        let traces = grouped(spans).map(jaegerTrace)
        return #"{"data":[\#(traces.joined(separator: ","))],"total":0,"limit":0,"offset":0,"errors":\#(errors)}"#
    }

    static func otlp(_ spans: [TestSpan], base64IDs: Bool = false) -> String {
        let resources = spans.map { s in
            let parent = s.parent.map { #","parentSpanId":"\#(id($0, base64IDs))""# } ?? ""
            let status = s.error ? #"{"code":2}"# : "{}"
            let span = #"{"traceId":"\#(id(s.trace, base64IDs))","spanId":"\#(id(s.id, base64IDs))"\#(parent),"name":"\#(s.name)","kind":2,"startTimeUnixNano":"\#(s.start * 1000)","endTimeUnixNano":"\#((s.start + s.duration) * 1000)","status":\#(status)}"#
            return #"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(s.service)"}}]},"scopeSpans":[{"scope":{},"spans":[\#(span)]}]}"#
        }
        return #"{"resourceSpans":[\#(resources.joined(separator: ","))]}"#
    }

    static func zipkin(_ spans: [TestSpan]) -> String {
        let items = spans.map { s in
            let parent = s.parent.map { #","parentId":"\#($0)""# } ?? ""
            let tags = s.error ? #","tags":{"error":"boom"}"# : ""
            return #"{"traceId":"\#(s.trace)","id":"\#(s.id)"\#(parent),"kind":"SERVER","name":"\#(s.name.lowercased())","timestamp":\#(s.start),"duration":\#(s.duration),"localEndpoint":{"serviceName":"\#(s.service)"}\#(tags)}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    static func zipkinTraces(_ spans: [TestSpan]) -> String {
        "[" + grouped(spans).map(zipkin).joined(separator: ",") + "]"
    }

    static func grouped(_ spans: [TestSpan]) -> [[TestSpan]] {
        var order: [String] = []
        var byTrace: [String: [TestSpan]] = [:]
        for s in spans {
            if byTrace[s.trace] == nil { order.append(s.trace) }
            byTrace[s.trace, default: []].append(s)
        }
        return order.map { byTrace[$0]! }
    }

    /// Hex, or base64 of the id's bytes (as Tempo writes trace bodies).
    static func id(_ hex: String, _ base64: Bool) -> String {
        guard base64 else { return hex }
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var k = 0
        while k < bytes.count {
            let b0 = Int(bytes[k]), b1 = k + 1 < bytes.count ? Int(bytes[k + 1]) : 0, b2 = k + 2 < bytes.count ? Int(bytes[k + 2]) : 0
            out.append(table[b0 >> 2])
            out.append(table[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(k + 1 < bytes.count ? table[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            out.append(k + 2 < bytes.count ? table[b2 & 63] : "=")
            k += 3
        }
        return out
    }

    /// A Tempo `/api/search` answer.
    static func tempoSearch(_ items: [(id: String, startNs: Int64, ms: Int?)], completed: Int = 1, total: Int = 1) -> String {
        let traces = items.map { t in
            let duration = t.ms.map { #","durationMs":\#($0)"# } ?? ""
            return #"{"traceID":"\#(t.id)","rootServiceName":"frontend","rootTraceName":"GET /cart","startTimeUnixNano":"\#(t.startNs)"\#(duration),"serviceStats":{"frontend":{"spanCount":2},"cart":{"spanCount":1,"errorCount":1}}}"#
        }
        return #"{"traces":[\#(traces.joined(separator: ","))],"metrics":{"inspectedBytes":"1024","completedJobs":\#(completed),"totalJobs":\#(total)}}"#
    }
}
