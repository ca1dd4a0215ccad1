import Foundation
import Testing
import TraceFormats
import TraceModel

@Suite struct OTLPDecoderTests {
    static let basic = """
    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}},
      {"key":"host.name","value":{"stringValue":"h1"}}]},
     "scopeSpans":[{"scope":{"name":"lib","version":"1.2"},"spans":[
      {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"",
       "name":"GET /cart","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
       "attributes":[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"n","value":{"intValue":"42"}}],
       "events":[{"timeUnixNano":"1544712660500000000","name":"cache miss"}],
       "status":{"code":2,"message":"boom"}},
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000002","parentSpanId":"eee19b7ec3c1b174",
       "name":"SELECT","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1544712660100000000,"endTimeUnixNano":1544712660200000000,
       "status":{"code":"STATUS_CODE_OK"}}]}]}]}
    """

    @Test func decodesTheTreeFieldsAndIgnoresCaseOfHexIDs() throws {
        let input = try decode(Self.basic)
        #expect(input.format == .otlp)
        let set = input.set
        #expect(set.spans.count == 2)
        let root = try #require(set.span("eee19b7ec3c1b174"))
        #expect(root.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(root.parentID == .zero)
        #expect(set.name(root) == "GET /cart")
        #expect(set.service(root) == "cart")
        #expect(root.kind == .server)
        #expect(root.status == .error)
        #expect(root.start == 1_544_712_660_000_000_000)
        #expect(root.duration == 1_000_000_000)
        #expect(root.eventCount == 1)
        let child = try #require(set.span("0000000000000002"))
        #expect(child.parentID == root.spanID)
        #expect(child.kind == .client)
        #expect(child.status == .ok)
        #expect(child.duration == 100_000_000)
        #expect(set.resource(child.resource)?.host == "h1")
    }

