import TraceModel

extension ZipkinDecoding {
    mutating func finish(into set: inout TraceSet, warnings out: inout [String]) {
        widenTraceIDs()
        mergePieces()

        // Merged spans: their details are the union of the pieces' details.
        var table: [[DetailRef]] = []
        for (i, refs) in mergedRefs.sorted(by: { $0.key < $1.key }) where pieces[i].alive {
            pieces[i].ref = DetailRef(source: source, offset: table.count, length: 0, variant: ZipkinVariant.merged)
            table.append(refs)
        }
        let detailSource = ZipkinDetailSource(bytes: bytes, merged: table)

        var resources: [ResourceKey: ResourceID] = [:]
        let unknown = set.strings.intern(ZipkinDecoder.unknownService)
        set.spans.reserveMore(pieces.count)
        for p in pieces where p.alive {
            var flags: SpanFlags = []
            if p.shared { flags.insert(.shared) }
            if p.invalidParent { flags.insert(.invalidParent) }
            var start: Int64 = 0
            if p.timestamp > 0 {
                start = ZipkinDetailSource.nanos(p.timestamp)
            } else {
                flags.insert(.missingStart)
                warnings.add(.noTimestamp, "span at byte \(p.offset) (id \(p.spanID.hex)): no timestamp; start set to 0 and flagged")
            }
            var duration: Int64 = 0
            if let d = p.duration, d > 0 {
                duration = ZipkinDetailSource.nanos(d)
            } else if let d = p.duration {
                flags.insert(.endBeforeStart)
                warnings.add(.negativeDuration, "span at byte \(p.offset) (id \(p.spanID.hex)): duration \(d) µs is negative; set to 0")
            } else {
                flags.insert(.missingDuration)
                warnings.add(.noDuration, "span at byte \(p.offset) (id \(p.spanID.hex)): no duration; set to 0 and flagged")
            }

            let serviceText = p.local?.service ?? ZipkinDecoder.unknownService
            let service = p.local?.service.map { set.strings.intern($0) } ?? unknown
            let key = ResourceKey(service: serviceText, ip: p.local?.ip ?? "")
            let resource: ResourceID
            if let r = resources[key] {
                resource = r
            } else {
                var attrs: [Attribute] = []
                if let sname = p.local?.service { attrs.append(Attribute("service.name", .string(sname))) }
                if let v4 = p.local?.ipv4 { attrs.append(Attribute("net.host.ip", .string(v4))) }
                if let v6 = p.local?.ipv6 { attrs.append(Attribute(p.local?.ipv4 == nil ? "net.host.ip" : "net.host.ipv6", .string(v6))) }
                resource = set.addResource(Resource(service: service, host: key.ip, attributes: attrs))
                resources[key] = resource
            }

            var eventCount = p.eventCount
            if p.ref.variant & ZipkinVariant.merged != 0 {
                eventCount = UInt32(clamping: detailSource.details(p.ref).events.count)
            }
            set.spans.append(Span(
                traceID: p.traceID, spanID: p.spanID, parentID: p.invalidParent ? .zero : p.parentID,
                start: start, duration: duration, name: p.name, service: service, resource: resource,
                kind: p.kind ?? .internal, status: p.error ? .error : (p.ok ? .ok : .unset),
                flags: flags, eventCount: eventCount, linkCount: 0, detail: p.ref))
        }
        let added = set.addDetailSource(detailSource)
        assert(added == source)
        warnings.emit(into: &out)
    }

    struct ResourceKey: Hashable {
        var service: String
        var ip: String
    }
}
