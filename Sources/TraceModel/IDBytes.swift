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
    /// Exactly 16 hex digits (either case) → 64 bits, eight bytes at a time; nil if any byte is
    /// not a hex digit. The id hot path of every decoder.
    @inline(__always)
    public static func hex16(_ p: UnsafePointer<UInt8>) -> UInt64? {
        let raw = UnsafeRawPointer(p)
        guard let hi = hex8(raw.loadUnaligned(as: UInt64.self)),
              let lo = hex8(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) else { return nil }
        return hi << 32 | lo
    }

    /// Eight ASCII hex digits (first digit in the lowest byte) → 32 bits.
    @inline(__always)
    static func hex8(_ w: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        guard w & high == 0 else { return nil }
        // Per byte range tests without carries between bytes (all bytes < 0x80 here).
        let isDigit = (w &+ ones &* (0x80 - 0x30)) & ~(w &+ ones &* (0x7F - 0x39)) & high
        let lower = w | ones &* 0x20
        let isLetter = (lower &+ ones &* (0x80 - 0x61)) & ~(lower &+ ones &* (0x7F - 0x66)) & high
        guard isDigit | isLetter == high else { return nil }
        // Nibble values: low four bits, plus 9 for letters.
        var v = (w & (ones &* 0x0F)) &+ (isLetter >> 7) &* 9
        // Bytes b0..b7 (b0 = first digit) → 32-bit big-endian number.
        v = ((v & 0x000F_000F_000F_000F) << 4) | ((v & 0x0F00_0F00_0F00_0F00) >> 8)  // lanes: b0b1, b2b3, …
        v = ((v & 0x0000_00FF_0000_00FF) << 8) | ((v & 0x00FF_0000_00FF_0000) >> 16)  // b0b1b2b3, b4b5b6b7
        return ((v & 0xFFFF) << 16) | ((v >> 32) & 0xFFFF)
    }

    /// OTLP JSON ids are hex by spec (32 digits; 16 accepted for 64-bit emitters), but Tempo and
    /// gogo-jsonpb write base64: exactly 24 characters padded or 22 unpadded. Anything else is
    /// invalid; guessing would turn typos into ids.
    public static func parseOTLPTraceID(_ bytes: UnsafeBufferPointer<UInt8>) -> TraceID? {
        switch bytes.count {
        case 0: return .zero
        case 32:
            guard let hi = hex16(bytes.baseAddress!), let lo = hex16(bytes.baseAddress! + 16) else { return nil }
            return TraceID(high: hi, low: lo)
        case 16:
            guard let lo = hex16(bytes.baseAddress!) else { return nil }
            return TraceID(high: 0, low: lo)
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
        case 16: return hex16(bytes.baseAddress!).map(SpanID.init)
        case 12, 11:
            guard let (_, l) = parseBase64(bytes, maxBytes: 8) else { return nil }
            return SpanID(l)
        default: return nil
        }
    }
}
