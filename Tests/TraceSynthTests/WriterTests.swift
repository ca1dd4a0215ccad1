import Foundation
import Testing
import TraceModel
@testable import TraceSynth

@Suite struct OTLPWriterTests {
    @Test func checkoutIsValidOTLPWithStringNanos() throws {
        let obj = try #require(try parseJSON(OTLPJSONWriter.write([checkout], pretty: true)) as? [String: Any])
        let spans = otlpSpans(obj)
        #expect(spans.count == 12)
        #expect(Set(spans.map(\.service)) == ["frontend", "checkout", "inventory", "payment"])
        let root = try #require(spans.first { $0.span["spanId"] as? String == "a000000000000001" }?.span)
        #expect(root["startTimeUnixNano"] as? String == "1700000000000000000")
        #expect(root["endTimeUnixNano"] as? String == "1700000000180000000")
        #expect(root["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(root["parentSpanId"] == nil)
        #expect(root["kind"] as? Int == 2)
        let attrs = try #require(root["attributes"] as? [[String: Any]])
        let code = attrs.first { $0["key"] as? String == "http.status_code" }?["value"] as? [String: Any]
        #expect(code?["intValue"] as? String == "200")

        let err = try #require(spans.first { $0.span["spanId"] as? String == "a000000000000009" })
        #expect(err.service == "payment")
        let status = try #require(err.span["status"] as? [String: Any])
        #expect(status["code"] as? Int == 2)
        #expect(status["message"] as? String == "card declined")
        let events = try #require(err.span["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events[0]["name"] as? String == "exception")
        #expect(events[0]["timeUnixNano"] as? String == "1700000000120000000")
        #expect(err.span["parentSpanId"] as? String == "a000000000000008")
    }

    @Test func jsonLinesSpreadsTheTraceAndLinksLogs() throws {
        let lines = try jsonLines(OTLPJSONLinesWriter.write([checkout], splitServices: true, includeLogs: true))
        let spanLines = lines.filter { $0["resourceSpans"] != nil }
        #expect(spanLines.count == 4)
        #expect(spanLines.flatMap { otlpSpans($0) }.count == 12)
        let logLine = try #require(lines.last?["resourceLogs"] as? [[String: Any]])
        let records = logLine.flatMap { ($0["scopeLogs"] as? [[String: Any]] ?? []).flatMap { $0["logRecords"] as? [[String: Any]] ?? [] } }
        #expect(records.count == 3)
        let linked = records.filter { ($0["traceId"] as? String) == "4bf92f3577b34da6a3ce929d0e0e4736" }
        #expect(linked.count == 2)
        #expect(records.contains { $0["traceId"] as? String == "" && $0["spanId"] as? String == "" })
        #expect(records.contains { $0["spanId"] as? String == "a000000000000009" && $0["severityNumber"] as? Int == 17 })
    }

    @Test func attributeValueEncodings() throws {
        var e = JSONEmitter()
        e.otlpAttributes([
            Attribute("s", .string("a\"b\\c\n\u{1}")), Attribute("i", .int(-9_007_199_254_740_993)),
            Attribute("d", .double(0.25)), Attribute("b", .bool(true)), Attribute("x", .bytes([0, 0, 0x30, 0x39])),
            Attribute("a", .array([.int(1), .string("two")])),
        ])
        let arr = try #require(try parseJSON(e.bytes) as? [[String: Any]])
        func value(_ k: String) -> [String: Any]? { arr.first { $0["key"] as? String == k }?["value"] as? [String: Any] }
        #expect(value("s")?["stringValue"] as? String == "a\"b\\c\n\u{1}")
        #expect(value("i")?["intValue"] as? String == "-9007199254740993")
        #expect(value("d")?["doubleValue"] as? Double == 0.25)
        #expect(value("b")?["boolValue"] as? Bool == true)
        #expect(value("x")?["bytesValue"] as? String == "AAAwOQ==")
        #expect((value("a")?["arrayValue"] as? [String: Any])?["values"] as? [[String: Any]] != nil)
    }

