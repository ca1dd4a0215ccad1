import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import Export
import TestSupport

/// `analyze --format otlp`: whatever was read, the exported OTLP/JSON reads back as the same spans
/// and the same details (see ExportRoundTripTests for the trees of every corpus file).
@Suite struct ExportOTLPTests {
    static let corpusFile = Corpus.path("otlp-jsonl/otel-tui-test_data.jsonl")

    /// What must survive the round trip, per span.
    struct Row: Equatable, CustomStringConvertible {
        var trace: String, span: String, parent: String, name: String, service: String
        var start: Int64, duration: Int64, kind: SpanKind, status: SpanStatus
        var attributes: [Attribute], events: [SpanEvent], links: [SpanLink], statusMessage: String
        var key: String { "\(trace)/\(span)/\(start)/\(duration)/\(name)/\(service)" }
        var description: String { "\(key) \(parent) \(kind) \(status) \(attributes.count)a \(events.count)e \(links.count)l" }
    }

    static func rows(_ set: TraceSet) -> [Row] {
        set.spans.map { s in
            let d = set.details(s)
            return Row(trace: s.traceID.hex32, span: s.spanID.hex, parent: s.parentID.hex, name: set.strings[s.name],
                       service: set.strings[s.service], start: s.start, duration: s.duration, kind: s.kind,
                       status: s.status, attributes: d.attributes, events: d.events, links: d.links,
                       statusMessage: d.statusMessage)
        }.sorted { $0.key < $1.key }
    }

    static func export(_ set: TraceSet) -> [UInt8] {
        var out: [UInt8] = []
        ExportOTLP.write(set: set, trees: TraceTree.buildAll(set), to: &out)
        return out
    }

    static func roundTrip(_ set: TraceSet) throws -> LoadedInput {
        try TraceLoader.decode(FileBytes(export(set), name: "export.json"))
    }

    @Test(arguments: ["checkout.otlp.json", "checkout.jaeger.json", "checkout.zipkin-v2.json"])
    func fixturesRoundTrip(file: String) throws {
        let original = try TraceLoader.load(path: Repo.path("Fixtures/formats/\(file)"))
        let back = try Self.roundTrip(original.set)
        #expect(back.format == .otlp)
        #expect(back.warnings.isEmpty, "\(back.warnings)")
        let a = Self.rows(original.set), b = Self.rows(back.set)
        #expect(a.count == 12)
        #expect(a == b)
        #expect(a.contains { !$0.attributes.isEmpty })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: ExportOTLPTests.corpusFile)))
    func corpusRoundTrip() throws {
        let original = try TraceLoader.load(path: Self.corpusFile)
        let back = try Self.roundTrip(original.set)
        let a = Self.rows(original.set), b = Self.rows(back.set)
        #expect(a.count > 0)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x != y {
            Issue.record("\(x) ≠ \(y)")
            break
        }
    }

    @Test func everyValueKindAndDetailRoundTrips() throws {
        var set = TraceSet()
        let tid = TraceID(high: 0xAB, low: 0x1)
        let attrs: [Attribute] = [
            Attribute("s", .string("quote \" backslash \\ tab \t é")), Attribute("b", .bool(true)),
            Attribute("i", .int(-9_223_372_036_854_775_807)), Attribute("d", .double(0.1)),
            Attribute("big", .double(1e300)), Attribute("bytes0", .bytes([])), Attribute("bytes1", .bytes([0xFF])),
            Attribute("bytes2", .bytes([0, 1])), Attribute("bytes3", .bytes([1, 2, 3, 250])),
            Attribute("arr", .array([.int(1), .string("x"), .array([])])),
            Attribute("kv", .keyValues([Attribute("inner", .bool(false)), Attribute("e", .empty)])),
            Attribute("empty", .empty),
        ]
        let details = SpanDetails(
            attributes: attrs,
            events: [SpanEvent(time: 1_700_000_000_000_000_500, name: "exception", attributes: [Attribute("k", .int(3))])],
            links: [SpanLink(traceID: TraceID(high: 0, low: 7), spanID: SpanID(9), attributes: [Attribute("l", .string("v"))])],
            statusMessage: "boom", scopeName: "lib", scopeVersion: "1.2", traceState: "a=b")
        let source = set.addDetailSource(InMemoryDetails([details, SpanDetails()]))
        let res = set.addResource(Resource(service: set.strings.intern("svc"), host: "h",
                                           attributes: [Attribute("host.name", .string("h"))]))
        set.spans.append(Span(traceID: tid, spanID: SpanID(1), start: 1_700_000_000_000_000_000, duration: 1000,
                              name: set.strings.intern("root"), service: set.strings.intern("svc"), resource: res,
                              kind: .server, status: .error, detail: DetailRef(source: source, offset: 0, length: 0)))
        set.spans.append(Span(traceID: tid, spanID: SpanID(2), parentID: SpanID(1), start: 1_700_000_000_000_000_100,
                              duration: 10, name: set.strings.intern("child"), service: set.strings.intern("other"),
                              kind: .consumer, status: .ok, detail: DetailRef(source: source, offset: 1, length: 0)))
        let text = String(decoding: Self.export(set), as: UTF8.self)
        #expect(text.contains(#""traceId":"00000000000000ab0000000000000001""#))
        #expect(text.contains(#""spanId":"0000000000000002","parentSpanId":"0000000000000001""#))
        #expect(text.contains(#""bytesValue":"AQID+g==""#))
        #expect(text.contains(#""startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000""#))
        #expect(text.contains(#""status":{"code":2,"message":"boom"}"#))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])

        let back = try Self.roundTrip(set)
        #expect(Self.rows(back.set) == Self.rows(set))
        let root = try #require(back.set.spans.first { $0.spanID == SpanID(1) })
        let d = back.set.details(root)
        #expect(d.scopeName == "lib" && d.scopeVersion == "1.2" && d.traceState == "a=b")
        #expect(back.set.resource(root.resource)?.attributes.contains(Attribute("host.name", .string("h"))) == true)
        #expect(Set(back.set.spans.map { back.set.strings[$0.service] }) == ["svc", "other"])
    }
}
