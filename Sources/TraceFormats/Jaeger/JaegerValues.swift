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
