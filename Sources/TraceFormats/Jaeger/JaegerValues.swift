import TraceModel

/// The value type of a Jaeger KeyValue: UI JSON `"type": "int64"`, api_v2 `"vType": "INT64"` (or
/// its enum number), or implied by which api_v2 `v…` field is present.
enum JaegerValueType: UInt8 {
    case string = 0, bool = 1, int64 = 2, float64 = 3, binary = 4

    /// Case-insensitive name (`string`, `BOOL`, `int64`…); also `int`/`float`/`double`/`bytes`.
    static func named(_ s: JSONString, in scanner: JSONScanner) -> JaegerValueType? {
        if scanner.key(s, is: "string") || scanner.key(s, is: "str") { return .string }
        if scanner.key(s, is: "bool") || scanner.key(s, is: "boolean") { return .bool }
        if scanner.key(s, is: "int64") || scanner.key(s, is: "int") || scanner.key(s, is: "long") { return .int64 }
        if scanner.key(s, is: "float64") || scanner.key(s, is: "float") || scanner.key(s, is: "double") { return .float64 }
        if scanner.key(s, is: "binary") || scanner.key(s, is: "bytes") { return .binary }
        return nil
    }

    /// Reads a `type`/`vType` value: a name or an api_v2 enum number. Never throws on content.
    static func read(_ s: inout JSONScanner) throws(JSONError) -> JaegerValueType? {
        switch s.nextKind() {
        case .string:
            let t = try s.readString()
            return named(t, in: s)
        case .number:
            let p = s.pos
            do {
                let v = try s.readInt64()
                return v >= 0 && v <= 4 ? JaegerValueType(rawValue: UInt8(v)) : nil
            } catch {
                s.pos = p
                try s.skipValue()
                return nil
            }
        default:
            try s.skipValue()
            return nil
        }
    }
}

/// Decoding of Jaeger KeyValues into typed attributes. Shared by the detail source (span tags,
/// log fields) and the decoder (process tags).
enum JaegerKeyValue {
    /// Reads one KeyValue object (UI JSON `{key, type, value}` or api_v2 `{key, vType, vStr…}`).
    /// Returns nil when it is not an object or has no key. `hexBinary`: binary values are hex
    /// (the embedded-process variant), else base64; each falls back to the other.
    static func read(_ s: inout JSONScanner, hexBinary: Bool) throws(JSONError) -> Attribute? {
        guard s.peek() == 0x7B else {
            try s.skipValue()
            return nil
        }
        var key: String?
        var declared: JaegerValueType?
        var valuePos = -1
        var fieldType: JaegerValueType?
        var fieldPos = -1
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "key") {
                if s.peek() == 0x22 { key = s.text(try s.readString()) } else { try s.skipValue() }
            } else if s.key(k, is: "value") {
                valuePos = s.pos
                try s.skipValue()
            } else if s.key(k, is: "type") || s.key(k, is: "vtype") {
                declared = try JaegerValueType.read(&s)
            } else if let t = apiField(k, s) {
                fieldType = t
                fieldPos = s.pos
                try s.skipValue()
            } else {
                try s.skipValue()
            }
        }
        guard let key else { return nil }
        let pos = valuePos >= 0 ? valuePos : fieldPos
        let type = declared ?? fieldType
        if pos < 0 {
            // proto3 JSON omits zero values: `{"key":"k","vType":"INT64"}` is 0.
            switch type {
            case .bool: return Attribute(key, .bool(false))
            case .int64: return Attribute(key, .int(0))
            case .float64: return Attribute(key, .double(0))
            case .binary: return Attribute(key, .bytes([]))
            case .string: return Attribute(key, .string(""))
            case nil: return Attribute(key, .empty)
            }
        }
        return Attribute(key, value(at: pos, in: s, type: type, hexBinary: valuePos >= 0 && hexBinary))
    }

    /// api_v2 value fields: vStr, vBool, vInt64, vFloat64, vBinary.
    static func apiField(_ k: JSONString, _ s: JSONScanner) -> JaegerValueType? {
        if s.key(k, is: "vstr") { return .string }
        if s.key(k, is: "vbool") { return .bool }
        if s.key(k, is: "vint64") { return .int64 }
        if s.key(k, is: "vfloat64") { return .float64 }
        if s.key(k, is: "vbinary") { return .binary }
        return nil
    }

    /// Converts the JSON value at `pos` to the declared type; anything that does not fit is kept
    /// as its raw text (never throws, never crashes).
    static func value(at pos: Int, in outer: JSONScanner, type: JaegerValueType?, hexBinary: Bool) -> AttributeValue {
        var s = JSONScanner(outer.buffer, from: pos)
        let kind = s.nextKind()
        do {
            switch (type, kind) {
            case (_, .null):
                return .empty
            case (.string?, .string), (nil, .string):
                return .string(try s.readText())
            case (.bool?, .bool), (nil, .bool):
                return .bool(try s.readBool())
            case (.bool?, .string):
                let t = try s.readString()
                if s.key(t, is: "true") { return .bool(true) }
                if s.key(t, is: "false") { return .bool(false) }
            case (.bool?, .number):
                return .bool(try s.readDouble() != 0)
            case (.int64?, .number), (.int64?, .string):
                return .int(try s.readInt64())
            case (nil, .number):
                return isIntegerLiteral(s) ? .int(try s.readInt64()) : .double(try s.readDouble())
            case (.float64?, .number), (.float64?, .string):
                return .double(try s.readDouble())
            case (.binary?, .string):
                let t = try s.readString()
                let bytes = s.withBytes(t) { b in
                    hexBinary ? (JaegerText.hex(b) ?? JaegerText.base64(b)) : (JaegerText.base64(b) ?? JaegerText.hex(b))
                }
                if let bytes { return .bytes(bytes) }
            default:
                break
            }
        } catch {}
        return .string(rawText(at: pos, in: outer))
    }

    static func isIntegerLiteral(_ s: JSONScanner) -> Bool {
        var i = s.pos
        if i < s.end, s.base[i] == 0x2D { i += 1 }
        while i < s.end {
            let c = s.base[i]
            if c == 0x2E || c == 0x65 || c == 0x45 { return false }
            if c < 0x30 || c > 0x39 { break }
            i += 1
        }
        return true
    }

    /// The value's text: a string's decoded content, else the raw JSON bytes of the value.
    static func rawText(at pos: Int, in outer: JSONScanner) -> String {
        var s = JSONScanner(outer.buffer, from: pos)
        if s.peek() == 0x22, let t = try? s.readString() { return s.text(t) }
        let start = s.pos
        do { try s.skipValue() } catch { return "" }
        return JaegerText.string(UnsafeBufferPointer(start: s.base + start, count: s.pos - start))
    }
}