    @Test func prettyAndCompactAreTheSameJSON() throws {
        let a = try parseJSON(OTLPJSONWriter.write([checkout], pretty: true)) as? NSDictionary
        let b = try parseJSON(OTLPJSONWriter.write([checkout], pretty: false)) as? NSDictionary
        #expect(a != nil && a == b)
    }
}

@Suite struct ZipkinWriterTests {
    @Test func v2HasMicrosecondIntsKindsAndErrorTag() throws {
        let spans = try #require(try parseJSON(ZipkinV2Writer.write([checkout], pretty: true)) as? [[String: Any]])
        #expect(spans.count == 12)
        let root = try #require(spans.first { $0["id"] as? String == "a000000000000001" })
        #expect(root["timestamp"] as? Int == 1_700_000_000_000_000)
        #expect(root["duration"] as? Int == 180_000)
        #expect(root["kind"] as? String == "SERVER")
        #expect(root["parentId"] == nil)
        #expect((root["localEndpoint"] as? [String: Any])?["serviceName"] as? String == "frontend")
        #expect((root["tags"] as? [String: String])?["http.status_code"] == "200")
        let err = try #require(spans.first { $0["id"] as? String == "a000000000000009" })
        #expect((err["tags"] as? [String: String])?["error"] == "card declined")
        #expect((err["annotations"] as? [[String: Any]])?.first?["value"] as? String == "exception")
        #expect((err["annotations"] as? [[String: Any]])?.first?["timestamp"] as? Int == 1_700_000_000_120_000)
        let internalSpan = try #require(spans.first { $0["id"] as? String == "a000000000000007" })
        #expect(internalSpan["kind"] == nil)
        let producer = try #require(spans.first { $0["id"] as? String == "a00000000000000c" })
        #expect(producer["kind"] as? String == "PRODUCER")
        #expect(spans.allSatisfy { $0["shared"] == nil })
        #expect(spans.filter { ($0["tags"] as? [String: String])?["error"] != nil }.count == 1)
    }

    @Test func v2SharedModeGivesServerHalvesTheClientID() throws {
        let spans = try #require(try parseJSON(ZipkinV2Writer.write([checkout], sharedRPC: true)) as? [[String: Any]])
        #expect(spans.count == 12)
        let shared = spans.filter { $0["shared"] as? Bool == true }
        #expect(shared.count == 4)
        let charge = try #require(shared.first { $0["name"] as? String == "charge card" && ($0["tags"] as? [String: String])?["error"] != nil })
        #expect(charge["id"] as? String == "a000000000000008")
        #expect(charge["parentId"] as? String == "a000000000000003")
        #expect(charge["kind"] as? String == "SERVER")
        // The warehouse check was a child of the inventory server half, now the shared id a..05.
        let warehouse = try #require(spans.first { $0["name"] as? String == "check warehouse" })
        #expect(warehouse["parentId"] as? String == "a000000000000005")
    }

