import TraceModel

/// Application log lines written as JSON objects, with trace context under any of the usual
/// names (`LogField`): top level (`trace_id`, `traceId`, `trace.id`, `dd.trace_id` …) or in
/// nested objects (`{"trace":{"id":…}}`, `{"dd":{"trace_id":…}}`, `{"mdc":{"otelTraceID":…}}`).
/// Fields that are not time, level, message or ids become attributes (nested objects and
/// arrays as their JSON text).
public enum JSONLogsDecoder {
    /// Nested objects deeper than this are kept as text but not searched for ids.
    static let maxDepth = 3

    /// One value of a JSON document or sequence: a log object, or an array of them.
    public static func decode(_ s: inout JSONScanner, into set: inout TraceSet, warnings: inout [String]) throws(JSONError) {
        if s.peek() == 0x5B {
            try s.beginArray()
            var first = true
            while try s.nextElement(first: &first) { set.logs.append(try record(&s)) }
            return
        }
        set.logs.append(try record(&s))
    }

    /// Reads one log object.
    static func record(_ s: inout JSONScanner) throws(JSONError) -> LogRecord {
        var scratch: [Attribute] = []
        return try record(&s, scratch: &scratch)
    }

    /// Reads one log object, collecting attributes in `scratch` (kept for the next line).
    static func record(_ s: inout JSONScanner, scratch: inout [Attribute]) throws(JSONError) -> LogRecord {
        var b = LogLineBuilder()
        swap(&b.extra, &scratch)
        defer { swap(&b.extra, &scratch) }
        b.extra.removeAll(keepingCapacity: true)  // a line that failed may have left some
        try object(&s, &b, parent: nil, depth: 0)
        return b.finish()
    }

    static func object(_ s: inout JSONScanner, _ b: inout LogLineBuilder, parent: JSONString?, depth: Int) throws(JSONError) {
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            let kind = s.nextKind()
            let field: LogField = s.withBytes(k) { key in
                guard let parent else { return LogField.classify(key) }
                return s.withBytes(parent) { LogField.classify(key, parent: $0) }
            }
            switch kind {
            case .string:
                let v = try s.readString()
                if field != .other, s.withBytes(v, { b.apply(field, $0, depth: depth) }) { continue }
                if depth == 0 { b.attribute(s.text(k), .string(s.text(v))) }
            case .number:
                let start = s.pos
                try s.skipNumber()  // not skipValue: that parses a Double to check the number
                let raw = UnsafeBufferPointer(start: s.base + start, count: s.pos - start)
                if field != .other, b.applyNumber(field, raw, depth: depth) { continue }
                if depth == 0 { b.attribute(s.text(k), LogNumbers.value(raw)) }
            case .object where depth + 1 < maxDepth || depth == 0:
                let start = s.pos
                try object(&s, &b, parent: k, depth: depth + 1)
                if depth == 0 { b.attribute(s.text(k), .string(raw(s, from: start))) }
            case .null:
                _ = s.consumeNull()
            case .bool where depth == 0:
                b.attribute(s.text(k), .bool(try s.readBool()))
            default:
                let start = s.pos
                try s.skipValue()
                if depth == 0 { b.attribute(s.text(k), .string(raw(s, from: start))) }
            }
        }
    }

    static func raw(_ s: JSONScanner, from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self)
    }
}