    @Test func detailsAreDecodedOnDemandFromTheFileBytes() throws {
        let set = try decode(Self.basic).set
        let d = set.details(try #require(set.span("eee19b7ec3c1b174")))
        #expect(d.attributes == [Attribute("http.method", .string("GET")), Attribute("n", .int(42))])
        #expect(d.events == [SpanEvent(time: 1_544_712_660_500_000_000, name: "cache miss")])
        #expect(d.statusMessage == "boom")
        #expect(d.scopeName == "lib")
        #expect(d.scopeVersion == "1.2")
    }

    /// A response body is decoded where it lies (no copy), and what the caller does with its
    /// own array afterwards (change it, drop it) does not reach the spans' details.
    @Test func adoptedBytesOutliveTheCallersArray() throws {
        var body = Array(Self.basic.utf8)
        let bytes = FileBytes(adopting: body, name: "body")
        #expect(body.withUnsafeBufferPointer { $0.baseAddress } == bytes.base)
        let set = try TraceLoader.decode(bytes).set
        for i in body.indices { body[i] = 0x20 }
        body = []
        let d = set.details(try #require(set.span("eee19b7ec3c1b174")))
        #expect(d.attributes == [Attribute("http.method", .string("GET")), Attribute("n", .int(42))])
        #expect(d.statusMessage == "boom")
        #expect(FileBytes(adopting: [], name: "empty").count == 0)
    }

    @Test(arguments: [
        // Old Grafana/Tempo export: batches, instrumentationLibrarySpans, base64 ids, enum names.
        """
        {"batches":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},
         "instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"x"},"spans":[
          {"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":"AAAAAAAAAAI=","name":"n","kind":"SPAN_KIND_SERVER",
           "startTimeUnixNano":"10","endTimeUnixNano":"30"}]}]}]}
        """,
        // snake_case keys as otelcol accepts.
        """
        {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"s"}}]},
         "scope_spans":[{"spans":[{"trace_id":"00000000000000000000000000000001","span_id":"0000000000000002",
          "name":"n","kind":2,"start_time_unix_nano":10,"end_time_unix_nano":30}]}]}]}
        """,
        // Jaeger api_v3 envelope.
        """
        {"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},
         "scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002",
          "name":"n","kind":2,"startTimeUnixNano":"10","endTimeUnixNano":"30"}]}]}]}}
        """,
        // Tempo v2 trace-by-id envelope, resource after the spans.
        """
        {"trace":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001",
          "spanId":"0000000000000002","name":"n","kind":2,"startTimeUnixNano":"10","endTimeUnixNano":"30"}]}],
          "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]}}]}}
        """,
    ])
    func everyEnvelopeAndSpellingGivesTheSameSpan(json: String) throws {
        let set = try decode(json).set
        #expect(set.spans.count == 1)
        let s = try #require(set.spans.first)
        #expect(s.traceID == TraceID(high: 0, low: 1))
        #expect(s.spanID.hex == "0000000000000002")
        #expect(s.kind == .server)
        #expect(s.start == 10 && s.duration == 20)
        #expect(set.service(s) == "s")
    }

    /// A Tempo v2 answer saved to a file says it is partial as the backend client does, with
    /// the message on one printable line; a complete one, or a status outside the envelope, does not.
    @Test func aPartialTempoTraceIsAWarning() throws {
        let spans = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002","name":"n"}]}]}]}"#
        let partial = try decode(#"{"trace":"# + spans + #","metrics":{},"status":"PARTIAL","message":"too\nlarge\u001b[2J"}"#)
        #expect(partial.set.spans.count == 1)
        #expect(partial.warnings.first == "partial trace: too large[2J", "\(partial.warnings)")
        let unexplained = try decode(#"{"status":"PARTIAL","trace":"# + spans + "}")
        #expect(unexplained.warnings.first == "partial trace: Tempo returned part of it")
        #expect(try decode(#"{"trace":"# + spans + #","status":"COMPLETE"}"#).warnings.allSatisfy { !$0.hasPrefix("partial") })
        #expect(try decode(#"{"resourceSpans":[],"status":"PARTIAL"}"#).warnings.allSatisfy { !$0.hasPrefix("partial") })
    }

    @Test func invalidIdsAndTimesAreRepairedWithWarnings() throws {
        let json = """
        {"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[
          {"traceId":"","spanId":"0000000000000001","name":"no trace"},
          {"traceId":"00000000000000000000000000000001","spanId":"0000000000000002","parentSpanId":"xyz",
           "name":"bad parent","startTimeUnixNano":"50","endTimeUnixNano":"40"},
          {"traceId":"00000000000000000000000000000001","spanId":"0000000000000003","name":"no times"}]}]}]}
        """
        let input = try decode(json)
        #expect(input.set.spans.count == 2)
        let bad = try #require(input.set.span("0000000000000002"))
        #expect(bad.parentID == .zero)
        #expect(bad.flags.contains(.invalidParent))
        #expect(bad.flags.contains(.endBeforeStart))
        #expect(bad.duration == 0)
        let none = try #require(input.set.span("0000000000000003"))
        #expect(none.flags.contains(.missingStart) && none.flags.contains(.missingDuration))
        #expect(input.set.service(none) == "unknown_service")
        let w = input.warnings.joined(separator: "\n")
        #expect(w.contains("not a valid trace id; span skipped"))
        #expect(w.contains("parentSpanId \"xyz\""))
        #expect(w.contains("1 spans end before they start"))
    }

    @Test func jsonLinesKeepLogsAndSkipMetricsAndBrokenLines() throws {
        let json = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","name":"x","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
        {"resourceMetrics":[{"resource":{},"scopeMetrics":[]}]}
        {"resourceLogs":[{"resource":{"attributes":[]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"5","severityNumber":17,"severityText":"ERROR","body":{"stringValue":"failed"},"traceId":"00000000000000000000000000000001","spanId":"0000000000000001"},{"observedTimeUnixNano":"9","traceId":"","spanId":""}]}]}]}
        {"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{"traceId":"0000
        """
        let input = try decode(json)
        #expect(input.set.spans.count == 1)
        #expect(input.set.logs.count == 2)
        #expect(input.set.logs[0].body == .string("failed"))
        #expect(input.set.logs[0].spanID.hex == "0000000000000001")
        #expect(input.set.logs[1].time == 9)
        #expect(input.set.logs[1].traceID == .zero)
        #expect(input.warnings.contains { $0.hasPrefix("1 broken JSON line skipped (line 4; first: byte ") })
    }
}

@Suite struct OTLPResourceSharingTests {
    @Test func identicalResourceObjectsAreStoredOnceAndDifferentOnesApart() throws {
        func line(_ service: String, _ id: String) -> String {
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"\(service)\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"00000000000000000000000000000001\",\"spanId\":\"\(id)\",\"name\":\"x\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}]}]}]}"
        }
        let json = [line("a", "0000000000000001"), line("a", "0000000000000002"), line("b", "0000000000000003")]
            .joined(separator: "\n")
        let set = try decode(json).set
        #expect(set.spans.count == 3)
        #expect(set.resources.count == 2)
        #expect(set.spans.map { set.service($0) } == ["a", "a", "b"])
        #expect(set.spans[0].resource == set.spans[1].resource)
    }
}
