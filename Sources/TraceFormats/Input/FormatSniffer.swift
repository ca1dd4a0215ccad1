/// The families of JSON documents spanscope reads.
public enum InputFormat: String, Sendable, CaseIterable {
    case otlp = "OTLP JSON"
    case zipkin = "Zipkin JSON"
    case jaeger = "Jaeger JSON"
    case jsonLogs = "JSON logs"
    case logfmt = "logfmt logs"
    case traceSummaries = "Jaeger trace summaries"
}

/// Tells the format of a JSON value from its first keys, reading as little as it can: the
/// first key of an OTLP request decides, so a 1 GB file costs a few bytes here.
public enum FormatSniffer {
    /// `s` is at the start of a top-level value; it is not moved.
    public static func sniff(_ s: JSONScanner) -> InputFormat? {
        var s = s
        switch s.peek() {
        case 0x5B:
            s.pos += 1
            switch s.peek() {
            case 0x5B: return .zipkin  // list of lists
            case 0x5D: return .zipkin  // empty list: decodes to nothing in any format
            case 0x7B: return object(s, depth: 0)
            default: return nil
            }
        case 0x7B: return object(s, depth: 0)
        default: return nil
        }
    }

    /// True when the object at `s` has an OTLP request's key (`resourceLogs`, `resourceSpans`,
    /// `resourceMetrics`, `batches`) among its first keys: logs files are log lines otherwise.
    public static func isOTLPRequest(_ start: JSONScanner) -> Bool {
        var s = start
        do throws(JSONError) {
            try s.beginObject()
            var first = true
            var keys = 0
            while let k = try s.nextKey(first: &first), keys < 64 {
                keys += 1
                if s.key(k, is: "resourcelogs") || s.key(k, is: "resourcespans") || s.key(k, is: "resourcemetrics")
                    || s.key(k, is: "batches") {
                    return true
                }
                try s.skipValue()
            }
        } catch {}
        return false
    }

    static func object(_ start: JSONScanner, depth: Int) -> InputFormat? {
        var s = start
        var sawZipkinKey = false
        var sawLogKey = false
        var sawTraceIdSnake = false
        do throws(JSONError) {
            try s.beginObject()
            var first = true
            var keys = 0
            while let k = try s.nextKey(first: &first) {
                keys += 1
                if keys > 64 { break }
                if s.key(k, is: "resourcespans") || s.key(k, is: "batches") || s.key(k, is: "resourcelogs")
                    || s.key(k, is: "resourcemetrics") || s.key(k, is: "result") {
                    return .otlp
                }
                if s.key(k, is: "trace"), s.peek() == 0x7B { return .otlp }
                if s.key(k, is: "summaries") { return .traceSummaries }
                if s.string(k, equals: "data") || s.string(k, equals: "traceID") || s.string(k, equals: "spanID")
                    || s.string(k, equals: "operationName") || s.string(k, equals: "processes") {
                    return .jaeger
                }
                if s.string(k, equals: "spans") {
                    // Jaeger api_v2 protobuf-JSON and Zipkin proto3 JSON both use {"spans": [...]}.
                    var inner = s
                    if inner.peek() == 0x5B {
                        inner.pos += 1
                        if inner.peek() == 0x7B, depth < 1, let f = object(inner, depth: depth + 1) { return f }
                    }
                    return .jaeger
                }
                if s.string(k, equals: "traceId") || s.string(k, equals: "id") || s.string(k, equals: "parentId")
                    || s.key(k, is: "localendpoint") || s.key(k, is: "remoteendpoint")
                    || s.string(k, equals: "binaryAnnotations") || s.string(k, equals: "annotations") {
                    sawZipkinKey = true
                }
                if s.string(k, equals: "trace_id") { sawTraceIdSnake = true }
                if s.string(k, equals: "parent_id") || s.string(k, equals: "local_endpoint") { sawZipkinKey = true }
                if s.string(k, equals: "body") || s.string(k, equals: "message") || s.string(k, equals: "msg")
                    || s.string(k, equals: "level") || s.string(k, equals: "severity") || s.string(k, equals: "log") {
                    sawLogKey = true
                }
                try s.skipValue()
            }
        } catch {
            // Undecidable prefix: fall through to what was seen.
        }
        if sawZipkinKey { return .zipkin }
        if sawLogKey || sawTraceIdSnake { return .jsonLogs }
        return nil
    }
}
