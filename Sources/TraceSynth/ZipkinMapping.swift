import TraceModel

/// What the Zipkin writers (v1 and v2) share: microsecond times, tags from attributes and
/// status, remote endpoints, and the optional "shared RPC span" id rewrite.
struct ZipkinMapping {
    let trace: SynthTrace
    /// Span id → index in `trace.spans`.
    let index: [SpanID: Int]
    /// Server span index → its client parent's index, for the pairs that share one id.
    let sharedServer: [Int: Int]
    /// Client index → server index, inverse of `sharedServer`.
    let sharedClient: [Int: Int]

    init(_ trace: SynthTrace, sharedRPC: Bool) {
        self.trace = trace
        var index: [SpanID: Int] = [:]
        for (i, s) in trace.spans.enumerated() where index[s.spanID] == nil { index[s.spanID] = i }
        self.index = index
        var server: [Int: Int] = [:]
        var client: [Int: Int] = [:]
        if sharedRPC {
            for (i, s) in trace.spans.enumerated() where s.kind == .server {
                guard let p = index[s.parentID], trace.spans[p].kind == .client, client[p] == nil else { continue }
                server[i] = p
                client[p] = i
            }
        }
        sharedServer = server
        sharedClient = client
    }

    static func micros(_ ns: Int64) -> Int64 { ns >= 0 ? ns / 1000 : -((-ns + 999) / 1000) }
    static func durationMicros(_ s: SynthSpan) -> Int64 { max(1, micros(s.endNs) - micros(s.startNs)) }

    /// The id a span carries in Zipkin: a shared server half takes its client's id.
    func zipkinID(_ i: Int) -> SpanID {
        if let c = sharedServer[i] { return trace.spans[c].spanID }
        return trace.spans[i].spanID
    }

    /// The parent id in Zipkin: a shared server half has its client's parent; a child of a
    /// shared server half points at the shared id.
    func zipkinParentID(_ i: Int) -> SpanID {
        if let c = sharedServer[i] { return trace.spans[c].parentID }
        let p = trace.spans[i].parentID
        if let pi = index[p] { return zipkinID(pi) }
        return p
    }

    /// The service on the other side of an RPC or message hop, when the trace shows it.
    func remoteService(_ i: Int) -> String? {
        let s = trace.spans[i]
        switch s.kind {
        case .client, .producer:
            let want: SpanKind = s.kind == .client ? .server : .consumer
            if let child = trace.spans.first(where: { $0.parentID == s.spanID && $0.kind == want && $0.service != s.service }) {
                return child.service
            }
        case .server, .consumer:
            if let p = index[s.parentID], trace.spans[p].service != s.service,
               trace.spans[p].kind == .client || trace.spans[p].kind == .producer {
                return trace.spans[p].service
            }
        default: break
        }
        if case .string(let peer)? = s.attributes.first(where: { $0.key == "peer.service" })?.value { return peer }
        return nil
    }

    /// Attributes as string tags, then the OTel status tags (`otel.status_code`, and `error`
    /// carrying the description when the status is ERROR).
    static func tags(_ s: SynthSpan) -> [(String, String)] {
        var out = s.attributes.map { ($0.key, $0.value.tagText) }
        switch s.status {
        case .unset: break
        case .ok: out.append(("otel.status_code", "OK"))
        case .error:
            out.append(("otel.status_code", "ERROR"))
            out.append(("error", s.statusMessage))
        }
        return out
    }

    static func kindName(_ k: SpanKind) -> String? {
        switch k {
        case .server: return "SERVER"
        case .client: return "CLIENT"
        case .producer: return "PRODUCER"
        case .consumer: return "CONSUMER"
        default: return nil
        }
    }

    func writeEndpoint(service: String, into e: inout JSONEmitter) {
        e.beginObject()
        e.beginInline()
        e.field("serviceName", service)
        let ip = trace.resource(for: service).ipv4
        if !ip.isEmpty { e.field("ipv4", ip) }
        e.endObject()
        e.endInline()
    }
}
