import TraceModel

/// Writes protobuf wire format. Nested messages are written in place behind a reserved 5-byte
/// length, then moved back over the unused length bytes: one pass, no size pre-computation.
struct ProtoWriter {
    var out: [UInt8] = []

    @inline(__always)
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    @inline(__always)
    mutating func tag(_ field: UInt32, _ wire: WireType) { varint(UInt64(field) << 3 | UInt64(wire.rawValue)) }

    /// Scalars are omitted when zero (proto3 defaults), except where `always` (oneof members).
    mutating func varint(_ field: UInt32, _ v: UInt64, always: Bool = false) {
        guard v != 0 || always else { return }
        tag(field, .varint)
        varint(v)
    }

    mutating func fixed64(_ field: UInt32, _ v: UInt64, always: Bool = false) {
        guard v != 0 || always else { return }
        tag(field, .fixed64)
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    mutating func fixed32(_ field: UInt32, _ v: UInt32) {
        guard v != 0 else { return }
        tag(field, .fixed32)
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    mutating func bytes(_ field: UInt32, _ b: some Collection<UInt8>, always: Bool = false) {
        guard !b.isEmpty || always else { return }
        tag(field, .length)
        varint(UInt64(b.count))
        out.append(contentsOf: b)
    }

    mutating func string(_ field: UInt32, _ s: String, always: Bool = false) { bytes(field, s.utf8, always: always) }

    /// Big-endian id bytes, as OTLP carries them.
    mutating func id(_ field: UInt32, _ trace: TraceID) {
        tag(field, .length)
        varint(16)
        withUnsafeBytes(of: trace.high.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: trace.low.bigEndian) { out.append(contentsOf: $0) }
    }

    mutating func id(_ field: UInt32, _ span: SpanID) {
        tag(field, .length)
        varint(8)
        withUnsafeBytes(of: span.value.bigEndian) { out.append(contentsOf: $0) }
    }

    /// A nested message, written even when empty (its presence can matter, as for AnyValue).
    mutating func message(_ field: UInt32, _ body: (inout ProtoWriter) -> Void) {
        tag(field, .length)
        let lengthAt = out.count
        out.append(contentsOf: [0, 0, 0, 0, 0])
        body(&self)
        let n = out.count - lengthAt - 5
        var k = 1
        while UInt64(n) >> (7 * k) != 0 { k += 1 }
        out.withUnsafeMutableBufferPointer { b in
            let p = b.baseAddress! + lengthAt
            UnsafeMutableRawPointer(p + k).copyMemory(from: p + 5, byteCount: n)  // memmove: may overlap
            var v = UInt64(n)
            for i in 0..<k {
                p[i] = UInt8(truncatingIfNeeded: v) | (i < k - 1 ? 0x80 : 0)
                v >>= 7
            }
        }
        out.removeLast(5 - k)
    }

    mutating func keyValue(_ field: UInt32, _ a: Attribute) {
        message(field) { w in
            w.string(1, a.key)
            w.message(2) { w in w.anyValue(a.value) }
        }
    }

    mutating func anyValue(_ v: AttributeValue) {
        switch v {
        case .string(let s): string(1, s, always: true)
        case .bool(let b): varint(2, b ? 1 : 0, always: true)
        case .int(let i): varint(3, UInt64(bitPattern: i), always: true)
        case .double(let d): fixed64(4, d.bitPattern, always: true)
        case .array(let items): message(5) { w in for item in items { w.message(1) { w in w.anyValue(item) } } }
        case .keyValues(let items): message(6) { w in for a in items { w.keyValue(1, a) } }
        case .bytes(let b): bytes(7, b, always: true)
        case .empty: break
        }
    }
}