    @Test func v1HasCoreAnnotationsWithEndpoints() throws {
        let spans = try #require(try parseJSON(ZipkinV1Writer.write([checkout], pretty: true)) as? [[String: Any]])
        #expect(spans.count == 12)
        func values(_ id: String) -> [String] {
            (spans.first { $0["id"] as? String == id }?["annotations"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        }
        #expect(values("a000000000000002") == ["cs", "cr"])
        #expect(values("a000000000000003") == ["sr", "ss"])
        #expect(values("a000000000000009") == ["sr", "exception", "ss"])
        #expect(values("a00000000000000c") == ["ms", "ws"])
        let client = try #require(spans.first { $0["id"] as? String == "a000000000000002" })
        let ann = try #require(client["annotations"] as? [[String: Any]])
        #expect(ann[0]["timestamp"] as? Int == 1_700_000_000_005_000)
        #expect((ann[0]["endpoint"] as? [String: Any])?["serviceName"] as? String == "frontend")
        let bin = try #require(client["binaryAnnotations"] as? [[String: Any]])
        let sa = try #require(bin.first { $0["key"] as? String == "sa" })
        #expect(sa["value"] as? Bool == true)
        #expect((sa["endpoint"] as? [String: Any])?["serviceName"] as? String == "checkout")
        let local = try #require(spans.first { $0["id"] as? String == "a000000000000007" }?["binaryAnnotations"] as? [[String: Any]])
        #expect(local.contains { $0["key"] as? String == "lc" })
    }

    @Test func v1SharedModeMergesTheRPCIntoOneSpan() throws {
        let spans = try #require(try parseJSON(ZipkinV1Writer.write([checkout], sharedRPC: true)) as? [[String: Any]])
        #expect(spans.count == 8)
        let rpc = try #require(spans.first { $0["id"] as? String == "a000000000000002" })
        let ann = try #require(rpc["annotations"] as? [[String: Any]])
        #expect(ann.compactMap { $0["value"] as? String } == ["cs", "sr", "ss", "cr"])
        #expect(ann.compactMap { ($0["endpoint"] as? [String: Any])?["serviceName"] as? String }
                == ["frontend", "checkout", "checkout", "frontend"])
        #expect(rpc["timestamp"] as? Int == 1_700_000_000_005_000)
        #expect(rpc["duration"] as? Int == 170_000)
    }
}

@Suite struct JaegerWriterTests {
    @Test func checkoutHasReferencesProcessesAndTypedTags() throws {
        let obj = try #require(try parseJSON(JaegerJSONWriter.write([checkout], pretty: true)) as? [String: Any])
        let trace = try #require((obj["data"] as? [[String: Any]])?.first)
        #expect(trace["traceID"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        let spans = try #require(trace["spans"] as? [[String: Any]])
        #expect(spans.count == 12)
        let processes = try #require(trace["processes"] as? [String: [String: Any]])
        #expect(processes.count == 4)
        #expect(processes["p1"]?["serviceName"] as? String == "frontend")
        let root = try #require(spans.first { $0["spanID"] as? String == "a000000000000001" })
        #expect((root["references"] as? [Any])?.isEmpty == true)
        #expect(root["startTime"] as? Int == 1_700_000_000_000_000)
        #expect(root["duration"] as? Int == 180_000)
        let err = try #require(spans.first { $0["spanID"] as? String == "a000000000000009" })
        let ref = try #require((err["references"] as? [[String: Any]])?.first)
        #expect(ref["refType"] as? String == "CHILD_OF")
        #expect(ref["spanID"] as? String == "a000000000000008")
        let tags = try #require(err["tags"] as? [[String: Any]])
        let errorTag = try #require(tags.first { $0["key"] as? String == "error" })
        #expect(errorTag["type"] as? String == "bool" && errorTag["value"] as? Bool == true)
        #expect(tags.contains { $0["key"] as? String == "span.kind" && $0["value"] as? String == "server" })
        let amount = try #require(tags.first { $0["key"] as? String == "payment.amount" })
        #expect(amount["type"] as? String == "float64" && amount["value"] as? Double == 42.5)
        let log = try #require((err["logs"] as? [[String: Any]])?.first)
        #expect(log["timestamp"] as? Int == 1_700_000_000_120_000)
        let fields = try #require(log["fields"] as? [[String: Any]])
        #expect(fields.first?["key"] as? String == "event" && fields.first?["value"] as? String == "exception")
        let pid = try #require(err["processID"] as? String)
        #expect(processes[pid]?["serviceName"] as? String == "payment")
    }

    @Test func followsFromReference() throws {
        var t = checkout
        t.spans[11].followsFrom = true
        let obj = try #require(try parseJSON(JaegerJSONWriter.write([t])) as? [String: Any])
        let spans = try #require((obj["data"] as? [[String: Any]])?.first?["spans"] as? [[String: Any]])
        let p = try #require(spans.first { $0["spanID"] as? String == "a00000000000000c" })
        #expect((p["references"] as? [[String: Any]])?.first?["refType"] as? String == "FOLLOWS_FROM")
    }
}
