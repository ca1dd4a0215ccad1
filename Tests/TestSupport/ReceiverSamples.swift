import ChildProcess
import Foundation
import TraceFormats
import TraceModel
import TraceSynth

public enum Sample {
    public static let t0: Int64 = 1_700_000_000_000_000_000

    public static func hex(_ v: UInt64, _ digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// An OTLP/JSON request of `count` spans of one trace (span ids first...first+count-1).
    public static func otlpJSON(trace: UInt64, firstSpan: UInt64 = 1, count: Int = 1, service: String = "svc") -> [UInt8] {
        let spans = (0..<UInt64(count)).map { i in
            """
            {"traceId":"\(hex(trace, 32))","spanId":"\(hex(firstSpan + i, 16))","name":"op-\(firstSpan + i)","kind":2,\
            "startTimeUnixNano":"\(t0)","endTimeUnixNano":"\(t0 + 1_000_000)","attributes":[{"key":"n","value":{"intValue":"\(i)"}}]}
            """
        }
        return Array("""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\(service)"}}]},\
        "scopeSpans":[{"spans":[\(spans.joined(separator: ","))]}]}]}
        """.utf8)
    }

    public static func zipkinV2(trace: UInt64, span: UInt64) -> [UInt8] {
        Array("""
        [{"traceId":"\(hex(trace, 32))","id":"\(hex(span, 16))","name":"get /z","kind":"SERVER","timestamp":1700000000000000,\
        "duration":1500,"localEndpoint":{"serviceName":"zsvc"},"tags":{"http.path":"/z"}}]
        """.utf8)
    }

    public static func zipkinV1(trace: UInt64, span: UInt64) -> [UInt8] {
        Array("""
        [{"traceId":"\(hex(trace, 16))","id":"\(hex(span, 16))","name":"get /v1","timestamp":1700000000000000,"duration":2000,\
        "annotations":[{"timestamp":1700000000000000,"value":"sr","endpoint":{"serviceName":"v1svc","ipv4":"10.0.0.1"}},\
        {"timestamp":1700000000002000,"value":"ss","endpoint":{"serviceName":"v1svc","ipv4":"10.0.0.1"}}]}]
        """.utf8)
    }

    /// A protobuf request of realistic spans (the benchmark writer's), and the spans it holds.
    public static func protobufBatch(seed: UInt64, spans: Int = 512) throws -> (bytes: [UInt8], set: TraceSet) {
        var json: [UInt8] = []
        BenchOTLPWriter(seed: seed, chunkSpans: spans).write(spans: spans, traces: 1) { json += $0 }
        let set = try TraceLoader.decode(FileBytes(json, name: "batch.json")).set
        return (OTLPProtobuf.encodeTraces(set), set)
    }
}

/// Protobuf written by hand, for requests the encoder never makes (spans with broken ids).
public enum Proto {
    public static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        return out + [UInt8(v)]
    }

    public static func len(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] { varint(field << 3 | 2) + varint(UInt64(payload.count)) + payload }
    public static func string(_ field: UInt64, _ s: String) -> [UInt8] { len(field, Array(s.utf8)) }

    /// A span with the given span id bytes (8 are valid) in one trace.
    public static func span(id: [UInt8], name: String) -> [UInt8] {
        len(1, [UInt8](repeating: 0, count: 15) + [7]) + len(2, id) + string(5, name)
            + [0x39] + withUnsafeBytes(of: UInt64(Sample.t0).littleEndian) { Array($0) }
            + [0x41] + withUnsafeBytes(of: UInt64(Sample.t0 + 1000).littleEndian) { Array($0) }
    }

    public static func request(_ spans: [[UInt8]]) -> [UInt8] {
        let resource = len(1, string(1, "service.name") + len(2, string(1, "svc")))
        return len(1, len(1, resource) + len(2, spans.flatMap { len(2, $0) }))
    }

    /// Field 1 (varint) and field 2 (string) of a `google.rpc.Status` or `partial_success`.
    public static func fields(_ bytes: [UInt8]) -> (number: UInt64, text: String)? {
        var i = 0, number: UInt64 = 0, text = ""
        func readVarint() -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                v |= UInt64(b & 0x7F) << shift
                shift += 7
                if b < 0x80 { break }
            }
            return v
        }
        while i < bytes.count {
            let tag = readVarint()
            switch tag {
            case 1 << 3: number = readVarint()
            case 2 << 3 | 2:
                let n = Int(readVarint())
                guard i + n <= bytes.count else { return nil }
                text = String(decoding: bytes[i..<i + n], as: UTF8.self)
                i += n
            default: return nil
            }
        }
        return (number, text)
    }
}

/// The known spans of scripts/sdk_spans.py, as the receivers' end-to-end tests expect them.
public enum SDKReference {
    public static let traceID = TraceID(high: 0x0AF7_6519_16CD_43DD, low: 0x8448_EB21_1C80_319C)
    public static let t0: Int64 = 1_700_000_000_000_000_000

    public struct ScriptFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// The SDK's spans as its own encoder writes them (scripts/otlp-sdk-requests.py), decoded.
    public static func spans(python: String) throws -> TraceSet {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-ref-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try ChildProcess.run(python, [Repo.path("scripts/otlp-sdk-requests.py"), dir], timeout: 60)
        guard result.status == 0 else { throw ScriptFailed(description: "otlp-sdk-requests.py: \(result.stderrText)") }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/traces.pb")))
        return try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: "traces.pb")).set
    }

    /// Views sorted by span id, without the resource's `service.instance.id` (the SDK makes a
    /// new one in each process).
    public static func views(_ spans: [SpanView]) -> [SpanView] {
        spans.map { v in
            var v = v
            v.resourceAttributes?.removeAll { $0.key == "service.instance.id" }
            return v
        }.sorted { $0.span.spanID < $1.span.spanID }
    }
}
