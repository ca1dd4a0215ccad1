import TraceModel

/// Value readers shared by the decoder and the lazy detail source. They are lenient about value
/// types (a wrong type reads as absent) but still throw on broken JSON structure.
enum ZipkinJSON {
    /// Kind text or proto3 enum number; nil = absent/unknown.
    static func readKind(_ s: inout JSONScanner) throws(JSONError) -> SpanKind? {
        switch s.nextKind() {
        case .string:
            let str = try s.readString()
            return s.withBytes(str) { kind(fromText: $0) }
        case .number:
            switch try readLenientInt(&s) {
            case 1: return .client
            case 2: return .server
            case 3: return .producer
            case 4: return .consumer
            default: return nil
            }
        default:
            try s.skipValue()
            return nil
        }
    }

    static func kind(fromText b: UnsafeBufferPointer<UInt8>) -> SpanKind? {
        // Accept "CLIENT", "client", "SPAN_KIND_CLIENT".
        var t = String(decoding: b, as: UTF8.self).uppercased()
        if t.hasPrefix("SPAN_KIND_") { t.removeFirst(10) }
        switch t {
        case "CLIENT": return .client
        case "SERVER": return .server
        case "PRODUCER": return .producer
        case "CONSUMER": return .consumer
        default: return nil
        }
    }

    /// An integer from a JSON number or numeric string; nil for null, other types or
    /// unparseable/overflowing text. Fractions are truncated.
    static func readLenientInt(_ s: inout JSONScanner) throws(JSONError) -> Int64? {
        switch s.nextKind() {
        case .number:
            let start = s.pos
            var i = s.pos
            while i < s.end {
                let c = s.base[i]
                if (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 { i += 1 } else { break }
            }
            s.pos = i
            let v = parseInt(UnsafeBufferPointer(start: s.base + start, count: i - start))
            if v == nil, parseDouble(UnsafeBufferPointer(start: s.base + start, count: i - start)) == nil {
                throw s.error("malformed number", at: start)
            }
            return v
        case .string:
            let str = try s.readString()
            return s.withBytes(str) { parseInt($0) }
        default:
            try s.skipValue()
            return nil
        }
    }

    static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if i < b.count, b[i] == 0x2D { negative = true; i += 1 }
        var v: Int64 = 0
        var digits = 0
        while i < b.count {
            let d = b[i] &- 0x30
            if d > 9 { break }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = a
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i == b.count { return negative ? -v : v }
        // Fraction or exponent: go through Double and truncate.
        guard let d = parseDouble(b), d.isFinite, d > -9.2e18, d < 9.2e18 else { return nil }
        return Int64(d)
    }

    static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: b, as: UTF8.self))
    }

    /// true / "true"; anything else reads as false.
    static func readLenientBool(_ s: inout JSONScanner) throws(JSONError) -> Bool {
        switch s.nextKind() {
        case .bool: return try s.readBool()
        case .string:
            let str = try s.readString()
            return s.string(str, equals: "true")
        default:
            try s.skipValue()
            return false
        }
    }

    /// A string value as text; nil for null or non-strings (skipped).
    static func readOptText(_ s: inout JSONScanner) throws(JSONError) -> String? {
        if s.nextKind() == .string { return try s.readText() }
        try s.skipValue()
        return nil
    }

    /// Any value as display text: strings unquoted, other values as their JSON source text.
    static func readValueText(_ s: inout JSONScanner) throws(JSONError) -> String? {
        switch s.nextKind() {
        case .string: return try s.readText()
        case .null:
            _ = s.consumeNull()
            return nil
        default:
            let start = s.pos
            try s.skipValue()
            return String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self)
        }
    }

    /// `ipv4`/`ipv6`: text, or (proto3 JSON) base64 of the 4 or 16 address bytes.
    static func readIP(_ s: inout JSONScanner, proto: Bool) throws(JSONError) -> String? {
        guard s.nextKind() == .string else { try s.skipValue(); return nil }
        let str = try s.readString()
        guard str.count > 0 else { return nil }
        let text = s.text(str)
        if proto, !text.contains("."), !text.contains(":"), let raw = base64(text), raw.count == 4 || raw.count == 16 {
            return formatIP(raw)
        }
        return text
    }

    /// Address bytes from base64 that may have `=` anywhere (it is ignored). A length that leaves
    /// a lone trailing character gives nil here; such text never decodes to 4 or 16 bytes, so
    /// `readIP` keeps it as text either way.
    static func base64(_ text: String) -> [UInt8]? {
        let digits = text.utf8.filter { $0 != 0x3D }
        return digits.withUnsafeBufferPointer { IDBytes.base64Bytes($0) }
    }

    static func formatIP(_ b: [UInt8]) -> String {
        if b.count == 4 { return b.map { String($0) }.joined(separator: ".") }
        var groups: [UInt16] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(UInt16(b[i]) << 8 | UInt16(b[i + 1])) }
        // Longest run (>= 2) of zero groups becomes "::".
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen { bestStart = i; bestLen = j - i }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ r: ArraySlice<UInt16>) -> String { r.map { String($0, radix: 16) }.joined(separator: ":") }
        if bestLen < 2 { return hex(groups[...]) }
        return hex(groups[0..<bestStart]) + "::" + hex(groups[(bestStart + bestLen)...])
    }

    static func readEndpoint(_ s: inout JSONScanner, proto: Bool) throws(JSONError) -> ZipkinEndpoint? {
        guard s.nextKind() == .object else { try s.skipValue(); return nil }
        var e = ZipkinEndpoint()
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "servicename") {
                let v = try readOptText(&s)
                e.service = (v?.isEmpty ?? true) ? nil : v
            } else if s.key(k, is: "ipv4") {
                e.ipv4 = try readIP(&s, proto: proto)
            } else if s.key(k, is: "ipv6") {
                e.ipv6 = try readIP(&s, proto: proto)
            } else if s.key(k, is: "port") {
                let p = try readLenientInt(&s) ?? 0
                e.port = (p > 0 && p <= 65535) ? Int(p) : 0
            } else {
                try s.skipValue()
            }
        }
        return e
    }
}
