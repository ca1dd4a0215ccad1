import Foundation
import Testing
import TraceModel
@testable import TraceFormats
import TestSupport

// MARK: - Helpers

private func decodeZipkin(_ json: String) throws -> (set: TraceSet, warnings: [String]) {
    try decodeZipkin(bytes: FileBytes(json))
}

private func decodeZipkin(bytes: FileBytes) throws -> (set: TraceSet, warnings: [String]) {
    var scanner = bytes.scanner()
    var set = TraceSet()
    var warnings: [String] = []
    try ZipkinDecoder.decode(&scanner, bytes: bytes, into: &set, warnings: &warnings)
    return (set, warnings)
}

private func span(_ set: TraceSet, id: String, kind: SpanKind? = nil) -> Span? {
    set.spans.first { $0.spanID.hex == id && (kind == nil || $0.kind == kind) }
}

private func attr(_ d: SpanDetails, _ key: String) -> AttributeValue? {
    d.attributes.first { $0.key == key }?.value
}

/// `{"traceId":…,"id":…}` plus extra members.
private func v2(_ id: String = "000000000000000a", trace: String = "1111111111111111", _ extra: String = "") -> String {
    #"{"traceId":"\#(trace)","id":"\#(id)","name":"op","timestamp":1000,"duration":10"# + (extra.isEmpty ? "" : "," + extra) + "}"
}

private func loadCorpus(_ relative: String) throws -> (set: TraceSet, warnings: [String]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: Corpus.path(relative)))
    return try decodeZipkin(bytes: FileBytes([UInt8](data), name: relative))
}

// MARK: - Shapes

