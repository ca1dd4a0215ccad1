import TraceModel

/// The tags that decide a span's kind and status, found in one cheap pass over `tags`: every
/// KeyValue's key is compared and its value skipped; only the four interesting values are read.
struct JaegerTagFacts {
    var kind: SpanKind = .unspecified
    var errorTag = false
    var otelStatus: SpanStatus?
    var httpStatus: Int64?

    var status: SpanStatus {
        if errorTag { return .error }
        if let otelStatus { return otelStatus }
        if let h = httpStatus {
            if h >= 500 && h <= 599 { return .error }
            if h >= 400 && h <= 499 && kind == .client { return .error }
        }
        return .unset
    }

    mutating func scan(_ s: inout JSONScanner) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var key: JSONString?
            var valuePos = -1
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "key") {
                    if s.peek() == 0x22 { key = try s.readString() } else { try s.skipValue() }
                } else if s.key(k, is: "value") || JaegerKeyValue.apiField(k, s) != nil {
                    valuePos = s.pos
                    try s.skipValue()
                } else {
                    try s.skipValue()
                }
            }
            guard let key, valuePos >= 0 else { return }
            if s.string(key, equals: "span.kind") {
                Self.read(s, valuePos) { v in
                    guard v.peek() == 0x22, let t = try? v.readString() else { return }
                    if v.key(t, is: "client") { kind = .client }
                    else if v.key(t, is: "server") { kind = .server }
                    else if v.key(t, is: "producer") { kind = .producer }
                    else if v.key(t, is: "consumer") { kind = .consumer }
                    else if v.key(t, is: "internal") { kind = .internal }
                }
            } else if s.string(key, equals: "error") {
                Self.read(s, valuePos) { v in
                    switch v.nextKind() {
                    case .bool: if (try? v.readBool()) == true { errorTag = true }
                    case .string: if let t = try? v.readString(), v.key(t, is: "true") { errorTag = true }
                    default: break
                    }
                }
            } else if s.string(key, equals: "otel.status_code") {
                Self.read(s, valuePos) { v in
                    switch v.nextKind() {
                    case .string:
                        guard let t = try? v.readString() else { return }
                        if v.key(t, is: "error") || v.key(t, is: "statuscodeerror") { otelStatus = .error }
                        else if v.key(t, is: "ok") || v.key(t, is: "statuscodeok") { otelStatus = .ok }
                        else if v.key(t, is: "2") { otelStatus = .error }
                        else if v.key(t, is: "1") { otelStatus = .ok }
                    case .number:
                        let c = try? v.readInt64()
                        if c == 2 { otelStatus = .error } else if c == 1 { otelStatus = .ok }
                    default: break
                    }
                }
            } else if s.string(key, equals: "http.status_code") || s.string(key, equals: "http.response.status_code") {
                Self.read(s, valuePos) { v in
                    if let c = try? v.readInt64() { httpStatus = c }
                }
            }
        }
    }

    private static func read(_ s: JSONScanner, _ pos: Int, _ body: (inout JSONScanner) -> Void) {
        var v = JSONScanner(s.buffer, from: pos)
        body(&v)
    }
}
