import TraceModel

/// Zipkin v2 JSON: a list of spans, ids in lower-case hex, times in microseconds, tags as a
/// string map, events as annotations (value = event name; event attributes are not carried).
///
/// With `sharedRPC`, a SERVER span whose parent is a CLIENT span is written as the shared
/// half of that client's span (same id, `shared: true`), as B3-propagating tracers report
/// RPCs; its children then point at the shared id.
public enum ZipkinV2Writer {
    public static func write(_ traces: [SynthTrace], sharedRPC: Bool = false, pretty: Bool = false) -> [UInt8] {
        var e = JSONEmitter(pretty: pretty)
        e.beginArray()
        for t in traces {
            let m = ZipkinMapping(t, sharedRPC: sharedRPC)
            for i in t.spans.indices { writeSpan(i, m, into: &e) }
        }
        e.endArray()
        if pretty { e.bytes.append(UInt8(ascii: "\n")) }
        return e.bytes
    }

    static func writeSpan(_ i: Int, _ m: ZipkinMapping, into e: inout JSONEmitter) {
        let s = m.trace.spans[i]
        e.beginObject()
        e.field("traceId", m.trace.traceID.hex32)
        let parent = m.zipkinParentID(i)
        if !parent.isZero { e.field("parentId", parent.hex) }
        e.field("id", m.zipkinID(i).hex)
        if let k = ZipkinMapping.kindName(s.kind) { e.field("kind", k) }
        e.field("name", s.name)
        e.field("timestamp", ZipkinMapping.micros(s.startNs))
        e.field("duration", ZipkinMapping.durationMicros(s))
        if m.sharedServer[i] != nil { e.field("shared", true) }
        e.key("localEndpoint")
        m.writeEndpoint(service: s.service, into: &e)
        if let remote = m.remoteService(i) {
            e.key("remoteEndpoint")
            m.writeEndpoint(service: remote, into: &e)
        }
        if !s.events.isEmpty {
            e.key("annotations")
            e.beginArray()
            for ev in s.events {
                e.beginObject()
                e.beginInline()
                e.field("timestamp", ZipkinMapping.micros(ev.timeNs))
                e.field("value", ev.name)
                e.endObject()
                e.endInline()
            }
            e.endArray()
        }
        let tags = ZipkinMapping.tags(s)
        if !tags.isEmpty {
            e.key("tags")
            e.beginObject()
            for (k, v) in tags { e.field(k, v) }
            e.endObject()
        }
        e.endObject()
    }
}
