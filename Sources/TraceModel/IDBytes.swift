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

    /// Decodes base64 (standard or URL alphabet, padded or not) into bytes; nil when invalid.
    public static func base64Bytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var n = bytes.count
        while n > 0 && bytes[n - 1] == UInt8(ascii: "=") { n -= 1 }
        guard n % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n * 3 / 4)
        var acc: UInt32 = 0, bits = 0
        for i in 0..<n {
            let c = bytes[i]
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
            case 0x30...0x39: v = UInt32(c - 0x30 + 52)
            case 0x2B, 0x2D: v = 62
            case 0x2F, 0x5F: v = 63
            default: return nil
            }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return out
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
    /// OTLP JSON ids are hex by spec (32 digits; 16 accepted for 64-bit emitters), but Tempo and
    /// gogo-jsonpb write base64: exactly 24 characters padded or 22 unpadded. Anything else is
    /// invalid; guessing would turn typos into ids.
    public static func parseOTLPTraceID(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceID? {
        switch bytes.count {
        case 0: return .zero
        case 32, 16: return looksHex(bytes) ? parseHexTraceID(bytes) : nil
        case 24, 22:
            guard let (h, l) = parseBase64(bytes, maxBytes: 16) else { return nil }
            return TraceID(high: h, low: l)
        default: return nil
        }
    }

    /// 16 hex digits, or 12 / 11 characters of base64 (8 bytes).
    public static func parseOTLPSpanID(_ bytes: UnsafeBufferPointer<UInt8>) -> SpanID? {
        switch bytes.count {
        case 0: return .zero
        case 16: return looksHex(bytes) ? parseHexSpanID(bytes) : nil
        case 12, 11:
            guard let (_, l) = parseBase64(bytes, maxBytes: 8) else { return nil }
            return SpanID(l)
        default: return nil
        }
    }
}
