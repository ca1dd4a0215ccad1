import TraceModel

extension OTLPProtobuf {
    /// The spans `range` of `set` (all by default) as one `ExportTraceServiceRequest`: a
    /// `ResourceSpans` per run of consecutive spans with the same resource and service, in it a
    /// `ScopeSpans` per run with the same scope, so the spans decode back in the same order.
    /// The resource carries `service.name` as the span's service. A FOLLOWS_FROM parent that
    /// no link states yet is written as a link (see `FollowsFromLinks`). For the benchmark's
    /// load generator and for tests.
    public static func encodeTraces(_ set: TraceSet, spans range: Range<Int>? = nil) -> [UInt8] {
        let range = range ?? set.spans.indices
        let details = range.map { set.details(set.spans[$0]) }
        var w = ProtoWriter()
        var i = range.lowerBound
        while i < range.upperBound {
            let first = set.spans[i]
            var end = i + 1
            while end < range.upperBound, set.spans[end].resource == first.resource, set.spans[end].service == first.service {
                end += 1
            }
            w.message(1) { w in
                w.message(1) { w in
                    for a in resourceAttributes(set, first) { w.keyValue(1, a) }
                }
                var s = i
                while s < end {
                    let d = details[s - range.lowerBound]
                    var e = s + 1
                    while e < end, details[e - range.lowerBound].scopeName == d.scopeName,
                          details[e - range.lowerBound].scopeVersion == d.scopeVersion {
                        e += 1
                    }
                    w.message(2) { w in
                        if !d.scopeName.isEmpty || !d.scopeVersion.isEmpty || !d.scopeAttributes.isEmpty {
                            w.message(1) { w in
                                w.string(1, d.scopeName)
                                w.string(2, d.scopeVersion)
                                for a in d.scopeAttributes { w.keyValue(3, a) }
                            }
                        }
                        for k in s..<e {
                            w.message(2) { w in span(set, set.spans[k], details[k - range.lowerBound], &w) }
                        }
                    }
                    s = e
                }
            }
            i = end
        }
        return w.out
    }

    /// The resource's attributes with `service.name` set to the span's service (first, when it
    /// has to be added), unless the service only stands for a resource without one.
    static func resourceAttributes(_ set: TraceSet, _ span: Span) -> [Attribute] {
        var attributes = set.resource(span.resource)?.attributes ?? []
        let service = set.strings[span.service]
        let named = OTLPValues.serviceName(attributes)
        if named == service || (named == nil && service == ProtoDecoder.unknownService) { return attributes }
        attributes.removeAll { $0.key == "service.name" }
        attributes.insert(Attribute("service.name", .string(service)), at: 0)
        return attributes
    }

    static func span(_ set: TraceSet, _ span: Span, _ d: SpanDetails, _ w: inout ProtoWriter) {
        var links = d.links
        if span.flags.contains(.followsFromParent), !span.parentID.isZero,
           !FollowsFromLinks.parentIsFollowsFrom(links, parent: span.parentID, in: span.traceID) {
            links.append(SpanLink(traceID: span.traceID, spanID: span.parentID,
                                  attributes: [Attribute(FollowsFromLinks.refTypeKey, .string("follows_from"))]))
        }
        w.id(1, span.traceID)
        w.id(2, span.spanID)
        w.string(3, d.traceState)
        if !span.parentID.isZero { w.id(4, span.parentID) }
        w.string(5, set.strings[span.name])
        w.varint(6, UInt64(span.kind.rawValue))
        // Absent times stay absent, so the reader flags them again.
        if !span.flags.contains(.missingStart) { w.fixed64(7, UInt64(bitPattern: span.start)) }
        if !span.flags.contains(.missingDuration) { w.fixed64(8, UInt64(bitPattern: span.end)) }
        for a in d.attributes { w.keyValue(9, a) }
        for e in d.events {
            w.message(11) { w in
                w.fixed64(1, UInt64(bitPattern: e.time))
                w.string(2, e.name)
                for a in e.attributes { w.keyValue(3, a) }
            }
        }
        for l in links {
            w.message(13) { w in
                w.id(1, l.traceID)
                w.id(2, l.spanID)
                for a in l.attributes { w.keyValue(4, a) }
            }
        }
        if span.status != .unset || !d.statusMessage.isEmpty {
            w.message(15) { w in
                w.string(2, d.statusMessage)
                w.varint(3, UInt64(span.status.rawValue))
            }
        }
    }

    /// The log records of `set` as one `ExportLogsServiceRequest`: a `ResourceLogs` per run of
    /// records with the same resource. For tests and load generation.
    public static func encodeLogs(_ set: TraceSet) -> [UInt8] {
        var w = ProtoWriter()
        var i = 0
        while i < set.logs.count {
            let resource = set.logs[i].resource
            var end = i + 1
            while end < set.logs.count, set.logs[end].resource == resource { end += 1 }
            w.message(1) { w in
                if let r = set.resource(resource) {
                    w.message(1) { w in for a in r.attributes { w.keyValue(1, a) } }
                }
                w.message(2) { w in
                    for k in i..<end { w.message(2) { w in logRecord(set.logs[k], &w) } }
                }
            }
            i = end
        }
        return w.out
    }

    static func logRecord(_ r: LogRecord, _ w: inout ProtoWriter) {
        w.fixed64(1, UInt64(bitPattern: r.time))
        w.varint(2, UInt64(r.severityNumber))
        w.string(3, r.severityText)
        if r.body != .empty { w.message(5) { w in w.anyValue(r.body) } }
        for a in r.attributes { w.keyValue(6, a) }
        if !r.traceID.isZero { w.id(9, r.traceID) }
        if !r.spanID.isZero { w.id(10, r.spanID) }
        w.string(12, r.eventName)
    }
}
