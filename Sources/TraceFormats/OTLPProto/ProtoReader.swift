import TraceModel

/// Protobuf wire types (the low three bits of a tag).
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, length = 2, startGroup = 3, endGroup = 4, fixed32 = 5

    var label: String {
        switch self {
        case .varint: return "0 (varint)"
        case .fixed64: return "1 (64-bit)"
        case .length: return "2 (length-delimited)"
        case .startGroup: return "3 (start group)"
        case .endGroup: return "4 (end group)"
        case .fixed32: return "5 (32-bit)"
        }
    }
}

/// A problem at a byte offset. `path` is filled in while the error travels up through the
/// message levels (innermost first), so the hot path never builds path strings.
struct ProtoError: Error, Sendable {
    var offset: Int
    var message: String
    var reversedPath: [String] = []

    /// Adds the enclosing field (`spans[7]`) as the error leaves a level.
    func within(_ part: String) -> ProtoError {
        var e = self
        e.reversedPath.append(part)
        return e
    }

    var path: String { reversedPath.reversed().joined(separator: ".") }
    var line: String { reversedPath.isEmpty ? message : "\(path): \(message)" }
}

/// Reads protobuf wire format within `pos..<end` of a buffer; every read is bounds-checked
/// against `end` (the end of the enclosing message, so a field cannot run into its parent's
/// siblings).
struct ProtoReader {
    let base: UnsafePointer<UInt8>
    var pos: Int
    let end: Int
    /// Where the current field's tag started, for messages about it.
    var fieldStart = 0

    init(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
        self.base = base
        pos = range.lowerBound
        end = range.upperBound
    }

    /// Proto groups may nest: skipping them is bounded like message nesting.
    static let maxGroupDepth = 32

    /// The next field's number and wire type; nil at the end of the message.
    @inline(__always)
    mutating func next() throws(ProtoError) -> (field: UInt32, wire: WireType)? {
        guard pos < end else { return nil }
        fieldStart = pos
        let tag = try varint(what: "tag")
        guard let wire = WireType(rawValue: UInt8(tag & 7)) else {
            throw ProtoError(offset: fieldStart, message: "invalid wire type \(tag & 7) in tag \(tag)")
        }
        let field = tag >> 3
        guard field > 0, field < 1 << 29 else {
            throw ProtoError(offset: fieldStart, message: "invalid field number \(field)")
        }
        return (UInt32(field), wire)
    }

    @inline(__always)
    mutating func varint(what: StaticString = "varint") throws(ProtoError) -> UInt64 {
        if pos < end, base[pos] < 0x80 {
            pos += 1
            return UInt64(base[pos - 1])
        }
        return try varintSlow(what)
    }

    mutating func varintSlow(_ what: StaticString) throws(ProtoError) -> UInt64 {
        let start = pos
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw ProtoError(offset: start, message: "truncated \(what)") }
            let b = base[pos]
            pos += 1
            if shift == 63 && b > 1 { throw ProtoError(offset: start, message: "\(what) overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always)
    mutating func fixed64() throws(ProtoError) -> UInt64 { try fixed(UInt64.self) }

    @inline(__always)
    mutating func fixed32() throws(ProtoError) -> UInt32 { try fixed(UInt32.self) }

    /// A little-endian fixed-width value.
    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(ProtoError) -> T {
        let size = MemoryLayout<T>.size
        guard end - pos >= size else {
            throw ProtoError(offset: pos, message: "truncated \(T.bitWidth)-bit value (\(Plural.counted(end - pos, "byte")) left)")
        }
        let v = UnsafeRawPointer(base + pos).loadUnaligned(as: T.self)
        pos += size
        return T(littleEndian: v)
    }

    /// A length-delimited field's payload; the reader moves past it.
    @inline(__always)
    mutating func lengthDelimited() throws(ProtoError) -> Range<Int> {
        let at = pos
        let n = try varint(what: "length")
        guard n <= UInt64(end - pos) else {
            throw ProtoError(offset: at, message: "length \(n) runs past the end of its message (\(Plural.counted(end - pos, "byte")) left)")
        }
        let start = pos
        pos += Int(n)
        return start..<pos
    }

    /// Fails unless the field has the wire type its .proto declares.
    @inline(__always)
    func expect(_ wire: WireType, _ want: WireType) throws(ProtoError) {
        if wire != want {
            throw ProtoError(offset: fieldStart, message: "wire type \(wire.label), want \(want.label)")
        }
    }

    /// Moves past a field this decoder does not use (unknown fields must be ignored).
    mutating func skip(_ wire: WireType, field: UInt32) throws(ProtoError) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .length: _ = try lengthDelimited()
        case .startGroup: try skipGroup(field)
        case .endGroup: throw ProtoError(offset: fieldStart, message: "end of group \(field) without its start")
        }
    }

    /// Groups (proto2) are not used by OTLP but are valid unknown fields; crossed iteratively.
    mutating func skipGroup(_ field: UInt32) throws(ProtoError) {
        var open: [UInt32] = [field]
        let start = fieldStart
        while let (f, w) = try next() {
            switch w {
            case .startGroup:
                guard open.count < Self.maxGroupDepth else {
                    throw ProtoError(offset: fieldStart, message: "groups nested more than \(Self.maxGroupDepth) deep")
                }
                open.append(f)
            case .endGroup:
                guard f == open.last else {
                    throw ProtoError(offset: fieldStart, message: "end of group \(f) inside group \(open.last!)")
                }
                open.removeLast()
                if open.isEmpty { return }
            default: try skip(w, field: f)
            }
        }
        throw ProtoError(offset: start, message: "group \(field) is not closed before the end of its message")
    }
}
