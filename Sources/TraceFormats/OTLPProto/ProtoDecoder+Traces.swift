import TraceModel

/// `ExportTraceServiceRequest` / `TracesData` → spans. The span path reads what the tree needs
/// and checks the rest (attributes, events, links) without building it; the detail source
/// decodes those from the span's bytes when a view asks, like the JSON decoder.
extension ProtoDecoder {
    mutating func traces(sourceIndex: UInt32) throws(ProtoError) {
        try request("resource_spans") { (d: inout ProtoDecoder, range, i) throws(ProtoError) in
            try d.resourceSpans(range, index: i, sourceIndex: sourceIndex)
        }
    }

    mutating func resourceSpans(_ range: Range<Int>, index: Int, sourceIndex: UInt32) throws(ProtoError) {
        let firstSpan = set.spans.count
        // The resource may come after the spans: they get it afterwards.
        let rid = try resourceGroup(range, "scope_spans", "deprecated_scope_spans") { (d, scope, i) throws(ProtoError) in
            try d.scopeSpans(scope, path: (index, i), sourceIndex: sourceIndex)
        } ?? set.addResource(Resource(service: set.strings.intern(Self.unknownService)))
        let service = set.resources[Int(rid.raw)].service
        for i in firstSpan..<set.spans.count {
            set.spans[i].resource = rid
            set.spans[i].service = service
        }
        if firstSpan < set.spans.count, set.strings[service] == Self.unknownService {
            problems.note("resource without service.name; its spans are shown as \(Self.unknownService)")
        }
    }

