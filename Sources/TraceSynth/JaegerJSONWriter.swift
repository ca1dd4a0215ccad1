import TraceModel

/// Jaeger query-service ("UI") JSON: `{"data":[trace...],"total":0,"limit":0,"offset":0,"errors":null}`
/// with `references` (CHILD_OF, or FOLLOWS_FROM for `followsFrom` spans), µs times, typed
/// tags, logs from events, and processes `p1`, `p2`, … per trace.
public enum JaegerJSONWriter {
    public static func write(_ traces: [SynthTrace], pretty: Bool = false) -> [UInt8] {
        var e = JSONEmitter(pretty: pretty)
        e.beginObject()
        e.key("data")
        e.beginArray()
        for t in traces { writeTrace(t, into: &e) }
        e.endArray()
        e.field("total", 0)
        e.field("limit", 0)
        e.field("offset", 0)
        e.key("errors"); e.null()
        e.endObject()
        if pretty { e.bytes.append(UInt8(ascii: "\n")) }
        return e.bytes
    }

    static func writeTrace(_ t: SynthTrace, into e: inout JSONEmitter) {
        var processes: [SynthResource] = []
        for svc in t.services {
            let r = t.resource(for: svc)
            if !processes.contains(r) { processes.append(r) }
        }
        func pid(_ service: String) -> String {
            let r = t.resource(for: service)
            return "p\((processes.firstIndex(of: r) ?? 0) + 1)"
        }
        let traceHex = t.traceID.hex
        e.beginObject()
        e.field("traceID", traceHex)
        e.key("spans")
        e.beginArray()
        for s in t.spans {
            e.beginObject()
            e.field("traceID", traceHex)
            e.field("spanID", s.spanID.hex)
            e.field("flags", 1)
            e.field("operationName", s.name)
            e.key("references")
            e.beginArray()
            if !s.parentID.isZero {
                e.beginObject()
                e.beginInline()
                e.field("refType", s.followsFrom ? "FOLLOWS_FROM" : "CHILD_OF")
                e.field("traceID", traceHex)
                e.field("spanID", s.parentID.hex)
                e.endObject()
                e.endInline()
            }
            e.endArray()
            e.field("startTime", ZipkinMapping.micros(s.startNs))
            e.field("duration", ZipkinMapping.micros(s.endNs) - ZipkinMapping.micros(s.startNs))
            e.key("tags")
            writeTags(spanTags(s), into: &e)
            e.key("logs")
            e.beginArray()
            for ev in s.events {
                e.beginObject()
                e.field("timestamp", ZipkinMapping.micros(ev.timeNs))
                e.key("fields")
                writeTags([Attribute("event", .string(ev.name))] + ev.attributes, into: &e)
                e.endObject()
            }
            e.endArray()
            e.field("processID", pid(s.service))
            e.key("warnings"); e.null()
            e.endObject()
        }
        e.endArray()
        e.key("processes")
        e.beginObject()
        for (i, p) in processes.enumerated() {
            e.key("p\(i + 1)")
            e.beginObject()
            e.field("serviceName", p.service)
            e.key("tags")
            writeTags(p.attributes, into: &e)
            e.endObject()
        }
        e.endObject()
        e.key("warnings"); e.null()
        e.endObject()
    }

    /// Attributes, then what the OTel→Jaeger translation adds: span.kind, status, error.
    static func spanTags(_ s: SynthSpan) -> [Attribute] {
        var tags = s.attributes
        if s.kind != .unspecified { tags.append(Attribute("span.kind", .string(s.kind.label))) }
        switch s.status {
        case .unset: break
        case .ok: tags.append(Attribute("otel.status_code", .string("OK")))
        case .error:
            tags.append(Attribute("otel.status_code", .string("ERROR")))
            tags.append(Attribute("error", .bool(true)))
        }
        if !s.statusMessage.isEmpty { tags.append(Attribute("otel.status_description", .string(s.statusMessage))) }
        return tags
    }

    static func writeTags(_ attrs: [Attribute], into e: inout JSONEmitter) {
        e.beginArray()
        for a in attrs {
            e.beginObject()
            e.beginInline()
            e.field("key", a.key)
            switch a.value {
            case .string(let s): e.field("type", "string"); e.field("value", s)
            case .bool(let b): e.field("type", "bool"); e.field("value", b)
            case .int(let i):
                e.field("type", "int64")
                // Jaeger emits integers a JSON double cannot hold exactly as strings.
                if i > (1 << 53) - 1 || i < -((1 << 53) - 1) { e.field("value", String(i)) } else { e.field("value", i) }
            case .double(let d): e.field("type", "float64"); e.field("value", d)
            case .bytes(let b): e.field("type", "binary"); e.field("value", Base64.encode(b))
            default: e.field("type", "string"); e.field("value", a.value.text)
            }
            e.endObject()
            e.endInline()
        }
        e.endArray()
    }
}
