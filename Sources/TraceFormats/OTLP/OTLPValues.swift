import TraceModel

/// Decoding of OTLP `KeyValue` lists and `AnyValue`s (attributes, log bodies). These are only
/// read for resources, log records and on-demand span details, never on the span hot path.
enum OTLPValues {
    /// Nested arrays/kvlists deeper than this are kept as a placeholder string, not recursed into.
    static let maxDepth = 32

    /// `[{"key": "k", "value": AnyValue}, …]`
    static func keyValues(_ s: inout JSONScanner, depth: Int = 0) throws(JSONError) -> [Attribute] {
        if s.consumeNull() { return [] }
        var out: [Attribute] = []
        try s.beginArray()
        var first = true
        while try s.nextElement(first: &first) {
            if s.consumeNull() { continue }
            var key = ""
            var value = AttributeValue.empty
            try s.beginObject()
            var f = true
            while let k = try s.nextKey(first: &f) {
                if s.key(k, is: "key") { key = try s.readText() }
                else if s.key(k, is: "value") { value = try anyValue(&s, depth: depth + 1) }
                else { try s.skipValue() }
            }
            out.append(Attribute(key, value))
        }
        return out
    }

    /// `{"stringValue": …}` | `{"intValue": "10"}` | … | `{}` (empty).
    static func anyValue(_ s: inout JSONScanner, depth: Int) throws(JSONError) -> AttributeValue {
        if s.consumeNull() { return .empty }
        if depth > maxDepth {
            try s.skipValue()
            return .string("…(nested too deep)")
        }
        var value = AttributeValue.empty
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "stringvalue") { value = .string(try s.readText()) }
            else if s.key(k, is: "intvalue") { value = .int(try s.readInt64()) }
            else if s.key(k, is: "doublevalue") { value = .double(try s.readDouble()) }
            else if s.key(k, is: "boolvalue") { value = .bool(try s.readBool()) }
            else if s.key(k, is: "bytesvalue") {
                let str = try s.readString()
                value = .bytes(s.withBytes(str) { IDBytes.base64Bytes($0) } ?? [])
            } else if s.key(k, is: "arrayvalue") {
                var items: [AttributeValue] = []
                try s.beginObject()
                var f = true
                while let k2 = try s.nextKey(first: &f) {
                    if s.key(k2, is: "values"), !s.consumeNull() {
                        try s.beginArray()
                        var fe = true
                        while try s.nextElement(first: &fe) { items.append(try anyValue(&s, depth: depth + 1)) }
                    } else {
                        try s.skipValue()
                    }
                }
                value = .array(items)
            } else if s.key(k, is: "kvlistvalue") {
                var items: [Attribute] = []
                try s.beginObject()
                var f = true
                while let k2 = try s.nextKey(first: &f) {
                    if s.key(k2, is: "values") { items = try keyValues(&s, depth: depth + 1) } else { try s.skipValue() }
                }
                value = .keyValues(items)
            } else {
                try s.skipValue()
            }
        }
        return value
    }

    /// Reads `{"attributes": […]}`-bearing objects such as Resource and InstrumentationScope.
    static func attributesObject(_ s: inout JSONScanner) throws(JSONError) -> (attributes: [Attribute], name: String, version: String) {
        var attributes: [Attribute] = []
        var name = ""
        var version = ""
        if s.consumeNull() { return ([], "", "") }
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "attributes") { attributes = try keyValues(&s) }
            else if s.key(k, is: "name"), s.nextKind() == .string { name = try s.readText() }
            else if s.key(k, is: "version"), s.nextKind() == .string { version = try s.readText() }
            else { try s.skipValue() }
        }
        return (attributes, name, version)
    }

    /// The host key clock-skew detection compares (Jaeger's adjuster order).
    static func hostKey(_ attributes: [Attribute]) -> String {
        for key in ["host.id", "host.ip", "host.name"] {
            if let a = attributes.first(where: { $0.key == key }) {
                if case .array(let items) = a.value, let f = items.first { return f.text }
                return a.value.text
            }
        }
        return ""
    }

    static func serviceName(_ attributes: [Attribute]) -> String? {
        guard let a = attributes.first(where: { $0.key == "service.name" }) else { return nil }
        let t = a.value.text
        return t.isEmpty ? nil : t
    }
}