    mutating func scopeSpans(_ range: Range<Int>, path: (Int, Int), sourceIndex: UInt32) throws(ProtoError) {
        var scope = ScopeRange(firstOffset: 0, name: "", version: "")
        var firstOffset: Int? = nil
        var spanIndex = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1:
                at.set("scope")
                try r.expect(w, .length)
                let s = try r.lengthDelimited()
                try check.scope(s)
                try ProtoValues.scope(base, s, into: &scope)
            case 2:
                at.set("spans", spanIndex)
                try r.expect(w, .length)
                let s = try r.lengthDelimited()
                if firstOffset == nil { firstOffset = s.lowerBound }
                try span(s, path: (path.0, path.1, spanIndex), sourceIndex: sourceIndex)
                spanIndex += 1
            case 3: at.set("schema_url"); try check.string(&r, w)
            default: return false
            }
            return true
        }
        guard let firstOffset else { return }
        if !scope.name.isEmpty || !scope.version.isEmpty || !scope.attributes.isEmpty {
            scope.firstOffset = firstOffset
            scopes.append(scope)
        } else if !scopes.isEmpty {
            // Marks the end of the previous scope so these spans do not inherit its name.
            scopes.append(ScopeRange(firstOffset: firstOffset, name: "", version: ""))
        }
    }

    /// One span: the hot path. Spans with unusable ids are skipped with a warning.
    mutating func span(_ range: Range<Int>, path: (Int, Int, Int), sourceIndex: UInt32) throws(ProtoError) {
        var traceIDRange: Range<Int>? = nil
        var spanIDRange: Range<Int>? = nil
        var parentRange: Range<Int>? = nil
        var nameRange = 0..<0
        var kind = SpanKind.unspecified
        var status = SpanStatus.unset
        var start: Int64 = 0
        var end: Int64 = 0
        var attributes = 0
        var events: UInt32 = 0
        var links: UInt32 = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("trace_id"); try r.expect(w, .length); traceIDRange = try r.lengthDelimited()
            case 2: at.set("span_id"); try r.expect(w, .length); spanIDRange = try r.lengthDelimited()
            case 3: at.set("trace_state"); try check.string(&r, w)
            case 4: at.set("parent_span_id"); try r.expect(w, .length); parentRange = try r.lengthDelimited()
            case 5:
                at.set("name")
                try r.expect(w, .length)
                nameRange = try r.lengthDelimited()
                check.string(nameRange)
            case 6:
                at.set("kind")
                try r.expect(w, .varint)
                kind = SpanKind(rawValue: UInt8(clamping: max(0, Int64(bitPattern: try r.varint())))) ?? .unspecified
            case 7: at.set("start_time_unix_nano"); try r.expect(w, .fixed64); start = Int64(bitPattern: try r.fixed64())
            case 8: at.set("end_time_unix_nano"); try r.expect(w, .fixed64); end = Int64(bitPattern: try r.fixed64())
            case 9: try check.attribute(&r, w, &at, &attributes)
            case 11:
                at.set("events", Int(events))
                events &+= 1
                try check.message(&r, w) { (c, e) throws(ProtoError) in try c.event(e) }
            case 13:
                at.set("links", Int(links))
                links &+= 1
                try check.message(&r, w) { (c, l) throws(ProtoError) in try c.link(l) }
            case 10, 12, 14: at.set(Self.droppedNames[(Int(f) - 10) / 2]); try check.scalar(&r, w, .varint)
            case 15:
                at.set("status")
                try r.expect(w, .length)
                // A message field given twice is merged: a code only in the first stays.
                if let code = try self.status(try r.lengthDelimited()) { status = code }
            case 16: at.set("flags"); try check.scalar(&r, w, .fixed32)
            default: return false
            }
            return true
        }

        if check.invalidUTF8 > 0, firstInvalidUTF8Span == nil, check.firstInvalidUTF8 >= range.lowerBound {
            firstInvalidUTF8Span = spanPath(path)
        }
        guard let traceID = idOrWarn(traceIDRange, Self.traceID, "trace_id", 16, range, path),
              let spanID = idOrWarn(spanIDRange, Self.spanID, "span_id", 8, range, path) else {
            rejected += 1
            return
        }
        var flags: SpanFlags = []
        var parentID = SpanID.zero
        if let p = parentRange, !p.isEmpty {
            if let id = Self.spanID(base, p) {
                parentID = id
            } else {
                flags.insert(.invalidParent)
                problems.note("byte \(p.lowerBound): \(spanPath(path)).parent_span_id: length \(p.count), want 8 or 0; treated as a root")
            }
        }
        let duration = SpanTimes.resolve(start: &start, end: end, flags: &flags, problems: &problems, names: .proto)
        let name = set.strings.intern(bytes: UnsafeBufferPointer(start: base + nameRange.lowerBound, count: nameRange.count))
        set.spans.append(Span(
            traceID: traceID, spanID: spanID, parentID: parentID, start: start, duration: duration,
            name: name, service: .empty, resource: .none, kind: kind, status: status, flags: flags,
            eventCount: events, linkCount: links,
            detail: DetailRef(source: sourceIndex, offset: range.lowerBound, length: UInt32(clamping: range.count))))
    }

    static let droppedNames: [StaticString] = ["dropped_attributes_count", "dropped_events_count", "dropped_links_count"]

    /// `Status`: the code if the message has one; the message text is only checked here.
    mutating func status(_ range: Range<Int>) throws(ProtoError) -> SpanStatus? {
        var code: SpanStatus? = nil
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 2: at.set("message"); try check.string(&r, w)
            case 3:
                at.set("code")
                try r.expect(w, .varint)
                let n = try r.varint()
                code = n == 2 ? .error : n == 1 ? .ok : .unset
            default: return false
            }
            return true
        }
        return code
    }

    func spanPath(_ p: (Int, Int, Int)) -> String {
        "resource_spans[\(p.0)].scope_spans[\(p.1)].spans[\(p.2)]"
    }

    /// A span's trace or span id, or nil with a warning naming the span by its path.
    @inline(__always)
    mutating func idOrWarn<ID: Equatable>(
        _ r: Range<Int>?, _ parse: (UnsafePointer<UInt8>, Range<Int>) -> ID?, _ field: String, _ want: Int,
        _ span: Range<Int>, _ path: (Int, Int, Int)
    ) -> ID? {
        if let r, let id = parse(base, r) {
            if !r.allSatisfy({ base[$0] == 0 }) { return id }
            problems.note("byte \(r.lowerBound): \(spanPath(path)).\(field): all zeros; span skipped")
            return nil
        }
        if let r, !r.isEmpty {
            problems.note("byte \(r.lowerBound): \(spanPath(path)).\(field): length \(r.count), want \(want); span skipped")
        } else {
            problems.note("byte \(span.lowerBound): \(spanPath(path)): no \(field); span skipped")
        }
        return nil
    }
}