/// One entry of a span's `references`.
struct JaegerRef {
    /// 0 CHILD_OF, 1 FOLLOWS_FROM, 2 anything else.
    var type: UInt8
    var traceID: TraceID
    /// False when the reference carries no trace id (taken to be the span's own trace).
    var hasTraceID: Bool
    var spanID: SpanID
    /// False when an id is missing or malformed; such references are ignored.
    var valid: Bool
    /// Lower-cased refType text for the `opentracing.ref_type` link attribute.
    var typeName: String

    /// Reads one reference object (`{refType, traceID, spanID}` or api_v2 `traceId`/`spanId` base64,
    /// `refType` name or enum number). Skips anything else in it (jaeger-ui's nested `span`).
    static func read(_ s: inout JSONScanner) throws(JSONError) -> JaegerRef? {
        guard s.peek() == 0x7B else {
            try s.skipValue()
            return nil
        }
        var ref = JaegerRef(type: 0, traceID: .zero, hasTraceID: false, spanID: .zero, valid: true, typeName: "child_of")
        var sawSpan = false
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "reftype") || s.key(k, is: "type") {
                switch s.nextKind() {
                case .string:
                    let t = try s.readString()
                    if s.key(t, is: "childof") { ref.type = 0; ref.typeName = "child_of" }
                    else if s.key(t, is: "followsfrom") { ref.type = 1; ref.typeName = "follows_from" }
                    else { ref.type = 2; ref.typeName = s.text(t).lowercased() }
                case .number:
                    let p = s.pos
                    let v = (try? s.readInt64()) ?? -1
                    if v == 0 { ref.type = 0; ref.typeName = "child_of" }
                    else if v == 1 { ref.type = 1; ref.typeName = "follows_from" }
                    else { s.pos = p; try s.skipValue(); ref.type = 2; ref.typeName = "unknown" }
                default:
                    try s.skipValue()
                }
            } else if s.key(k, is: "traceid") {
                let base64Style = s.string(k, equals: "traceId")
                if let id = try JaegerIDs.readTraceID(&s, base64Style: base64Style) {
                    ref.traceID = id
                    ref.hasTraceID = !id.isZero
                } else {
                    ref.valid = false
                }
            } else if s.key(k, is: "spanid") {
                let base64Style = s.string(k, equals: "spanId")
                if let id = try JaegerIDs.readSpanID(&s, base64Style: base64Style), !id.isZero {
                    ref.spanID = id
                    sawSpan = true
                } else {
                    ref.valid = false
                }
            } else {
                try s.skipValue()
            }
        }
        if !sawSpan { ref.valid = false }
        return ref
    }

    /// Reads a `references` array. Every element gets a slot (an unreadable one an invalid
    /// reference), so the decoder and the detail source agree on the indices.
    static func readList(_ s: inout JSONScanner, into out: inout [JaegerRef]) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            out.append(try read(&s) ?? JaegerRef(
                type: 2, traceID: .zero, hasTraceID: false, spanID: .zero, valid: false, typeName: ""))
        }
    }
}

