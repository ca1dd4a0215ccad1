/// Trace and span identifiers, kept as integers so comparison and hashing are cheap.
///
/// Emitters disagree on width and case (Zipkin drops leading zeros, Tempo uses base64, OTLP
/// examples use upper-case hex), so every decoder normalises through `IDBytes` once and the rest
/// of the program only sees these values.
public struct TraceID: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static let zero = TraceID(high: 0, low: 0)
    public var isZero: Bool { high == 0 && low == 0 }

    /// Canonical lower-case hex: 16 digits for 64-bit ids, 32 when the high half is used.
    public var hex: String {
        high == 0 ? HexFormat.pad16(low) : HexFormat.pad16(high) + HexFormat.pad16(low)
    }

    /// Always 32 digits, as OTLP writes it.
    public var hex32: String { HexFormat.pad16(high) + HexFormat.pad16(low) }

    public static func < (a: TraceID, b: TraceID) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// Parses 1–32 hex digits (any case, left-padded) or base64 of up to 16 bytes.
    public init?(_ text: String) {
        var text = text
        guard let id = text.withUTF8({ IDBytes.parseTraceID($0) }) else { return nil }
        self = id
    }
}

public struct SpanID: Hashable, Comparable, Sendable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public static let zero = SpanID(0)
    public var isZero: Bool { value == 0 }
    public var hex: String { HexFormat.pad16(value) }

    public static func < (a: SpanID, b: SpanID) -> Bool { a.value < b.value }

    /// Parses 1–16 hex digits (any case, left-padded) or base64 of up to 8 bytes.
    public init?(_ text: String) {
        var text = text
        guard let id = text.withUTF8({ IDBytes.parseSpanID($0) }) else { return nil }
        self = id
    }
}

enum HexFormat {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func pad16(_ v: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buf in
            var x = v
            for i in stride(from: 15, through: 0, by: -1) {
                buf[i] = digits[Int(x & 0xF)]
                x >>= 4
            }
            return 16
        }
    }
}
