import Testing
import TestSupport
@testable import TraceFormats
import TraceModel
import TraceSynth

/// decode(encode(set)) == set, and protobuf decoding == JSON decoding of the same spans.
@Suite struct OTLPProtoRoundTripTests {
    /// A set with every kind of value the model holds: all AnyValue kinds nested, events,
    /// links, trace state, status messages, scopes with attributes, several resources.
    static func randomSet(seed: UInt64, spans count: Int) -> TraceSet {
        var rng = SplitMix64(seed: seed)
        var set = TraceSet()
        let services = ["gateway", "cart", "payments ✓"]
        for (i, svc) in services.enumerated() {
            var attributes = [Attribute("host.name", .string("host-\(i)")), Attribute("service.name", .string(svc))]
            attributes += (0..<rng.int(0...3)).map { Attribute("r\($0)", randomValue(&rng, depth: 0)) }
            _ = set.addResource(Resource(service: set.strings.intern(svc), host: "host-\(i)", attributes: attributes))
        }
        let scopes = [("", "", [Attribute]()), ("lib.http", "2.0", []), ("lib.db", "", [Attribute("pool", .int(4))])]
        var details: [SpanDetails] = []
        let traces = (0..<5).map { _ in TraceID(high: rng.next(), low: rng.next() | 1) }
        for i in 0..<count {
            let r = rng.below(services.count)
            let scope = scopes[rng.below(scopes.count)]
            var flags: SpanFlags = []
            var start = rng.int64(1_600_000_000_000_000_000...1_800_000_000_000_000_000)
            var duration = rng.int64(1...5_000_000_000)
            if rng.chance(0.03) { flags.insert(.missingDuration); duration = 0 }
            if rng.chance(0.03) { flags.formUnion([.missingStart, .missingDuration]); start = 0; duration = 0 }
            let d = SpanDetails(
                attributes: (0..<rng.int(0...6)).map { Attribute("a.\($0)", randomValue(&rng, depth: 0)) },
                events: (0..<rng.int(0...2)).map { _ in
                    SpanEvent(time: rng.int64(1...4_000_000_000_000_000_000), name: rng.pick(["exception", "", "ünïcode"]),
                              attributes: rng.chance(0.5) ? [Attribute("e", randomValue(&rng, depth: 0))] : [])
                },
                links: (0..<rng.int(0...2)).map { _ in
                    SpanLink(traceID: rng.pick(traces), spanID: SpanID(rng.next() | 1),
                             attributes: rng.chance(0.5) ? [Attribute("l", randomValue(&rng, depth: 0))] : [])
                },
                statusMessage: rng.chance(0.2) ? "failed: \(i)" : "",
                scopeName: scope.0, scopeVersion: scope.1,
                traceState: rng.chance(0.2) ? "vendor=\(i)" : "",
                scopeAttributes: scope.2)
            details.append(d)
            set.spans.append(Span(
                traceID: rng.pick(traces), spanID: SpanID(rng.next() | 1),
                parentID: rng.chance(0.8) ? SpanID(rng.next() | 1) : .zero, start: start, duration: duration,
                name: set.strings.intern(rng.pick(["GET /", "SELECT x", "", "naïve op"])),
                service: set.resources[r].service, resource: ResourceID(UInt32(r)),
                kind: SpanKind(rawValue: UInt8(rng.below(6)))!, status: SpanStatus(rawValue: UInt8(rng.below(3)))!,
                flags: flags, eventCount: UInt32(d.events.count), linkCount: UInt32(d.links.count),
                detail: DetailRef(source: 0, offset: i, length: 0)))
        }
        set.detailSources = [InMemoryDetails(details)]
        return set
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> AttributeValue {
        switch rng.below(depth < 3 ? 9 : 7) {
        case 0: return .string(rng.pick(["", "plain", "grüße ✓", "a\u{0}b", String(repeating: "x", count: 300)]))
        case 1: return .bool(rng.chance(0.5))
        case 2: return .int(Int64(bitPattern: rng.next()) >> rng.below(64))
        case 3: return .double(rng.pick([0.0, -0.0, 1.5, -2.25e300, .infinity, -.infinity, Double(rng.unit())]))
        case 4: return .bytes((0..<rng.below(20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 5: return .empty
        case 6: return .int(0)
        case 7: return .array((0..<rng.below(4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default: return .keyValues((0..<rng.below(4)).map { Attribute("k\($0)", randomValue(&rng, depth: depth + 1)) })
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomSetsRoundTrip(seed: UInt64) throws {
        let set = Self.randomSet(seed: seed, spans: 1_500)
        let back = try decodeProto(OTLPProtobuf.encodeTraces(set))
        #expect(back.rejected == 0)
        #expect(!back.warnings.contains { $0.contains("UTF-8") })
        let (a, b) = (SpanView.of(set), SpanView.of(back.set))
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x != y {
            Issue.record("span \(x) differs after the round trip:\n\(x.details)\n\(y.details)")
            break
        }
        #expect(a == b)
    }

    /// Demo traces written as OTLP/JSON: the JSON decoder's spans, encoded and decoded as
    /// protobuf, are the same spans with the same details.
    @Test func demoTracesMatchTheJSONDecoder() throws {
        let json = try TraceLoader.decode(FileBytes(OTLPJSONWriter.write(DemoGenerator.generateDemo(seed: 7, traceCount: 40))))
        let proto = try decodeProto(OTLPProtobuf.encodeTraces(json.set))
        #expect(SpanView.of(proto.set) == SpanView.of(json.set))
        #expect(proto.set.spans.count == json.set.spans.count)
    }

    /// A FOLLOWS_FROM parent (Jaeger) is written as a link with `opentracing.ref_type` and read
    /// back as the same flag; nothing else about the spans changes.
    @Test func followsFromParentsBecomeLinks() throws {
        let jaeger = try TraceLoader.decode(FileBytes(JaegerJSONWriter.write(DemoGenerator.generateDemo(seed: 7, traceCount: 40))))
        let follows = jaeger.set.spans.filter { $0.flags.contains(.followsFromParent) }
        #expect(!follows.isEmpty)
        let proto = try decodeProto(OTLPProtobuf.encodeTraces(jaeger.set))
        for (a, b) in zip(SpanView.of(jaeger.set), SpanView.of(proto.set)) {
            var b = b
            if a.span.flags.contains(.followsFromParent) {
                #expect(b.details.links == [SpanLink(traceID: a.span.traceID, spanID: a.span.parentID,
                                                     attributes: [Attribute(FollowsFromLinks.refTypeKey, .string("follows_from"))])])
                b.details.links = []
                b.span.linkCount = 0
            }
            // A Jaeger process has no service.name attribute; the request's resource has.
            #expect(b.resourceAttributes == [Attribute("service.name", .string(a.service))] + (a.resourceAttributes ?? []))
            b.resourceAttributes = a.resourceAttributes
            #expect(a == b)
        }
    }

    /// Batches of a set (as a load generator sends them) decode to the set's spans in order.
    @Test func batchesConcatenate() throws {
        let set = Self.randomSet(seed: 9, spans: 1_100)
        var merged = TraceSet()
        for start in stride(from: 0, to: set.spans.count, by: 512) {
            let batch = try decodeProto(OTLPProtobuf.encodeTraces(set, spans: start..<min(start + 512, set.spans.count)))
            merged.merge(batch.set)
        }
        #expect(SpanView.of(merged) == SpanView.of(set))
    }

    @Test func logsRoundTripAndMatchTheJSONDecoder() throws {
        let json = try TraceLoader.decode(FileBytes(OTLPLogsWriter.write(DemoGenerator.generateDemo(seed: 5, traceCount: 10))))
        #expect(json.set.logs.count > 10)
        let proto = try OTLPProtobuf.decodeLogs(FileBytes(OTLPProtobuf.encodeLogs(json.set)))
        func view(_ s: TraceSet) -> [String] {
            s.logs.map { l in
                var l = l
                let attributes = s.resource(l.resource)?.attributes ?? []
                l.resource = .none
                return "\(l) \(attributes)"
            }
        }
        #expect(view(proto.set) == view(json.set))
        #expect(proto.set.logs.contains { !$0.traceID.isZero && !$0.spanID.isZero })
    }

    /// Responses: empty for success; partial_success with the count and the reason.
    @Test func responses() {
        #expect(OTLPProtobuf.traceResponse() == [])
        #expect(OTLPProtobuf.traceResponse(rejectedSpans: 3, errorMessage: "bad") ==
                [0x0A, 7, 0x08, 3, 0x12, 3] + Array("bad".utf8))
        #expect(OTLPProtobuf.logsResponse(rejectedLogRecords: 300) == [0x0A, 3, 0x08, 0xAC, 0x02])
        #expect(OTLPProtobuf.logsResponse(errorMessage: "slow down") == [0x0A, 11, 0x12, 9] + Array("slow down".utf8))
    }

    /// A message longer than 127 bytes needs a two-byte length: the writer's back-patching.
    @Test func longNestedMessagesKeepTheirLengths() throws {
        var set = TraceSet()
        let long = String(repeating: "é", count: 10_000)
        _ = set.addResource(Resource(service: set.strings.intern("s"), attributes: [Attribute("service.name", .string("s"))]))
        set.spans = [Span(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), start: 1_700_000_000_000_000_000, duration: 5,
                          name: set.strings.intern(long), service: set.resources[0].service, resource: ResourceID(0),
                          detail: DetailRef(source: 0, offset: 0, length: 0))]
        set.detailSources = [InMemoryDetails([SpanDetails(attributes: [Attribute("k", .array([.string(long), .keyValues([Attribute(long, .int(-1))])]))])])]
        let back = try decodeProto(OTLPProtobuf.encodeTraces(set))
        #expect(SpanView.of(back.set) == SpanView.of(set))
    }
}
