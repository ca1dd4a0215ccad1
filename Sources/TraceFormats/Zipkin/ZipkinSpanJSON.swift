import TraceModel

/// A Zipkin endpoint (`localEndpoint`, `remoteEndpoint`, or a v1 annotation's `endpoint`).
/// Empty `serviceName` is treated as absent, as Zipkin's `Endpoint.Builder` does.
struct ZipkinEndpoint: Equatable, Sendable {
    var service: String?
    var ipv4: String?
    var ipv6: String?
    var port: Int = 0

    /// The host key: the ip (v4 preferred), or "".
    var ip: String { ipv4 ?? ipv6 ?? "" }

    /// Fills absent fields from `other` (Zipkin's endpoint merge).
    mutating func fill(from other: ZipkinEndpoint?) {
        guard let o = other else { return }
        if service == nil { service = o.service }
        if ipv4 == nil { ipv4 = o.ipv4 }
        if ipv6 == nil { ipv6 = o.ipv6 }
        if port == 0 { port = o.port }
    }

    static func sameService(_ a: ZipkinEndpoint?, _ b: ZipkinEndpoint?) -> Bool { a?.service == b?.service }
}

/// Zipkin's `Trace.EndpointTracker`: pieces of one span merge only when their local endpoints
/// do not contradict each other (an absent field matches anything).
struct ZipkinEndpointTracker {
    var service: String?, ipv4: String?, ipv6: String?
    var port = 0

    mutating func tryMerge(_ e: ZipkinEndpoint?) -> Bool {
        guard let e else { return true }
        if let s = service, let t = e.service, s != t { return false }
        if let s = ipv4, let t = e.ipv4, s != t { return false }
        if let s = ipv6, let t = e.ipv6, s != t { return false }
        if port != 0, e.port != 0, port != e.port { return false }
        if service == nil { service = e.service }
        if ipv4 == nil { ipv4 = e.ipv4 }
        if ipv6 == nil { ipv6 = e.ipv6 }
        if port == 0 { port = e.port }
        return true
    }

    static func compatible(_ a: ZipkinEndpoint?, _ b: ZipkinEndpoint?) -> Bool {
        var t = ZipkinEndpointTracker()
        _ = t.tryMerge(a)
        return t.tryMerge(b)
    }
}

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

/// Core v1 annotation values (2 characters, with an endpoint).
enum ZipkinCore: UInt8 {
    case cs, sr, ss, cr, ms, mr, ws, wr

    init?(_ b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 2 else { return nil }
        switch (b[0], b[1]) {
        case (0x63, 0x73): self = .cs
        case (0x73, 0x72): self = .sr
        case (0x73, 0x73): self = .ss
        case (0x63, 0x72): self = .cr
        case (0x6D, 0x73): self = .ms
        case (0x6D, 0x72): self = .mr
        case (0x77, 0x73): self = .ws
        case (0x77, 0x72): self = .wr
        default: return nil
        }
    }

    init?(_ s: String) {
        var s = s
        guard let c = s.withUTF8({ ZipkinCore($0) }) else { return nil }
        self = c
    }

    /// The six that set a kind (ws/wr do not).
    var isKindAnnotation: Bool { self != .ws && self != .wr }
}

/// Everything in one span object, decoded fully (v1 conversion and lazy details).
/// Fields are filled while parsing, so a parse that fails half-way still leaves what it read.
struct ZipkinFullSpan {
    struct Annotation { var timestamp: Int64; var value: String; var endpoint: ZipkinEndpoint? }
    struct Binary { var key: String; var value: String?; var isAddress: Bool; var endpoint: ZipkinEndpoint? }

    var name = ""
    var kind: SpanKind?
    var timestamp: Int64 = 0
    var duration: Int64 = 0
    var shared = false
    var debug = false
    var local: ZipkinEndpoint?
    var remote: ZipkinEndpoint?
    var annotations: [Annotation] = []
    var binaries: [Binary] = []
    var hasBinaryAnnotations = false
    var tags: [(key: String, value: String)] = []

    /// Reads one span object at the scanner's position.
    mutating func parse(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "name") {
                name = try ZipkinJSON.readOptText(&s) ?? ""
            } else if s.key(k, is: "kind") {
                kind = try ZipkinJSON.readKind(&s)
            } else if s.key(k, is: "timestamp") {
                timestamp = max(0, try ZipkinJSON.readLenientInt(&s) ?? 0)
            } else if s.key(k, is: "duration") {
                duration = try ZipkinJSON.readLenientInt(&s) ?? 0
            } else if s.key(k, is: "shared") {
                shared = try ZipkinJSON.readLenientBool(&s)
            } else if s.key(k, is: "debug") {
                debug = try ZipkinJSON.readLenientBool(&s)
            } else if s.key(k, is: "localendpoint") {
                local = try ZipkinJSON.readEndpoint(&s, proto: proto)
            } else if s.key(k, is: "remoteendpoint") {
                remote = try ZipkinJSON.readEndpoint(&s, proto: proto)
            } else if s.key(k, is: "annotations") {
                try readAnnotations(&s, proto: proto)
            } else if s.key(k, is: "binaryannotations") {
                hasBinaryAnnotations = true
                try readBinaries(&s, proto: proto)
            } else if s.key(k, is: "tags") {
                try s.forEachField { (s: inout JSONScanner, tk: JSONString) throws(JSONError) in
                    let key = s.text(tk)
                    if let v = try ZipkinJSON.readValueText(&s) { tags.append((key, v)) }
                }
            } else {
                try s.skipValue()
            }
        }
    }

    private mutating func readAnnotations(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var a = Annotation(timestamp: 0, value: "", endpoint: nil)
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "timestamp") {
                    a.timestamp = try ZipkinJSON.readLenientInt(&s) ?? 0
                } else if s.key(k, is: "value") {
                    a.value = try ZipkinJSON.readValueText(&s) ?? ""
                } else if s.key(k, is: "endpoint") {
                    a.endpoint = try ZipkinJSON.readEndpoint(&s, proto: proto)
                } else {
                    try s.skipValue()
                }
            }
            annotations.append(a)
        }
    }

    private mutating func readBinaries(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var b = Binary(key: "", value: nil, isAddress: false, endpoint: nil)
            var boolTrue = false
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "key") {
                    b.key = try ZipkinJSON.readOptText(&s) ?? ""
                } else if s.key(k, is: "value") {
                    if s.nextKind() == .bool {
                        boolTrue = try s.readBool()
                        b.value = boolTrue ? "true" : "false"
                    } else {
                        b.value = try ZipkinJSON.readValueText(&s)
                    }
                } else if s.key(k, is: "endpoint") {
                    b.endpoint = try ZipkinJSON.readEndpoint(&s, proto: proto)
                } else {
                    try s.skipValue()
                }
            }
            // Address annotations: sa/ca/ma with an endpoint and a value of true (zipkin-ruby sends "1").
            if b.key == "sa" || b.key == "ca" || b.key == "ma", b.endpoint != nil,
               boolTrue || b.value == "1" || b.value == "true" {
                b.isAddress = true
            }
            binaries.append(b)
        }
    }

    /// For a v2-shaped span routed through the v1 converter: annotations without an endpoint
    /// belong to the local endpoint, tags become binary annotations of the local endpoint.
    mutating func adoptV2Fields() {
        if let l = local {
            for i in annotations.indices where annotations[i].endpoint == nil { annotations[i].endpoint = l }
        }
        for t in tags { binaries.append(Binary(key: t.key, value: t.value, isAddress: false, endpoint: local)) }
        tags = []
    }
}