@Suite struct ZipkinShapeTests {
    @Test func v2ListDecodesTimesNamesServicesAndResources() throws {
        let (set, warnings) = try decodeZipkin("""
        [{"traceId":"4d1e00c0db9010db86154a4ba6e91385","parentId":"86154a4ba6e91385","id":"4d1e00c0db9010db",
          "kind":"CLIENT","name":"get","timestamp":1472470996199000,"duration":207000,
          "localEndpoint":{"serviceName":"frontend","ipv6":"2001:db8::c001","port":8080},
          "remoteEndpoint":{"serviceName":"backend","ipv4":"192.168.99.101","port":9000},
          "annotations":[{"timestamp":1472470996403000,"value":"bar"},{"timestamp":1472470996238000,"value":"foo"}],
          "tags":{"http.path":"/api","clnt/finagle.version":"6.45.0"}, "unknownKey": {"nested": [1, 2]}}]
        """)
        #expect(warnings.isEmpty)
        let s = try #require(set.spans.first)
        #expect(set.spans.count == 1)
        #expect(s.traceID.hex == "4d1e00c0db9010db86154a4ba6e91385")
        #expect(s.spanID.hex == "4d1e00c0db9010db")
        #expect(s.parentID.hex == "86154a4ba6e91385")
        #expect(s.start == 1_472_470_996_199_000_000)
        #expect(s.duration == 207_000_000)
        #expect(s.kind == .client)
        #expect(s.status == .unset)
        #expect(s.flags.isEmpty)
        #expect(s.eventCount == 2)
        #expect(set.name(s) == "get")
        #expect(set.service(s) == "frontend")
        let r = try #require(set.resource(s.resource))
        #expect(r.host == "2001:db8::c001")
        #expect(set.strings[r.service] == "frontend")

        let d = set.details(s)
        #expect(attr(d, "http.path") == .string("/api"))
        #expect(attr(d, "clnt/finagle.version") == .string("6.45.0"))
        #expect(attr(d, "peer.service") == .string("backend"))
        #expect(attr(d, "net.peer.ip") == .string("192.168.99.101"))
        #expect(attr(d, "net.peer.port") == .int(9000))
        #expect(attr(d, "net.host.port") == .int(8080))
        // Sorted by time, in ns.
        #expect(d.events == [
            SpanEvent(time: 1_472_470_996_238_000_000, name: "foo"),
            SpanEvent(time: 1_472_470_996_403_000_000, name: "bar"),
        ])
    }

    @Test func bareSpanObject() throws {
        let (set, _) = try decodeZipkin(v2("00000000000000b1", #""kind":"SERVER""#))
        #expect(set.spans.count == 1)
        #expect(set.spans[0].kind == .server)
        #expect(set.spans[0].spanID.hex == "00000000000000b1")
    }

    @Test func listOfListsInAnyMix() throws {
        let json = "[[\(v2("0000000000000001")),\(v2("0000000000000002"))], \(v2("0000000000000003")), [], [\(v2("0000000000000004"))], null]"
        let (set, _) = try decodeZipkin(json)
        #expect(set.spans.map(\.spanID.value) == [1, 2, 3, 4])
    }

    @Test func proto3JSONEnvelope() throws {
        let (set, _) = try decodeZipkin("""
        {"spans":[{"trace_id":"QoVouqoJRn5CjmiKqglGfw==","id":"AAAAAAAAAAI=","parent_id":"AAAAAAAAAAE=",
          "name":"foo","kind":1,"shared":true,"timestamp":"1","duration":10,
          "local_endpoint":{"service_name":"foo","ipv4":"CisRKg=="},
          "remote_endpoint":{"service_name":"bar","ipv4":"CisRKw==","ipv6":"IAENuAAAAAAAAAAAAADAAQ=="},
          "annotations":[{"value":"foo","timestamp":1}],"tags":{"foo":"bar"}}]}
        """)
        let s = try #require(set.spans.first)
        #expect(s.traceID.hex == "428568baaa09467e428e688aaa09467f")
        #expect(s.spanID.value == 2)
        #expect(s.parentID.value == 1)
        #expect(s.kind == .client)
        #expect(s.flags == [.shared])
        #expect(s.start == 1000)
        #expect(set.service(s) == "foo")
        #expect(set.resource(s.resource)?.host == "10.43.17.42")
        let d = set.details(s)
        #expect(attr(d, "net.peer.ip") == .string("10.43.17.43"))
        #expect(attr(d, "net.peer.ipv6") == .string("2001:db8::c001"))
        #expect(attr(d, "foo") == .string("bar"))
        #expect(d.events == [SpanEvent(time: 1000, name: "foo")])
    }

    @Test(arguments: [
        "[{\"traceId\":\"1\",\"id\":\"2\"",
        "[{\"traceId\":\"1\",\"id\":\"2\",}]",
        "[{\"traceId\":\"1\" \"id\":\"2\"}]",
        "[1, 2]",
        "[[[]]]",
        "42",
        "{\"spans\":[1]}",
        "[{\"traceId\":\"1\",\"id\":\"2\",\"timestamp\":-}]",
    ])
    func structuralErrorsThrow(json: String) {
        #expect(throws: JSONError.self) { try decodeZipkin(json) }
    }

    @Test func unknownKeysAndOddValueTypesAreTolerated() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","name":null,"kind":7,"timestamp":"1000","duration":2.9,"shared":"true",
          "localEndpoint":null,"remoteEndpoint":"x","annotations":{},"tags":{"n":5,"b":true,"o":{"a":[1]},"z":null},
          "extra":[{"deep":[[[]]]}]}]
        """)
        let s = try #require(set.spans.first)
        #expect(s.start == 1_000_000)
        #expect(s.duration == 2000)
        #expect(s.kind == .internal)
        #expect(s.flags == [.shared])
        #expect(set.service(s) == ZipkinDecoder.unknownService)
        let d = set.details(s)
        #expect(attr(d, "n") == .string("5"))
        #expect(attr(d, "b") == .string("true"))
        #expect(attr(d, "o") == .string(#"{"a":[1]}"#))
        #expect(attr(d, "z") == nil)
    }

    @Test func invalidUTF8AndEscapesDoNotCrash() throws {
        var bytes = Array(#"[{"traceId":"1","id":"2","name":"a\ud800b\u00e9","tags":{"k":"\#u{01}"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#""},"localEndpoint":{"serviceName":""#.utf8) + [0xC3] + Array(#""}}]"#.utf8)
        let (set, _) = try decodeZipkin(bytes: FileBytes(bytes))
        let s = try #require(set.spans.first)
        #expect(set.name(s) == "a\u{FFFD}b\u{e9}")
        #expect(set.service(s) == "\u{FFFD}")
        #expect(set.details(s).attributes.count == 1)
    }

    /// Ranges outside the file or the span give empty details; a range cut inside a span gives
    /// what was complete before the cut.
    @Test func detailSourceReadsWhatItsRangeHolds() throws {
        let (set, _) = try decodeZipkin("[\(v2("000000000000000a", trace: "1111111111111111", #""tags":{"a":"b"},"annotations":[{"timestamp":1,"value":"x"}]"#))]")
        let source = set.detailSources[0]
        for ref in [
            DetailRef(source: 0, offset: -5, length: 10),
            DetailRef(source: 0, offset: 0, length: 100_000),
            DetailRef(source: 0, offset: 3, length: 9, variant: 0x20 | 5),
            DetailRef(source: 0, offset: 99, length: 0, variant: 0x80),
            DetailRef(source: 0, offset: 1, length: 20),
        ] {
            #expect(source.details(ref) == SpanDetails(), "\(ref)")
        }
        let s = set.spans[0]
        let full = source.details(s.detail)
        #expect(full.attributes == [Attribute("a", .string("b"))])
        #expect(full.events == [SpanEvent(time: 1_000, name: "x")])
        // Cut inside the annotation (`}]}` missing): the tags before it are still read.
        let cut = source.details(DetailRef(source: 0, offset: s.detail.offset, length: s.detail.length - 3, variant: s.detail.variant))
        #expect(cut.attributes == [Attribute("a", .string("b"))])
        #expect(cut.events.isEmpty)
    }
}

// MARK: - Ids

@Suite struct ZipkinIDTests {
    @Test(arguments: [
        ("2", "0000000000000002"),
        ("c26551047c72d19", "0c26551047c72d19"),
        ("00000000000000001111111111111111", "1111111111111111"),
        ("5B8EFFF798038103D269B633813FC60C", "5b8efff798038103d269b633813fc60c"),
        ("abc0000000000000000000000000000", "0abc0000000000000000000000000000"),
    ])
    func traceIDsAreNormalised(input: String, hex: String) throws {
        let (set, warnings) = try decodeZipkin("[\(v2(trace: input))]")
        #expect(warnings.isEmpty)
        #expect(set.spans.first?.traceID.hex == hex)
    }

    @Test func shortSpanAndParentIDsArePadded() throws {
        let (set, _) = try decodeZipkin(#"[{"traceId":"1","id":"2","parentId":"c26551047c72d19","timestamp":1,"duration":1}]"#)
        #expect(set.spans[0].spanID.hex == "0000000000000002")
        #expect(set.spans[0].parentID.hex == "0c26551047c72d19")
        #expect(set.spans[0].flags.isEmpty)
    }

    @Test(arguments: [#""parentId":"0000000000000000""#, #""parentId":"""#, #""parentId":null"#])
    func zeroOrEmptyParentIsRoot(member: String) throws {
        let (set, warnings) = try decodeZipkin("[\(v2("0000000000000005", member))]")
        #expect(set.spans[0].parentID == .zero)
        #expect(!set.spans[0].flags.contains(.invalidParent))
        #expect(warnings.isEmpty)
    }

    @Test func badParentBecomesRootWithFlagAndWarning() throws {
        let (set, warnings) = try decodeZipkin("[\(v2("0000000000000005", #""parentId":"BADID""#))]")
        let s = try #require(set.spans.first)
        #expect(s.parentID == .zero)
        #expect(s.flags.contains(.invalidParent))
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("BADID") && warnings[0].contains("root") && warnings[0].contains("byte 1"))
    }

    @Test(arguments: [
        (#"{"traceId":"xyz","id":"1"}"#, "traceId \"xyz\""),
        (#"{"traceId":"123456789012345678901234567890123","id":"1"}"#, "traceId"),
        (#"{"id":"1"}"#, "no valid traceId"),
        (#"{"traceId":"0000000000000000","id":"1"}"#, "no valid traceId"),
        (#"{"traceId":"1","id":"12345678901234567"}"#, "id \"12345678901234567\""),
        (#"{"traceId":"1","id":"g1"}"#, "id \"g1\""),
        (#"{"traceId":"1","id":0}"#, "id \"(not a string)\""),
        (#"{"traceId":"1"}"#, "no valid span id"),
    ])
    func invalidTraceOrSpanIDSkipsTheSpan(json: String, mention: String) throws {
        let (set, warnings) = try decodeZipkin("[\(json),\(v2())]")
        #expect(set.spans.count == 1)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains(mention) && warnings[0].contains("skipped"))
    }

    @Test func repeatedProblemsAreSummarised() throws {
        let bad = (0..<50).map { _ in #"{"traceId":"zz","id":"1"}"# }.joined(separator: ",")
        let (set, warnings) = try decodeZipkin("[\(bad)]")
        #expect(set.spans.isEmpty)
        #expect(warnings.count == 1)
        #expect(warnings[0].hasPrefix("50 spans were skipped"))
    }

    @Test func sixtyFourBitSpansOfA128BitTraceAreWidened() throws {
        let (set, _) = try decodeZipkin("""
        [\(v2("0000000000000001", trace: "aaaaaaaaaaaaaaaa1111111111111111")), \(v2("0000000000000002", trace: "1111111111111111")),
         \(v2("0000000000000003", trace: "2222222222222222"))]
        """)
        #expect(set.spans.map(\.traceID.hex) == [
            "aaaaaaaaaaaaaaaa1111111111111111", "aaaaaaaaaaaaaaaa1111111111111111", "2222222222222222",
        ])
    }
}

// MARK: - Kinds, errors, services, times

@Suite struct ZipkinFieldTests {
    @Test(arguments: [
        (#""kind":"CLIENT""#, SpanKind.client), (#""kind":"SERVER""#, .server), (#""kind":"PRODUCER""#, .producer),
        (#""kind":"CONSUMER""#, .consumer), (#""kind":"server""#, .server), (#""kind":"SPAN_KIND_CONSUMER""#, .consumer),
        (#""kind":2"#, .server), (#""kind":3"#, .producer), (#""kind":4"#, .consumer), (#""kind":0"#, .internal),
        ("", .internal),
    ])
    func kindMapping(member: String, kind: SpanKind) throws {
        let (set, _) = try decodeZipkin(v2("0000000000000001", member))
        #expect(set.spans[0].kind == kind)
    }

    @Test(arguments: [
        (#""tags":{"error":""}"#, SpanStatus.error, ""),
        (#""tags":{"error":"404"}"#, .error, "404"),
        (#""tags":{"error":"false"}"#, .error, "false"),
        (#""tags":{"otel.status_code":"ERROR","otel.status_description":"Something failed"}"#, .error, "Something failed"),
        (#""tags":{"error":"boom","otel.status_description":"desc"}"#, .error, "desc"),
        (#""tags":{"otel.status_code":"OK"}"#, .ok, ""),
        (#""tags":{"http.status_code":"500"}"#, .unset, ""),
        (#""annotations":[{"timestamp":1,"value":"error"}]"#, .unset, ""),
    ])
    func errorStatus(member: String, status: SpanStatus, message: String) throws {
        let (set, _) = try decodeZipkin(v2("0000000000000001", member))
        #expect(set.spans[0].status == status)
        #expect(set.details(set.spans[0]).statusMessage == message)
    }

    @Test func resourcesPerServiceAndIP() throws {
        let (set, _) = try decodeZipkin("""
        [\(v2("0000000000000001", #""localEndpoint":{"serviceName":"a","ipv4":"10.0.0.1","port":1}"#)),
         \(v2("0000000000000002", #""localEndpoint":{"serviceName":"a","ipv4":"10.0.0.1","port":2}"#)),
         \(v2("0000000000000003", #""localEndpoint":{"serviceName":"a","ipv4":"10.0.0.2"}"#)),
         \(v2("0000000000000004", #""localEndpoint":{"serviceName":"b","ipv4":"10.0.0.1"}"#)),
         \(v2("0000000000000005", #""localEndpoint":{"ipv4":"10.0.0.9"}"#)),
         \(v2("0000000000000006", #""localEndpoint":{"serviceName":""}"#)),
         \(v2("0000000000000007"))]
        """)
        #expect(set.spans.count == 7)
        #expect(set.spans[0].resource == set.spans[1].resource)
        #expect(Set(set.spans.map(\.resource)).count == 5)
        #expect(set.resources.map(\.host) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.9", ""])
        #expect(set.spans[4...].allSatisfy { set.service($0) == "unknown" })
        #expect(set.resources[0].attributes.contains(Attribute("service.name", .string("a"))))
    }

    @Test func missingTimesAreFlaggedAndSummarised() throws {
        let (set, warnings) = try decodeZipkin("""
        [{"traceId":"1","id":"1","kind":"CLIENT"},{"traceId":"1","id":"2","kind":"CLIENT","timestamp":5},
         {"traceId":"1","id":"3","kind":"CLIENT","timestamp":5,"duration":0},{"traceId":"1","id":"4","duration":7,"kind":"SERVER"},
         {"traceId":"1","id":"5","timestamp":5,"duration":-3}]
        """)
        #expect(set.spans.map(\.flags) == [
            [.missingStart, .missingDuration], [.missingDuration], [.missingDuration], [.missingStart], [.endBeforeStart],
        ])
        #expect(set.spans[0].start == 0 && set.spans[0].duration == 0)
        #expect(set.spans[3].duration == 7000)
        #expect(set.spans[4].duration == 0)
        #expect(warnings.contains { $0.hasPrefix("2 spans have no timestamp") })
        #expect(warnings.contains { $0.hasPrefix("3 spans have no duration") })
        #expect(warnings.contains { $0.contains("negative") })
    }
}

// MARK: - Shared spans and merging

@Suite struct ZipkinMergeTests {
    @Test func clientAndSharedServerStaySeparate() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","parentId":"1","kind":"CLIENT","timestamp":10,"duration":100,"localEndpoint":{"serviceName":"a"}},
         {"traceId":"1","id":"2","kind":"SERVER","shared":true,"timestamp":20,"duration":50,"localEndpoint":{"serviceName":"b"}}]
        """)
        #expect(set.spans.count == 2)
        let server = try #require(span(set, id: "0000000000000002", kind: .server))
        #expect(server.flags == [.shared])
        // A shared server without parentId inherits the client's.
        #expect(server.parentID.value == 1)
        #expect(span(set, id: "0000000000000002", kind: .client)?.flags == [])
    }

    @Test func serverAfterClientWithSameIDGetsShared() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","kind":"SERVER","timestamp":20,"duration":50,"localEndpoint":{"serviceName":"b"}},
         {"traceId":"1","id":"2","parentId":"1","kind":"CLIENT","timestamp":10,"duration":100,"localEndpoint":{"serviceName":"a"}}]
        """)
        #expect(set.spans.count == 2)
        #expect(set.spans[0].kind == .server && set.spans[0].flags == [.shared])
        #expect(set.spans[0].parentID.value == 1)
        #expect(set.spans[1].flags == [])
    }

    @Test func serverWithoutClientIsNotMadeShared() throws {
        let (set, _) = try decodeZipkin(#"[{"traceId":"1","id":"2","kind":"SERVER","timestamp":20,"duration":50}]"#)
        #expect(set.spans[0].flags == [])
    }

    @Test func exactDuplicatesCollapse() throws {
        let one = #"{"traceId":"1","id":"2","kind":"CLIENT","timestamp":10,"duration":5,"localEndpoint":{"serviceName":"a"},"annotations":[{"timestamp":11,"value":"x"},{"timestamp":12,"value":"y"}],"tags":{"k":"v"}}"#
        let (set, warnings) = try decodeZipkin("[\(one),\(one),\(one)]")
        #expect(set.spans.count == 1)
        let s = set.spans[0]
        #expect(s.eventCount == 2)
        let d = set.details(s)
        #expect(d.events.map(\.name) == ["x", "y"])
        #expect(d.attributes.filter { $0.key == "k" }.count == 1)
        #expect(warnings.contains { $0.hasPrefix("2 span records repeat an id") })
    }

    @Test func piecesAreMergedIntoOneSpan() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","parentId":"1","name":"get","kind":"SERVER","timestamp":10,"localEndpoint":{"serviceName":"a"},"tags":{"one":"1"}},
         {"traceId":"1","id":"3","timestamp":10,"duration":1},
         {"traceId":"1","id":"2","duration":40,"localEndpoint":{"serviceName":"a","ipv4":"10.0.0.1"},"tags":{"two":"2"},"annotations":[{"timestamp":30,"value":"late"}]}]
        """)
        #expect(set.spans.count == 2)
        let s = try #require(span(set, id: "0000000000000002"))
        #expect(s.start == 10_000 && s.duration == 40_000)
        #expect(s.flags.isEmpty)
        #expect(s.kind == .server)
        #expect(set.name(s) == "get")
        #expect(s.parentID.value == 1)
        #expect(s.eventCount == 1)
        #expect(set.resource(s.resource)?.host == "10.0.0.1")
        let d = set.details(s)
        #expect(attr(d, "one") == .string("1") && attr(d, "two") == .string("2"))
        #expect(d.events.map(\.name) == ["late"])
    }

    @Test func sameIDOnDifferentHostsIsNotMerged() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","kind":"SERVER","shared":true,"timestamp":10,"localEndpoint":{"serviceName":"p","ipv4":"10.0.0.1"}},
         {"traceId":"1","id":"2","kind":"SERVER","shared":true,"timestamp":11,"localEndpoint":{"serviceName":"p","ipv4":"10.0.0.2"}},
         {"traceId":"1","id":"2","kind":"CLIENT","timestamp":9,"localEndpoint":{"serviceName":"q"}}]
        """)
        #expect(set.spans.count == 3)
        #expect(set.spans.filter { $0.flags.contains(.shared) }.count == 2)
    }

    @Test func kindlessTimelessFragmentJoinsTheSharedServer() throws {
        let (set, warnings) = try decodeZipkin("""
        [{"traceId":"1","id":"2","name":"post","localEndpoint":{"serviceName":"api","ipv4":"10.0.0.1","port":8140},"tags":{"late":"tag"}},
         {"traceId":"1","id":"2","parentId":"1","kind":"SERVER","shared":true,"timestamp":20,"duration":5,"localEndpoint":{"serviceName":"api","ipv4":"10.0.0.1","port":8140}},
         {"traceId":"1","id":"2","parentId":"1","kind":"CLIENT","timestamp":10,"duration":30,"localEndpoint":{"serviceName":"web"}}]
        """)
        #expect(set.spans.count == 2)
        #expect(!set.spans.contains { $0.flags.contains(.missingStart) })
        let server = try #require(span(set, id: "0000000000000002", kind: .server))
        #expect(server.flags == [.shared])
        #expect(attr(set.details(server), "late") == .string("tag"))
        #expect(!warnings.contains { $0.contains("no timestamp") })
    }
}

// MARK: - v1

@Suite struct ZipkinV1Tests {
    static let rpc = """
    [{"traceId":"0ed2e63cbe71f5a8","name":"checkStock","id":"f9ebb6e64880612a","parentId":"0ed2e63cbe71f5a8",
      "annotations":[
        {"timestamp":100,"value":"cs","endpoint":{"serviceName":"front","ipv4":"10.0.0.2"}},
        {"timestamp":110,"value":"sr","endpoint":{"serviceName":"back","ipv4":"10.0.0.7","port":9000}},
        {"timestamp":115,"value":"server work","endpoint":{"serviceName":"back","ipv4":"10.0.0.7"}},
        {"timestamp":105,"value":"client note","endpoint":{"serviceName":"front","ipv4":"10.0.0.2"}},
        {"timestamp":150,"value":"ss","endpoint":{"serviceName":"back","ipv4":"10.0.0.7"}},
        {"timestamp":170,"value":"cr","endpoint":{"serviceName":"front","ipv4":"10.0.0.2"}}],
      "binaryAnnotations":[
        {"key":"http.url","value":"/x","endpoint":{"serviceName":"back","ipv4":"10.0.0.7"}},
        {"key":"error","value":"timeout","endpoint":{"serviceName":"front","ipv4":"10.0.0.2"}},
        {"key":"sa","value":true,"endpoint":{"serviceName":"back","ipv4":"10.0.0.7","port":9000}},
        {"key":"ca","value":true,"endpoint":{"serviceName":"front","ipv4":"10.0.0.2","port":55000}},
        {"key":"num","value":12}]}]
    """

    @Test func csAndSrSplitIntoClientAndSharedServer() throws {
        let (set, warnings) = try decodeZipkin(Self.rpc)
        #expect(warnings.isEmpty)
        #expect(set.spans.count == 2)
        let client = try #require(span(set, id: "f9ebb6e64880612a", kind: .client))
        let server = try #require(span(set, id: "f9ebb6e64880612a", kind: .server))
        #expect(client.flags == [] && server.flags == [.shared])
        #expect(client.start == 100_000 && client.duration == 70_000)
        #expect(server.start == 110_000 && server.duration == 40_000)
        #expect(set.service(client) == "front" && set.service(server) == "back")
        #expect(set.resource(server.resource)?.host == "10.0.0.7")
        #expect(client.parentID.hex == "0ed2e63cbe71f5a8" && server.parentID == client.parentID)
        #expect(client.status == .error && server.status == .unset)
        #expect(client.detail.variant != server.detail.variant)
        #expect(client.eventCount == 1 && server.eventCount == 1)

        let cd = set.details(client)
        #expect(cd.events.map(\.name) == ["client note"])
        #expect(cd.statusMessage == "timeout")
        #expect(attr(cd, "peer.service") == .string("back"))
        #expect(attr(cd, "net.peer.port") == .int(9000))
        #expect(attr(cd, "http.url") == nil)
        let sd = set.details(server)
        #expect(sd.events == [SpanEvent(time: 115_000, name: "server work")])
        #expect(attr(sd, "http.url") == .string("/x"))
        #expect(attr(sd, "net.peer.ip") == .string("10.0.0.2"))
        #expect(attr(sd, "net.peer.port") == .int(55000))
        #expect(attr(sd, "net.host.port") == .int(9000))
        // Numbers are kept as text on the first span (no endpoint → first).
        #expect(attr(cd, "num") == .string("12"))
    }

    @Test func loopbackForksAServerSpan() throws {
        let ep = #""endpoint":{"serviceName":"self"}"#
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","name":"loop","annotations":[{"timestamp":1,"value":"cs",\(ep)},{"timestamp":2,"value":"sr",\(ep)},
          {"timestamp":3,"value":"ss",\(ep)},{"timestamp":4,"value":"cr",\(ep)}]}]
        """)
        #expect(set.spans.count == 2)
        #expect(span(set, id: "0000000000000002", kind: .client)?.duration == 3000)
        #expect(span(set, id: "0000000000000002", kind: .server)?.flags == [.shared])
        #expect(span(set, id: "0000000000000002", kind: .server)?.start == 2000)
    }

    @Test func serverOnlyWithoutTimestampIsSharedAndTimedFromAnnotations() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","name":"x","annotations":[{"timestamp":1000,"value":"sr","endpoint":{"serviceName":"s"}},
          {"timestamp":1500,"value":"ss","endpoint":{"serviceName":"s"}}]}]
        """)
        let s = try #require(set.spans.first)
        #expect(s.kind == .server && s.flags == [.shared])
        #expect(s.start == 1_000_000 && s.duration == 500_000)
    }

    @Test func explicitTimestampWinsOverAnnotations() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","timestamp":900,"duration":700,"annotations":[{"timestamp":1000,"value":"cs","endpoint":{"serviceName":"c"}},
          {"timestamp":1500,"value":"cr","endpoint":{"serviceName":"c"}}]}]
        """)
        #expect(set.spans[0].start == 900_000 && set.spans[0].duration == 700_000)
        #expect(set.spans[0].kind == .client)
    }

    @Test func localComponentAndMessaging() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"2","timestamp":5,"duration":3,"annotations":[],"binaryAnnotations":[{"key":"lc","value":"comp","endpoint":{"serviceName":"svc","ipv4":"1.2.3.4"}}]},
         {"traceId":"1","id":"3","annotations":[{"timestamp":7,"value":"ms","endpoint":{"serviceName":"prod"}}],
          "binaryAnnotations":[{"key":"ma","value":true,"endpoint":{"serviceName":"kafka"}}]}]
        """)
        let local = try #require(span(set, id: "0000000000000002"))
        #expect(local.kind == .internal && set.service(local) == "svc")
        #expect(attr(set.details(local), "lc") == .string("comp"))
        let producer = try #require(span(set, id: "0000000000000003"))
        #expect(producer.kind == .producer && producer.start == 7000 && producer.flags == [.missingDuration])
        #expect(attr(set.details(producer), "peer.service") == .string("kafka"))
    }

    @Test func v2ShapedSpanWithCoreAnnotationsAndNoKindIsConverted() throws {
        let (set, _) = try decodeZipkin("""
        [{"traceId":"1","id":"3","parentId":"1","name":"get /api","timestamp":1000,"duration":100,"localEndpoint":{"serviceName":"first"},
          "tags":{"t":"v"},"annotations":[{"timestamp":1000,"value":"cs"},{"timestamp":1010,"value":"sr"},{"timestamp":1090,"value":"cr"},{"timestamp":1080,"value":"ss"}]}]
        """)
        #expect(set.spans.count == 2)
        let client = try #require(span(set, id: "0000000000000003", kind: .client))
        let server = try #require(span(set, id: "0000000000000003", kind: .server))
        #expect(client.start == 1_000_000 && client.duration == 100_000)
        #expect(server.start == 1_010_000 && server.duration == 70_000 && server.flags == [.shared])
        #expect(set.service(server) == "first")
        #expect(attr(set.details(client), "t") == .string("v"))
    }

    @Test func v2SpanWithKindKeepsCoreLookingAnnotations() throws {
        let (set, _) = try decodeZipkin(v2("0000000000000001", #""kind":"CLIENT","annotations":[{"timestamp":5,"value":"cs"}]"#))
        #expect(set.spans.count == 1)
        #expect(set.details(set.spans[0]).events.map(\.name) == ["cs"])
    }

    @Test func negativeServerDurationIsFlagged() throws {
        let (set, warnings) = try decodeZipkin("""
        [{"traceId":"1","id":"2","annotations":[{"timestamp":2000,"value":"sr","endpoint":{"serviceName":"s"}},{"timestamp":1000,"value":"ss","endpoint":{"serviceName":"s"}}]}]
        """)
        #expect(set.spans[0].flags == [.shared, .endBeforeStart])
        #expect(warnings.count == 1)
    }
}

// MARK: - Corpus

@Suite(.enabled(if: Corpus.present)) struct ZipkinCorpusTests {
    @Test func smartthingsLargeTrace() throws {
        let (set, warnings) = try loadCorpus("zipkin-v2/zipkin-lens-smartthings-mobile-web-install.json")
        // 1041 records; the 84 kind-less, time-less flush pieces merge into their shared server.
        #expect(set.spans.count == 957)
        #expect(set.traces().count == 1)
        #expect(set.spans.filter { $0.flags.contains(.shared) }.count == 294)
        #expect(set.spans.filter { $0.flags.contains(.missingStart) }.isEmpty)
        #expect(set.spans.filter { $0.flags.contains(.missingDuration) }.count == 91)
        #expect(set.spans.filter(\.isError).count == 2)
        #expect(set.spans.filter(\.isError).allSatisfy { set.details($0).statusMessage == "404" })
        #expect(Set(set.spans.map { set.service($0) }).count == 16)
        #expect(set.spans.filter { $0.parentID.isZero }.count == 1)
        #expect(set.spans.reduce(0) { $0 + Int($1.eventCount) } == 92)
        #expect(warnings.contains { $0.hasPrefix("91 spans have no duration") })
        #expect(warnings.contains { $0.hasPrefix("84 span records repeat an id") })
        // Every shared span has a non-shared same-id partner.
        let clientIDs = Set(set.spans.filter { !$0.flags.contains(.shared) }.map(\.spanID))
        #expect(set.spans.filter { $0.flags.contains(.shared) }.allSatisfy { clientIDs.contains($0.spanID) })
    }

    @Test func skew() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-skew.json")
        #expect(set.spans.count == 4)
        let server = try #require(span(set, id: "74280ae0c10d8062", kind: .server))
        let client = try #require(span(set, id: "74280ae0c10d8062", kind: .client))
        #expect(server.flags == [.shared])
        #expect(client.start - server.start == 65_441_000)
        #expect(set.resource(server.resource)?.host == "192.0.0.0")
        #expect(set.resource(client.resource)?.host == "127.0.0.0")
    }

    @Test func ascend() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-ascend.json")
        #expect(set.spans.count == 8)
        #expect(set.spans.filter { $0.flags.contains(.shared) }.count == 2)
        #expect(set.spans.filter { $0.kind == .internal }.count == 2)
    }

    @Test func envoyRootWithoutServiceName() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-envoy.json")
        let s = try #require(set.spans.first)
        #expect(set.spans.count == 1)
        #expect(s.flags == [.shared] && s.parentID.isZero)
        #expect(set.service(s) == "unknown")
        #expect(set.resource(s.resource)?.host == "169.254.65.45")
        #expect(set.details(s).attributes.count == 12)
    }

    @Test func messaging() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-messaging.json")
        #expect(set.spans.count == 4)
        #expect(set.spans.allSatisfy { $0.traceID.hex == "5aab74dbb904746bb33447baae403ed6" })
        #expect(set.spans.map(\.kind) == [.consumer, .internal, .producer, .server])
        // The producer's parent b33447baae403ed6 is the server span.
        #expect(span(set, id: "05e3ac9a4f6e3b90")?.parentID.hex == "b33447baae403ed6")
        #expect(attr(set.details(set.spans[0]), "rabbit.exchange") == .string(""))
    }

    @Test func messaging2Orphans() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-messaging2.json")
        #expect(set.spans.count == 11)
        let ids = Set(set.spans.map(\.spanID))
        let orphans = set.spans.filter { !$0.parentID.isZero && !ids.contains($0.parentID) }
        #expect(orphans.count == 6)
        #expect(Set(orphans.map(\.parentID.hex)) == ["0153a596db406c83", "0153a596db406111"])
    }

    @Test func simpleDB() throws {
        let (set, _) = try loadCorpus("zipkin-v2/zipkin-lens-simple-db-p6.json")
        #expect(set.spans.count == 5)
        #expect(set.spans.filter { $0.kind == .client }.count == 4)
        #expect(set.spans.filter { $0.kind == .client }.allSatisfy { attr(set.details($0), "peer.service") == .string("app_db") })
    }

    @Test func kongMalformed() throws {
        let (set, warnings) = try loadCorpus("zipkin-v2/zipkin-lens-test-data-malformed-kong.json")
        #expect(set.spans.count == 7)
        #expect(set.spans.filter { set.service($0) == "unknown" }.count == 6)
        #expect(set.spans.filter { $0.flags.contains(.missingDuration) }.count == 4)
        #expect(warnings.contains { $0.hasPrefix("4 spans have no duration") })
        let balancer = try #require(span(set, id: "862d0f978033cc53"))
        #expect(attr(set.details(balancer), "net.peer.port") == .int(80))
        #expect(attr(set.details(try #require(span(set, id: "ed395cb866d02665"))), "http.url") == .string(""))
    }

    @Test func benchmarkBareObjects() throws {
        let (client, _) = try loadCorpus("zipkin-v2/zipkin-benchmarks-zipkin2-client.json")
        #expect(client.spans.count == 1)
        #expect(client.spans[0].eventCount == 2)
        #expect(client.resource(client.spans[0].resource)?.host == "2001:db8::c001")
        let (chinese, _) = try loadCorpus("zipkin-v2/zipkin-benchmarks-zipkin2-chinese.json")
        let s = try #require(chinese.spans.first)
        #expect(chinese.name(s) == "个人信息查询")
        #expect(chinese.service(s) == "订单维护服务")
        #expect(s.status == .error)
        #expect(chinese.details(s).statusMessage == "此用户没有操作权限")
    }

    @Test func jaegerCollectorShortIDs() throws {
        let (one, _) = try loadCorpus("zipkin-v2/jaeger-collector-testdata-zipkin_v2_01.json")
        let s = try #require(one.spans.first)
        #expect(s.spanID.hex == "0000000000000002" && s.parentID.hex == "0000000000000001")
        #expect(s.kind == .client && s.flags == [.shared])
        #expect(s.start == 1000 && s.duration == 10_000)
        #expect(attr(one.details(s), "zipkin.debug") == .bool(true))
        let (two, _) = try loadCorpus("zipkin-v2/jaeger-collector-testdata-zipkin_v2_02.json")
        #expect(two.spans.first?.traceID == TraceID(high: 0, low: 2))
        let (three, _) = try loadCorpus("zipkin-v2/jaeger-collector-testdata-zipkin_v2_03.json")
        #expect(three.spans.first?.parentID.hex == "0c26551047c72d19")
        #expect(three.spans.first?.kind == .producer)
    }

    @Test func jaegerCollectorV1MergedSpans() throws {
        let (set, warnings) = try loadCorpus("zipkin-v2/jaeger-collector-testdata-zipkin_v1_merged_spans.json")
        #expect(set.spans.count == 3)
        let root = try #require(span(set, id: "4ed11df465275600"))
        // The typo'd 15-digit ss does not matter: the span's own timestamp/duration win.
        #expect(root.kind == .server && root.duration == 14_861_000 && root.flags.isEmpty)
        #expect(span(set, id: "c943743e25dc2cdf", kind: .client)?.duration == 3_360_000)
        let server = try #require(span(set, id: "c943743e25dc2cdf", kind: .server))
        #expect(server.flags == [.shared] && server.start == 1_633_073_248_681_669_000 && server.duration == 6_719_000)
        #expect(warnings.isEmpty)
    }

    @Test func otelcolDuplicatesCollapse() throws {
        let (set, warnings) = try loadCorpus("zipkin-v2/otelcol-zipkinreceiver-sample1-duplicates.json")
        #expect(set.spans.count == 1)
        #expect(set.spans[0].eventCount == 2)
        #expect(set.details(set.spans[0]).events.count == 2)
        #expect(warnings.contains { $0.hasPrefix("8 span records repeat an id") })
    }

    @Test func otelStatusTags() throws {
        let (set, _) = try loadCorpus("zipkin-v2/otelcol-contrib-zipkinreceiver-sample3-otel-status.json")
        let s = try #require(set.spans.first)
        #expect(s.status == .error)
        #expect(set.details(s).statusMessage == "Something failed")
        #expect(set.service(s) == "unknown")
        #expect(set.resource(s.resource)?.host == "7::0.128.128.127")
    }

    @Test(arguments: ["otelcol-translator-zipkin_v1_single_batch.json", "otelcol-translator-zipkin_v1_multiple_batches.json"])
    func v1Batches(file: String) throws {
        let (set, warnings) = try loadCorpus("zipkin-v1/" + file)
        #expect(warnings.isEmpty)
        #expect(set.spans.count == 5)
        #expect(set.spans.filter { $0.flags.contains(.shared) }.count == 2)
        let avail = try #require(span(set, id: "0ed2e63cbe71f5a8", kind: .server))
        #expect(avail.start == 1_544_805_927_448_081_000 && avail.duration == 12_021_000)
        #expect(set.service(avail) == "service1")
        #expect(set.details(avail).events.map(\.name) == ["custom time event"])
        let stockServer = try #require(span(set, id: "f9ebb6e64880612a", kind: .server))
        #expect(stockServer.flags == [.shared] && stockServer.duration == 2_833_000)
        let sd = set.details(stockServer)
        #expect(attr(sd, "http.status_code") == .string("200"))
        #expect(attr(sd, "processed") == .string("1.5"))
        #expect(span(set, id: "0ed2e63cbe71f5a8", kind: .client).map { set.service($0) } == "front-proxy")
        #expect(span(set, id: "fe351a053fbcac1f").map { set.service($0) } == "unknown")
    }

    @Test func v1ErrorBatch() throws {
        let (set, warnings) = try loadCorpus("zipkin-v1/otelcol-translator-zipkin_v1_error_batch.json")
        #expect(set.spans.count == 2)
        let bad = try #require(span(set, id: "f9ebb6e64880612a"))
        #expect(bad.flags == [.invalidParent] && bad.parentID.isZero && bad.kind == .client)
        #expect(warnings.count == 1 && warnings[0].contains("\"BADID\""))
        #expect(span(set, id: "0ed2e63cbe71f5a8")?.flags == [.shared])
    }

    @Test func v1LocalComponent() throws {
        let (set, _) = try loadCorpus("zipkin-v1/otelcol-translator-zipkin_v1_local_component.json")
        #expect(set.spans.count == 2)
        #expect(set.spans.map { set.service($0) } == ["unknown", "myServiceName"])
        #expect(set.spans.allSatisfy { $0.kind == .internal && attr(set.details($0), "lc") == .string("myLocalComponent") })
        #expect(set.resource(set.spans[1].resource)?.host == "172.31.0.7")
    }

    @Test func v1NamedV2NoTimestamp() throws {
        let (set, _) = try loadCorpus("zipkin-v1/otelcol-translator-zipkin_v2_notimestamp-actually-v1.json")
        let s = try #require(set.spans.first)
        #expect(set.spans.count == 1)
        #expect(s.kind == .server && s.flags == [.shared])
        #expect(s.start == 1_615_821_510_040_000_000 && s.duration == 1_000_000)
        #expect(set.service(s) == "baz")
        #expect(set.details(s).attributes.filter { $0.key.hasPrefix("http.") }.count == 4)
    }

    @Test func proto3() throws {
        let (set, _) = try loadCorpus("zipkin-proto3-json/jaeger-collector-testdata-zipkin_proto_01.json")
        let s = try #require(set.spans.first)
        #expect(s.traceID.hex == "428568baaa09467e428e688aaa09467f")
        #expect(s.spanID.value == 2 && s.parentID.value == 1)
        #expect(s.kind == .client && s.flags == [.shared])
        #expect(set.resource(s.resource)?.host == "10.43.17.42")
        #expect(attr(set.details(s), "peer.service") == .string("bar"))
    }
}