enum JaegerIDs {
    /// Id text → TraceID. UI JSON ids (`traceID`) are lenient hex: ≤ 32 digits, any case, left-
    /// padded; base64 is accepted there only when padded with `=` (unambiguous). api_v2 ids
    /// (`traceId` spelling) are base64 (hex still accepted when it cannot be base64). nil = bad.
    static func parseTrace(_ b: UnsafeBufferPointer<UInt8>, base64Style: Bool) -> TraceID? {
        if b.isEmpty { return nil }
        if base64Style { return IDBytes.parseOTLPTraceID(b) }
        if let id = IDBytes.parseHexTraceID(b) { return id }
        return b[b.count - 1] == 0x3D ? IDBytes.parseTraceID(b) : nil
    }

    static func parseSpan(_ b: UnsafeBufferPointer<UInt8>, base64Style: Bool) -> SpanID? {
        if b.isEmpty { return nil }
        if base64Style { return IDBytes.parseOTLPSpanID(b) }
        if let id = IDBytes.parseHexSpanID(b) { return id }
        return b[b.count - 1] == 0x3D ? IDBytes.parseSpanID(b) : nil
    }

    /// Reads an id string (see `parseTrace`). nil = absent, not a string, or malformed.
    static func readTraceID(_ s: inout JSONScanner, base64Style: Bool) throws(JSONError) -> TraceID? {
        try readOwnID(&s, "traceID", base64Style: base64Style, parse: parseTrace)?.id
    }

    static func readSpanID(_ s: inout JSONScanner, base64Style: Bool) throws(JSONError) -> SpanID? {
        try readOwnID(&s, "spanID", base64Style: base64Style, parse: parseSpan)?.id
    }

    /// Reads an id string for the field `name`. nil when the value is not a string (skipped);
    /// else `id` is what `parse` made of it (nil = malformed) and `problem` says why a span
    /// cannot use it ("… is not a valid id", or "… is zero" when it equals `zero`), nil when it
    /// can. The decoder's span ids and the plain readers above share this one reading path.
    static func readOwnID<ID: Equatable>(
        _ s: inout JSONScanner, _ name: String, base64Style: Bool,
        parse: (UnsafeBufferPointer<UInt8>, Bool) -> ID?, zero: ID? = nil
    ) throws(JSONError) -> (id: ID?, problem: String?)? {
        guard s.peek() == 0x22 else {
            try s.skipValue()
            return nil
        }
        let t = try s.readString()
        let id = s.withBytes(t) { parse($0, base64Style) }
        guard let id else { return (nil, "\(name) \(quoted(s, t)) is not a valid id") }
        return (id, id == zero ? "\(name) is zero" : nil)
    }

    /// The id text for messages (bounded, so a huge bogus value does not flood the warning).
    static func quoted(_ s: JSONScanner, _ t: JSONString) -> String {
        var text = s.text(t)
        if text.count > 40 { text = String(text.prefix(40)) + "…" }
        return "\"" + text + "\""
    }
}

/// A span time: a number of microseconds (UI JSON), a digit string of microseconds, or an
/// RFC 3339 string (api_v2). Returns nanoseconds, or nil when absent/unreadable. Never throws
/// on content, only on broken JSON structure.
enum JaegerTimes {
    static func readTime(_ s: inout JSONScanner) throws(JSONError) -> Int64? {
        try readMicros(&s, orText: JaegerText.parseRFC3339)
    }

    /// A duration: number of µs, digit string of µs, or a Go/protobuf duration string. ns.
    static func readDuration(_ s: inout JSONScanner) throws(JSONError) -> Int64? {
        try readMicros(&s, orText: JaegerText.parseDuration)
    }

    /// Times and durations differ only in the non-numeric text they accept (`parseText`, which
    /// returns ns); numbers and digit strings are µs in both.
    private static func readMicros(
        _ s: inout JSONScanner, orText parseText: (UnsafeBufferPointer<UInt8>) -> Int64?
    ) throws(JSONError) -> Int64? {
        switch s.nextKind() {
        case .number:
            let p = s.pos
            do {
                return microsToNanos(try s.readInt64())
            } catch {
                s.pos = p
                try s.skipValue()
                return nil
            }
        case .string:
            let t = try s.readString()
            return s.withBytes(t) { b -> Int64? in
                if let us = JaegerText.parseDecimal(b) { return microsToNanos(us) }
                return parseText(b)
            }
        default:
            try s.skipValue()
            return nil
        }
    }

    static func microsToNanos(_ us: Int64) -> Int64? {
        let (v, o) = us.multipliedReportingOverflow(by: 1000)
        return o ? nil : v
    }
}
