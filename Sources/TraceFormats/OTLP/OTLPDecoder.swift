import TraceModel

/// OTLP/JSON traces and logs: `resourceSpans` (also `batches`, `resource_spans`), wrapped in
/// `{"result": …}` (Jaeger api_v3) or `{"trace": …}` (Tempo), `scopeSpans` or the pre-0.19
/// `instrumentationLibrarySpans`, hex or base64 ids, enums as numbers or names, 64-bit numbers
/// as strings or numbers. `resourceLogs` records are kept; `resourceMetrics` are skipped.
///
/// The span path reads only what the tree needs; attributes, events and links stay in the
/// file and `OTLPDetailSource` decodes them when a view asks.
public enum OTLPDecoder {
    public static func decode(
        _ s: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        var state = OTLPState(sourceIndex: UInt32(set.detailSources.count))
        try state.document(&s, &set, depth: 0)
        set.detailSources.append(OTLPDetailSource(bytes: bytes, scopes: state.scopes))
        warnings.append(contentsOf: state.problems.lines())
    }
}

/// Where the spans of one ScopeSpans begin, so details can name their instrumentation scope.
struct ScopeRange: Sendable {
    var firstOffset: Int
    var name: String
    var version: String
}

struct OTLPState {
    let sourceIndex: UInt32
    var scopes: [ScopeRange] = []
    var problems = ProblemCounter()
    /// Identical resource objects (every JSON line repeats its resource) share one entry.
    var resourceByBytes: [ArraySlice<UInt8>: ResourceID] = [:]

    init(sourceIndex: UInt32) { self.sourceIndex = sourceIndex }

