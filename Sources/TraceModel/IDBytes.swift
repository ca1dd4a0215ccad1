/// Decoding of id text (hex or base64) straight from UTF-8 bytes, without building a String.
public enum IDBytes {
    @inline(__always)
    public static func hexValue(_ c: UInt8) -> UInt64? {
        switch c {
        case 0x30...0x39: return UInt64(c - 0x30)
        case 0x61...0x66: return UInt64(c - 0x61 + 10)
        case 0x41...0x46: return UInt64(c - 0x41 + 10)
        default: return nil
        }
    }

    /// Hex digits into (high, low), left-padded. nil when not all hex or longer than `maxDigits`.
    @inline(__always)
    static func parseHex(_ bytes: UnsafeBufferPointer<UInt8>, maxDigits: Int) -> (UInt64, UInt64)? {
        let n = bytes.count
        guard n > 0, n <= maxDigits else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for c in bytes {
            guard let v = hexValue(c) else { return nil }
            high = (high << 4) | (low >> 60)
            low = (low << 4) | v
        }
        return (high, low)
    }

    /// Standard or URL-safe base64, padded or not, decoding to at most `maxBytes` bytes.
    static func parseBase64(_ bytes: UnsafeBufferPointer<UInt8>, maxBytes: Int) -> (UInt64, UInt64)? {
        var n = bytes.count
        while n > 0 && bytes[n - 1] == UInt8(ascii: "=") { n -= 1 }
        guard n >= 2, n % 4 != 1 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        var acc: UInt32 = 0, bits = 0, produced = 0
        for i in 0..<n {
            let c = bytes[i]
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
            case 0x30...0x39: v = UInt32(c - 0x30 + 52)
            case 0x2B, 0x2D: v = 62  // + or -
            case 0x2F, 0x5F: v = 63  // / or _
            default: return nil
            }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                let byte = UInt64((acc >> UInt32(bits)) & 0xFF)
                produced += 1
                guard produced <= maxBytes else { return nil }
                high = (high << 8) | (low >> 56)
                low = (low << 8) | byte
            }
        }
        return (high, low)
    }

    static func looksHex(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in bytes where hexValue(c) == nil { return false }
        return true
    }

    /// A trace id: hex when every character is a hex digit (≤ 32), else base64 (≤ 16 bytes).
    /// Zero is returned as `TraceID.zero`; nil means the text is not an id at all.
    public static func parseTraceID(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceID? {
        if bytes.isEmpty { return .zero }
        if looksHex(bytes) {
            guard let (h, l) = parseHex(bytes, maxDigits: 32) else { return nil }
            return TraceID(high: h, low: l)
        }
        guard let (h, l) = parseBase64(bytes, maxBytes: 16) else { return nil }
        return TraceID(high: h, low: l)
    }

    /// A span id: hex (≤ 16 digits) or base64 (≤ 8 bytes). Empty gives `SpanID.zero`.
    public static func parseSpanID(_ bytes: UnsafeBufferPointer<UInt8>) -> SpanID? {
        if bytes.isEmpty { return .zero }
        if looksHex(bytes) {
            guard let (_, l) = parseHex(bytes, maxDigits: 16) else { return nil }
            return SpanID(l)
        }
        guard let (_, l) = parseBase64(bytes, maxBytes: 8) else { return nil }
        return SpanID(l)
    }

    /// Hex only (OTLP JSON and Zipkin ids are hex by spec; a base64 guess would accept typos).
    public static func parseHexTraceID(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceID? {
        if bytes.isEmpty { return .zero }
        guard let (h, l) = parseHex(bytes, maxDigits: 32) else { return nil }
        return TraceID(high: h, low: l)
    }

    public static func parseHexSpanID(_ bytes: UnsafeBufferPointer<UInt8>) -> SpanID? {
        if bytes.isEmpty { return .zero }
        guard let (_, l) = parseHex(bytes, maxDigits: 16) else { return nil }
        return SpanID(l)
    }
}

extension IDBytes {
    /// OTLP JSON ids are hex by spec, but Tempo and gogo-jsonpb write base64. Decide by length:
    /// 24 or 22 characters for a trace id (16 bytes in base64, padded or not) are base64.
    public static func parseOTLPTraceID(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceID? {
        if bytes.count == 24 || bytes.count == 22 || !looksHex(bytes) {
            guard let (h, l) = parseBase64(bytes, maxBytes: 16) else { return nil }
            return TraceID(high: h, low: l)
        }
        return parseHexTraceID(bytes)
    }

    /// 12 or 11 characters for a span id (8 bytes in base64) are base64; 16 are hex.
    public static func parseOTLPSpanID(_ bytes: UnsafeBufferPointer<UInt8>) -> SpanID? {
        if bytes.isEmpty { return .zero }
        if bytes.count == 12 || bytes.count == 11 || !looksHex(bytes) {
            guard let (_, l) = parseBase64(bytes, maxBytes: 8) else { return nil }
            return SpanID(l)
        }
        return parseHexSpanID(bytes)
    }
}
