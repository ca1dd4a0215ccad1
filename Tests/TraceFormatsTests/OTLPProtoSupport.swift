@testable import TraceFormats
import TraceModel

/// Protobuf bytes written by hand, for inputs no encoder makes.
enum Wire {
    static func varint(_ v: UInt64) -> [UInt8] {
        var w = ProtoWriter()
        w.varint(v)
        return w.out
    }

    static func tag(_ field: UInt32, _ wire: UInt8) -> [UInt8] { varint(UInt64(field) << 3 | UInt64(wire)) }

    /// A length-delimited field.
    static func len(_ field: UInt32, _ payload: [UInt8]) -> [UInt8] {
        tag(field, 2) + varint(UInt64(payload.count)) + payload
    }

    static func fixed64(_ field: UInt32, _ v: UInt64) -> [UInt8] {
        tag(field, 1) + withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    static func string(_ field: UInt32, _ s: String) -> [UInt8] { len(field, Array(s.utf8)) }

    static func traceID(_ low: UInt8 = 1) -> [UInt8] { len(1, [UInt8](repeating: 0, count: 15) + [low]) }
    static func spanID(_ low: UInt8 = 1) -> [UInt8] { len(2, [UInt8](repeating: 0, count: 7) + [low]) }

    /// A valid span's fields: ids, name, times.
    static func spanFields(_ n: UInt8 = 1, name: String = "op") -> [UInt8] {
        traceID() + spanID(n) + string(5, name) + fixed64(7, 1_700_000_000_000_000_000) + fixed64(8, 1_700_000_000_001_000_000)
    }

    /// A Resource whose one attribute is service.name = svc (23 bytes).
    static let svcResource = len(1, string(1, "service.name") + len(2, string(1, "svc")))

    /// A request of one resource (service "svc") and one scope holding `spans` (span payloads).
    static func request(_ spans: [[UInt8]], resource: [UInt8] = svcResource) -> [UInt8] {
        len(1, len(1, resource) + len(2, spans.flatMap { len(2, $0) }))
    }
}

func decodeProto(_ bytes: [UInt8], name: String = "t.pb") throws(LoadError) -> OTLPProtobuf.Decoded {
    try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: name))
}

/// The error line of a request that must fail, or nil.
func protoError(_ bytes: [UInt8], logs: Bool = false) -> String? {
    do {
        if logs { _ = try OTLPProtobuf.decodeLogs(FileBytes(bytes, name: "t.pb")) } else { _ = try decodeProto(bytes) }
        return nil
    } catch {
        return error.description
    }
}