    mutating func document(_ s: inout JSONScanner, _ set: inout TraceSet, depth: Int) throws(JSONError) {
        if s.peek() == 0x5B {
            // An array of requests (jaeger-ui accepts this shape too).
            try s.beginArray()
            var first = true
            while try s.nextElement(first: &first) { try document(&s, &set, depth: depth + 1) }
            return
        }
        guard depth < 4 else { try s.skipValue(); return }
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "resourcespans") || s.key(k, is: "batches") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in try resourceSpans(&s, &set) }
            } else if s.key(k, is: "resourcelogs") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in try resourceLogs(&s, &set) }
            } else if s.key(k, is: "result") || s.key(k, is: "trace") {
                try document(&s, &set, depth: depth + 1)
            } else {
                try s.skipValue()
            }
        }
    }

    @inline(__always)
    func array(_ s: inout JSONScanner, _ body: (inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) {
        if s.consumeNull() { return }
        try s.beginArray()
        var first = true
        while try s.nextElement(first: &first) {
            if s.consumeNull() { continue }
            try body(&s)
        }
    }

    // MARK: Resources

    mutating func resource(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) -> ResourceID {
        let start = s.pos
        var probe = s
        try probe.skipValue()
        let key = ArraySlice(UnsafeBufferPointer(start: s.base + start, count: probe.pos - start))
        if let id = resourceByBytes[key] {
            s = probe
            return id
        }
        let (attributes, _, _) = try OTLPValues.attributesObject(&s)
        let service = set.strings.intern(OTLPValues.serviceName(attributes) ?? unknownService)
        let id = set.addResource(Resource(service: service, host: OTLPValues.hostKey(attributes), attributes: attributes))
        resourceByBytes[key] = id
        return id
    }

    var unknownService: String { "unknown_service" }

    mutating func resourceSpans(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        let firstSpan = set.spans.count
        var rid: ResourceID? = nil
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "resource") {
                rid = try resource(&s, &set)
            } else if s.key(k, is: "scopespans") || s.key(k, is: "instrumentationlibraryspans")
                        || s.key(k, is: "deprecatedscopespans") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in try scopeSpans(&s, &set) }
            } else {
                try s.skipValue()
            }
        }
        // The resource may come after the spans in the object, so stamp the spans afterwards.
        let id: ResourceID
        if let rid { id = rid } else {
            id = set.addResource(Resource(service: set.strings.intern(unknownService)))
        }
        let service = set.resources[Int(id.raw)].service
        if service == set.strings.intern(unknownService), firstSpan < set.spans.count {
            problems.note("resource without service.name; its spans are shown as \(unknownService)")
        }
        for i in firstSpan..<set.spans.count {
            set.spans[i].resource = id
            set.spans[i].service = service
        }
    }

    mutating func scopeSpans(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        let firstSpan = set.spans.count
        var name = ""
        var version = ""
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "spans") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in try span(&s, &set) }
            } else if s.key(k, is: "scope") || s.key(k, is: "instrumentationlibrary") {
                let scope = try OTLPValues.attributesObject(&s)
                name = scope.name
                version = scope.version
            } else {
                try s.skipValue()
            }
        }
        if (!name.isEmpty || !version.isEmpty), firstSpan < set.spans.count {
            scopes.append(ScopeRange(firstOffset: set.spans[firstSpan].detail.offset, name: name, version: version))
        } else if firstSpan < set.spans.count, !scopes.isEmpty {
            // Mark the end of the previous scope so these spans do not inherit its name.
            scopes.append(ScopeRange(firstOffset: set.spans[firstSpan].detail.offset, name: "", version: ""))
        }
    }

    // MARK: Spans (hot path)

    mutating func span(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        s.skipWhitespace()
        let start = s.pos
        var traceID: TraceID? = nil
        var spanID: SpanID? = nil
        var parentID = SpanID.zero
        var badParent: String? = nil
        var name = StringID.empty
        var kind = SpanKind.unspecified
        var status = SpanStatus.unset
        var startNs: Int64 = 0
        var endNs: Int64 = 0
        var hasStart = false
        var hasEnd = false
        var events: UInt32 = 0
        var links: UInt32 = 0
        var badID: String? = nil

        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "attributes") {
                try s.skipValue()
            } else if s.key(k, is: "traceid") {
                let v = try s.readString()
                traceID = s.withBytes(v) { IDBytes.parseOTLPTraceID($0) }
                if traceID == nil || traceID == .zero { badID = "traceId \(quoted(s, v)) is not a valid trace id"; traceID = nil }
            } else if s.key(k, is: "spanid") {
                let v = try s.readString()
                spanID = s.withBytes(v) { IDBytes.parseOTLPSpanID($0) }
                if spanID == nil || spanID == .zero { badID = "spanId \(quoted(s, v)) is not a valid span id"; spanID = nil }
            } else if s.key(k, is: "parentspanid") {
                let v = try s.readString()
                if let p = s.withBytes(v, { IDBytes.parseOTLPSpanID($0) }) { parentID = p } else { badParent = quoted(s, v) }
            } else if s.key(k, is: "name") {
                let v = try s.readString()
                name = s.withBytes(v) { set.strings.intern(bytes: $0) }
            } else if s.key(k, is: "starttimeunixnano") {
                startNs = try s.readInt64()
                hasStart = startNs != 0
            } else if s.key(k, is: "endtimeunixnano") {
                endNs = try s.readInt64()
                hasEnd = endNs != 0
            } else if s.key(k, is: "kind") {
                kind = try Self.kind(&s)
            } else if s.key(k, is: "status") {
                status = try Self.status(&s)
            } else if s.key(k, is: "events") {
                events = try Self.count(&s)
            } else if s.key(k, is: "links") {
                links = try Self.count(&s)
            } else {
                try s.skipValue()
            }
        }
        guard let traceID, let spanID else {
            problems.note("span at byte \(start): \(badID ?? "missing traceId or spanId"); span skipped")
            return
        }
        var flags: SpanFlags = []
        if let badParent {
            flags.insert(.invalidParent)
            problems.note("span \(spanID.hex): parentSpanId \(badParent) is not a valid span id; treated as a root")
        }
        var duration: Int64 = 0
        if !hasStart { flags.insert(.missingStart); problems.count("spans have no startTimeUnixNano") }
        if !hasEnd { flags.insert(.missingDuration); problems.count("spans have no endTimeUnixNano") }
        if hasStart && hasEnd {
            if endNs >= startNs { duration = endNs - startNs } else {
                flags.insert(.endBeforeStart)
                problems.count("spans end before they start (duration set to 0)")
            }
        }
        set.spans.append(Span(
            traceID: traceID, spanID: spanID, parentID: parentID, start: startNs, duration: duration,
            name: name, service: .empty, kind: kind, status: status, flags: flags,
            eventCount: events, linkCount: links,
            detail: DetailRef(source: sourceIndex, offset: start, length: UInt32(clamping: s.pos - start))))
    }

    func quoted(_ s: JSONScanner, _ v: JSONString) -> String {
        "\"" + String(s.text(v).prefix(40)) + "\""
    }

    static func kind(_ s: inout JSONScanner) throws(JSONError) -> SpanKind {
        if s.nextKind() == .string {
            let v = try s.readString()
            for k in SpanKind.allCases where s.key(v, is: Self.kindNames[Int(k.rawValue)]) { return k }
            return .unspecified
        }
        let n = try s.readInt64()
        return SpanKind(rawValue: UInt8(clamping: max(0, n))) ?? .unspecified
    }

    static let kindNames: [StaticString] = [
        "spankindunspecified", "spankindinternal", "spankindserver", "spankindclient", "spankindproducer",
        "spankindconsumer",
    ]

    static func status(_ s: inout JSONScanner) throws(JSONError) -> SpanStatus {
        var status = SpanStatus.unset
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "code"), !s.consumeNull() {
                if s.nextKind() == .string {
                    let v = try s.readString()
                    if s.key(v, is: "statuscodeerror") || s.string(v, equals: "2") { status = .error }
                    else if s.key(v, is: "statuscodeok") || s.string(v, equals: "1") { status = .ok }
                } else {
                    let n = try s.readInt64()
                    status = n == 2 ? .error : n == 1 ? .ok : .unset
                }
            } else {
                try s.skipValue()
            }
        }
        return status
    }

    /// Counts array elements without decoding them.
    static func count(_ s: inout JSONScanner) throws(JSONError) -> UInt32 {
        var n: UInt32 = 0
        try s.beginArray()
        var first = true
        while try s.nextElement(first: &first) {
            try s.skipValue()
            n &+= 1
        }
        return n
    }

    // MARK: Logs

    mutating func resourceLogs(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        let firstLog = set.logs.count
        var rid: ResourceID? = nil
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "resource") {
                rid = try resource(&s, &set)
            } else if s.key(k, is: "scopelogs") || s.key(k, is: "instrumentationlibrarylogs") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in
                    try s.beginObject()
                    var f = true
                    while let k2 = try s.nextKey(first: &f) {
                        if s.key(k2, is: "logrecords") || s.key(k2, is: "logs") {
                            try array(&s) { (s: inout JSONScanner) throws(JSONError) in
                                set.logs.append(try Self.logRecord(&s))
                            }
                        } else {
                            try s.skipValue()
                        }
                    }
                }
            } else {
                try s.skipValue()
            }
        }
        if let rid {
            for i in firstLog..<set.logs.count { set.logs[i].resource = rid }
        }
    }

    static func logRecord(_ s: inout JSONScanner) throws(JSONError) -> LogRecord {
        var r = LogRecord(time: 0)
        var observed: Int64 = 0
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "timeunixnano") { r.time = try s.readInt64() }
            else if s.key(k, is: "observedtimeunixnano") { observed = try s.readInt64() }
            else if s.key(k, is: "severitynumber") {
                if s.nextKind() == .string { _ = try s.readString() } else {
                    r.severityNumber = UInt8(clamping: max(0, try s.readInt64()))
                }
            } else if s.key(k, is: "severitytext") { r.severityText = try s.readText() }
            else if s.key(k, is: "body") { r.body = try OTLPValues.anyValue(&s, depth: 1) }
            else if s.key(k, is: "attributes") { r.attributes = try OTLPValues.keyValues(&s) }
            else if s.key(k, is: "traceid") {
                let v = try s.readString()
                r.traceID = s.withBytes(v) { IDBytes.parseOTLPTraceID($0) } ?? .zero
            } else if s.key(k, is: "spanid") {
                let v = try s.readString()
                r.spanID = s.withBytes(v) { IDBytes.parseOTLPSpanID($0) } ?? .zero
            } else if s.key(k, is: "eventname") { r.eventName = try s.readText() }
            else { try s.skipValue() }
        }
        if r.time == 0 { r.time = observed }
        return r
    }
}
