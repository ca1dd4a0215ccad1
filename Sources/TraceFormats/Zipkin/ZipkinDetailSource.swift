import TraceModel

/// Bits of `DetailRef.variant` for Zipkin spans.
enum ZipkinVariant {
    /// `offset` indexes `ZipkinDetailSource.merged` (a span reported in several pieces).
    static let merged: UInt8 = 0x80
    /// Proto3 JSON: ip addresses may be base64.
    static let proto: UInt8 = 0x40
    /// Went through the v1 converter; the low 5 bits pick the converted span ("half").
    static let v1: UInt8 = 0x20
    static let halfMask: UInt8 = 0x1F
}

/// Decodes a Zipkin span's tags, annotations and endpoints on demand from the file bytes.
///
/// Attributes: the tags (string values; non-string values as their JSON text), then
/// `net.host.port` (local endpoint port), `peer.service`, `net.peer.ip`, `net.peer.ipv6`,
/// `net.peer.port` from the remote endpoint, and `zipkin.debug` when set. Events: the
/// annotations (v1: the non-core annotations of the chosen half), sorted by time. The status
/// message is `otel.status_description`, else the value of the `error` tag.
public struct ZipkinDetailSource: SpanDetailSource {
    let bytes: FileBytes
    let merged: [[DetailRef]]
    public var unavailable: String? { bytes.unavailable }

    init(bytes: FileBytes, merged: [[DetailRef]]) {
        self.bytes = bytes
        self.merged = merged
    }

    public func details(_ ref: DetailRef) -> SpanDetails {
        if ref.variant & ZipkinVariant.merged != 0 {
            guard ref.offset >= 0, ref.offset < merged.count else { return SpanDetails() }
            var out = SpanDetails()
            for (i, piece) in merged[ref.offset].enumerated() {
                let d = single(piece)
                if i == 0 { out = d; continue }
                for a in d.attributes {
                    if let j = out.attributes.firstIndex(where: { $0.key == a.key }) {
                        out.attributes[j] = a
                    } else {
                        out.attributes.append(a)
                    }
                }
                for e in d.events where !out.events.contains(e) { out.events.append(e) }
                if out.statusMessage.isEmpty { out.statusMessage = d.statusMessage }
            }
            out.events = Self.sortedByTime(out.events)
            return out
        }
        return single(ref)
    }

    func single(_ ref: DetailRef) -> SpanDetails {
        let start = ref.offset
        let stop = start + Int(ref.length)
        guard start >= 0, stop <= bytes.count, stop > start, ref.variant & ZipkinVariant.merged == 0 else {
            return SpanDetails()
        }
        var s = bytes.scanner(from: start, to: stop)
        var full = ZipkinFullSpan()
        let proto = ref.variant & ZipkinVariant.proto != 0
        do { try full.parse(&s, proto: proto) } catch { /* keep what was read */ }

        if ref.variant & ZipkinVariant.v1 != 0 {
            full.adoptV2Fields()
            let halves = ZipkinV1Converter.convert(full)
            let idx = Int(ref.variant & ZipkinVariant.halfMask)
            guard idx < halves.count else { return SpanDetails() }
            let h = halves[idx]
            return Self.build(tags: h.tags, annotations: h.annotations, local: h.endpoint, remote: h.remote, debug: full.debug)
        }
        return Self.build(
            tags: full.tags, annotations: full.annotations.map { ($0.timestamp, $0.value) },
            local: full.local, remote: full.remote, debug: full.debug)
    }

    static func build(
        tags: [(key: String, value: String)], annotations: [(time: Int64, value: String)],
        local: ZipkinEndpoint?, remote: ZipkinEndpoint?, debug: Bool
    ) -> SpanDetails {
        var d = SpanDetails()
        var description: String?
        var errorValue: String?
        for t in tags {
            d.attributes.append(Attribute(t.key, .string(t.value)))
            if t.key == "otel.status_description" { description = t.value }
            if t.key == "error" { errorValue = t.value }
        }
        if let l = local, l.port != 0 { d.attributes.append(Attribute("net.host.port", .int(Int64(l.port)))) }
        if let r = remote {
            if let s = r.service { d.attributes.append(Attribute("peer.service", .string(s))) }
            if let ip = r.ipv4 ?? r.ipv6 { d.attributes.append(Attribute("net.peer.ip", .string(ip))) }
            if r.ipv4 != nil, let v6 = r.ipv6 { d.attributes.append(Attribute("net.peer.ipv6", .string(v6))) }
            if r.port != 0 { d.attributes.append(Attribute("net.peer.port", .int(Int64(r.port)))) }
        }
        if debug { d.attributes.append(Attribute("zipkin.debug", .bool(true))) }
        d.events = sortedByTime(annotations.map { SpanEvent(time: nanos($0.time), name: $0.value) })
        d.statusMessage = description ?? errorValue ?? ""
        return d
    }

    static func sortedByTime(_ events: [SpanEvent]) -> [SpanEvent] {
        events.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
    }

    /// µs → ns, saturating (the loader clamps into the model's range).
    static func nanos(_ us: Int64) -> Int64 { ModelTime.scaled(us, by: 1000) }
}
