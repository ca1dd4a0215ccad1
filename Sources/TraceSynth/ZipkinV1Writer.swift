import TraceModel

/// Zipkin v1 JSON: core annotations (`cs`/`cr` client, `sr`/`ss` server, `ms`/`ws` producer,
/// `wr`/`mr` consumer) with endpoints, tags as string `binaryAnnotations`, `sa`/`ca` address
/// annotations for the remote side, `lc` for local spans; span timestamp/duration in µs.
///
/// With `sharedRPC`, a CLIENT span and its SERVER child become ONE v1 span carrying all four
/// `cs`/`sr`/`ss`/`cr` annotations (the classic v1 RPC span; name and timing from the client).
public enum ZipkinV1Writer {
    public static func write(_ traces: [SynthTrace], sharedRPC: Bool = false, pretty: Bool = false) -> [UInt8] {
        var e = JSONEmitter(pretty: pretty)
        e.beginArray()
        for t in traces {
            let m = ZipkinMapping(t, sharedRPC: sharedRPC)
            for i in t.spans.indices where m.sharedServer[i] == nil { writeSpan(i, m, into: &e) }
        }
        e.endArray()
        if pretty { e.bytes.append(UInt8(ascii: "\n")) }
        return e.bytes
    }

    private struct Annotation {
        var time: Int64
        var value: String
        var service: String
    }

    private static func coreAnnotations(_ s: SynthSpan) -> [Annotation] {
        let (b, x): (String, String)
        switch s.kind {
        case .client: (b, x) = ("cs", "cr")
        case .server: (b, x) = ("sr", "ss")
        case .producer: (b, x) = ("ms", "ws")
        case .consumer: (b, x) = ("wr", "mr")
        default: return []
        }
        return [Annotation(time: s.startNs, value: b, service: s.service),
                Annotation(time: s.endNs, value: x, service: s.service)]
    }

    private static func writeSpan(_ i: Int, _ m: ZipkinMapping, into e: inout JSONEmitter) {
        let s = m.trace.spans[i]
        let server = m.sharedClient[i].map { m.trace.spans[$0] }
        var halves = [s]
        if let server { halves.append(server) }

        var annotations: [Annotation] = []
        for h in halves {
            annotations += coreAnnotations(h)
            annotations += h.events.map { Annotation(time: $0.timeNs, value: $0.name, service: h.service) }
        }
        // Stable order by time; ties keep the cs, sr, ss, cr order of a well-behaved RPC.
        annotations = annotations.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)

        e.beginObject()
        e.field("traceId", m.trace.traceID.hex32)
        e.field("id", s.spanID.hex)
        e.field("name", s.name)
        let parent = m.zipkinParentID(i)
        if !parent.isZero { e.field("parentId", parent.hex) }
        e.field("timestamp", ZipkinMapping.micros(s.startNs))
        e.field("duration", ZipkinMapping.durationMicros(s))
        e.key("annotations")
        e.beginArray()
        for a in annotations {
            e.beginObject()
            e.beginInline()
            e.field("timestamp", ZipkinMapping.micros(a.time))
            e.field("value", a.value)
            e.key("endpoint")
            m.writeEndpoint(service: a.service, into: &e)
            e.endObject()
            e.endInline()
        }
        e.endArray()
        e.key("binaryAnnotations")
        e.beginArray()
        for h in halves {
            if h.kind == .internal || h.kind == .unspecified {
                // Local span: the endpoint travels on an `lc` annotation (empty value = no tag).
                writeBinary("lc", "", service: h.service, m, into: &e)
            }
            for (k, v) in ZipkinMapping.tags(h) { writeBinary(k, v, service: h.service, m, into: &e) }
            // The remote address, unless the other half of this very span already names it.
            if halves.count == 1, let remote = m.remoteService(i) {
                let key: String
                switch h.kind {
                case .client: key = "sa"
                case .server: key = "ca"
                case .producer, .consumer: key = "ma"
                default: continue
                }
                e.beginObject()
                e.beginInline()
                e.field("key", key)
                e.field("value", true)
                e.key("endpoint")
                m.writeEndpoint(service: remote, into: &e)
                e.endObject()
                e.endInline()
            }
        }
        e.endArray()
        e.endObject()
    }

    private static func writeBinary(_ k: String, _ v: String, service: String, _ m: ZipkinMapping, into e: inout JSONEmitter) {
        e.beginObject()
        e.beginInline()
        e.field("key", k)
        e.field("value", v)
        e.key("endpoint")
        m.writeEndpoint(service: service, into: &e)
        e.endObject()
        e.endInline()
    }
}
