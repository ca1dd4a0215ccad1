import TraceModel

/// A streaming JSON writer into a byte buffer: no intermediate tree, so the benchmark writer
/// can emit a million spans quickly, and the same writers produce indented output for
/// fixtures people read. The caller drains `bytes` whenever it likes (see `takeBytes`).
public struct JSONEmitter {
    public var bytes: [UInt8] = []
    public let pretty: Bool
    /// One entry per open container: whether it already has an element.
    private var hasElement: [Bool] = []
    private var afterKey = false
    /// > 0 while writing a small value on one line even in pretty mode.
    private var inlineLevel = 0

    public init(pretty: Bool = false, capacity: Int = 1 << 16) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// Returns what was written so far and empties the buffer (keeps nesting state).
    public mutating func takeBytes() -> [UInt8] {
        let out = bytes
        bytes.removeAll(keepingCapacity: true)
        return out
    }

    // MARK: structure

    public mutating func beginObject() { beforeValue(); bytes.append(UInt8(ascii: "{")); hasElement.append(false) }
    public mutating func endObject() { endContainer(UInt8(ascii: "}")) }
    public mutating func beginArray() { beforeValue(); bytes.append(UInt8(ascii: "[")); hasElement.append(false) }
    public mutating func endArray() { endContainer(UInt8(ascii: "]")) }

    public mutating func key(_ k: String) {
        beforeElement()
        writeQuoted(k)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Pretty mode: keep what follows on one line (`{"key": "k", "value": {...}}`) until `endInline`.
    public mutating func beginInline() { inlineLevel += 1 }
    public mutating func endInline() { inlineLevel -= 1 }

    // MARK: values

    public mutating func string(_ s: String) { beforeValue(); writeQuoted(s) }
    public mutating func int(_ v: Int64) { beforeValue(); writeInt(v) }
    public mutating func int(_ v: Int) { int(Int64(v)) }
    /// A 64-bit integer as a decimal string, as proto3 JSON encodes int64/fixed64.
    public mutating func intString(_ v: Int64) {
        beforeValue()
        bytes.append(UInt8(ascii: "\""))
        writeInt(v)
        bytes.append(UInt8(ascii: "\""))
    }
    public mutating func double(_ v: Double) {
        beforeValue()
        let text = v.isFinite ? v.description : "0"
        bytes.append(contentsOf: text.utf8)
    }
    public mutating func bool(_ v: Bool) { beforeValue(); bytes.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
    public mutating func null() { beforeValue(); bytes.append(contentsOf: Self.nullBytes) }

    // MARK: convenience fields

    public mutating func field(_ k: String, _ v: String) { key(k); string(v) }
    public mutating func field(_ k: String, _ v: Int64) { key(k); int(v) }
    public mutating func field(_ k: String, _ v: Int) { key(k); int(Int64(v)) }
    public mutating func field(_ k: String, _ v: Bool) { key(k); bool(v) }
    public mutating func field(_ k: String, _ v: Double) { key(k); double(v) }

    // MARK: internals

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)

    @inline(__always)
    mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        if !hasElement.isEmpty { beforeElement() }
    }

    @inline(__always)
    private mutating func beforeElement() {
        let n = hasElement.count
        if n > 0 {
            if hasElement[n - 1] {
                bytes.append(UInt8(ascii: ","))
                if pretty && inlineLevel > 0 { bytes.append(UInt8(ascii: " ")) }
            } else {
                hasElement[n - 1] = true
            }
        }
        if pretty && inlineLevel == 0 { newline(depth: n) }
    }

    private mutating func endContainer(_ close: UInt8) {
        let had = hasElement.removeLast()
        if pretty && had && inlineLevel == 0 { newline(depth: hasElement.count) }
        bytes.append(close)
    }

    private mutating func newline(depth: Int) {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(depth * 2) { bytes.append(UInt8(ascii: " ")) }
    }

    @inline(__always)
    private mutating func writeInt(_ v: Int64) {
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            writeUInt(v == .min ? UInt64(Int64.max) + 1 : UInt64(-v))
        } else {
            writeUInt(UInt64(v))
        }
    }

    @inline(__always)
    private mutating func writeUInt(_ v: UInt64) { RawJSON.uint(&bytes, v) }

    private mutating func writeQuoted(_ s: String) { JSONText.quote(s, into: &bytes) }
}

extension JSONEmitter {
    /// An OTLP AnyValue object: `{"stringValue":"v"}`, `{"intValue":"10"}`, ...
    public mutating func otlpAnyValue(_ v: AttributeValue) {
        beginObject()
        switch v {
        case .string(let s): field("stringValue", s)
        case .bool(let b): field("boolValue", b)
        case .int(let i): key("intValue"); intString(i)
        case .double(let d): field("doubleValue", d)
        case .bytes(let b): field("bytesValue", Base64.encode(b))
        case .array(let a):
            key("arrayValue"); beginObject(); key("values"); beginArray()
            for x in a { otlpAnyValue(x) }
            endArray(); endObject()
        case .keyValues(let kv):
            key("kvlistValue"); beginObject(); key("values"); otlpAttributes(kv); endObject()
        case .empty: break
        }
        endObject()
    }

    /// `[{"key":"k","value":{...}}, ...]`
    public mutating func otlpAttributes(_ attrs: [Attribute]) {
        beginArray()
        for a in attrs {
            beginObject()
            beginInline()
            field("key", a.key)
            key("value")
            otlpAnyValue(a.value)
            endObject()
            endInline()
        }
        endArray()
    }
}

enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static func encode(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let n = min(3, b.count - i)
            var v = UInt32(b[i]) << 16
            if n > 1 { v |= UInt32(b[i + 1]) << 8 }
            if n > 2 { v |= UInt32(b[i + 2]) }
            for j in 0..<4 {
                out.append(j <= n ? alphabet[Int((v >> UInt32(18 - 6 * j)) & 63)] : UInt8(ascii: "="))
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension AttributeValue {
    /// The string a format with string-only tags (Zipkin) carries.
    var tagText: String {
        switch self {
        case .double(let d): return d.description
        default: return text
        }
    }
}
