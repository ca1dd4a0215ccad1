#if canImport(Glibc)
import Glibc
#endif
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
        try decode(&s, bytes: bytes, into: &set, warnings: &warnings, resources: ResourceCache())
    }

    /// `resources` carries resource de-duplication from one value of a file to the next (every
    /// JSON line of a Collector file repeats its resource).
    public static func decode(
        _ s: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String],
        resources: ResourceCache
    ) throws(JSONError) {
        var state = OTLPState(sourceIndex: UInt32(set.detailSources.count), bytes: bytes, resources: resources)
        let t0 = Timing.now()
        do throws(JSONError) {
            try state.document(&s, &set, depth: 0)
        } catch {
            state.pipeline.finish()
            throw error
        }
        Timing.report("otlp structural pass", since: t0)
        let t1 = Timing.now()
        state.pipeline.finish()
        try state.pipeline.merge(groups: state.groups, into: &set, problems: &state.problems)
        Timing.report("otlp span decoding after the pass", since: t1)
        set.detailSources.append(OTLPDetailSource(bytes: bytes, scopes: state.scopes))
        warnings.append(contentsOf: state.notes + state.problems.lines())
    }
}

/// Resources already stored for a file, keyed by an FNV-1a hash of their JSON bytes; each entry
/// keeps its byte range, compared in full before it is reused. One per input, used by one thread.
public final class ResourceCache: @unchecked Sendable {
    var entries: [UInt64: [(start: Int, count: Int, id: ResourceID)]] = [:]
    public init() {}
}

/// Where the spans of one ScopeSpans begin, so details can name their instrumentation scope.
struct ScopeRange: Sendable {
    var firstOffset: Int
    var name: String
    var version: String
    var attributes: [Attribute] = []
}

struct OTLPState {
    let sourceIndex: UInt32
    var scopes: [ScopeRange] = []
    var problems = ProblemCounter()
    /// Warnings about the document as a whole (a partial trace), before the counted problems.
    var notes: [String] = []
    /// Receives the byte ranges of span objects found by the structural pass and decodes them.
    let pipeline: SpanPipeline
    /// Resource of each ResourceSpans, by ordinal (known only once its object is read).
    var groups: [ResourceID] = []
    /// Identical resource objects (every JSON line repeats its resource) share one entry.
    /// Identical resource objects share one entry, across all values of the file.
    let resourceCache: ResourceCache

    init(sourceIndex: UInt32, bytes: FileBytes, resources: ResourceCache = ResourceCache()) {
        self.sourceIndex = sourceIndex
        resourceCache = resources
        pipeline = SpanPipeline(bytes: bytes, sourceIndex: sourceIndex)
    }

    /// How deep requests may sit in arrays and `result` / `trace` wrappers. The limit is checked
    /// before recursing: a file of 80,000 `[` must be an error, not a stack overflow.
    static let maxRequestNesting = 4

    mutating func document(_ s: inout JSONScanner, _ set: inout TraceSet, depth: Int) throws(JSONError) {
        if s.peek() == 0x5B {
            // An array of requests (jaeger-ui accepts this shape too).
            guard depth < Self.maxRequestNesting else {
                throw s.error("arrays nested more than \(Self.maxRequestNesting) deep where an OTLP request is expected")
            }
            try s.beginArray()
            var first = true
            while try s.nextElement(first: &first) { try document(&s, &set, depth: depth + 1) }
            return
        }
        guard depth < Self.maxRequestNesting else { try s.skipValue(); return }
        try s.beginObject()
        var first = true
        // Tempo v2 wraps the trace with `status` and `message` (a partial trace says so there):
        // read here, in the one pass over the body, not by a pass of their own.
        var wrapsTrace = false
        var status: String?
        var message: String?
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "status"), s.nextKind() == .string {
                status = try s.readText()
                continue
            }
            if s.key(k, is: "message"), s.nextKind() == .string {
                message = try s.readText()
                continue
            }
            if s.key(k, is: "trace") { wrapsTrace = true }
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
        if wrapsTrace, status == "PARTIAL" {
            notes.append("partial trace: " + (message.map { oneLine($0) } ?? "Tempo returned part of it"))
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
        let count = probe.pos - start
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<probe.pos { hash = (hash ^ UInt64(s.base[i])) &* 0x100_0000_01b3 }
        for seen in resourceCache.entries[hash] ?? [] where seen.count == count
            && memcmp(s.base + seen.start, s.base + start, count) == 0 {
            s = probe
            return seen.id
        }
        let (attributes, _, _) = try OTLPValues.attributesObject(&s)
        let service = set.strings.intern(OTLPValues.serviceName(attributes) ?? unknownService)
        let id = set.addResource(Resource(service: service, host: OTLPValues.hostKey(attributes), attributes: attributes))
        resourceCache.entries[hash, default: []].append((start, count, id))
        return id
    }

    var unknownService: String { "unknown_service" }

    mutating func resourceSpans(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        let group = groups.count
        groups.append(.none)
        let firstSlot = pipeline.slotCount
        var rid: ResourceID? = nil
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "resource") {
                rid = try resource(&s, &set)
            } else if s.key(k, is: "scopespans") || s.key(k, is: "instrumentationlibraryspans")
                        || s.key(k, is: "deprecatedscopespans") {
                try array(&s) { (s: inout JSONScanner) throws(JSONError) in try scopeSpans(&s, group: UInt32(group)) }
            } else {
                try s.skipValue()
            }
        }
        // The resource may come after the spans in the object, so spans refer to the group.
        if let rid {
            groups[group] = rid
        } else {
            groups[group] = set.addResource(Resource(service: set.strings.intern(unknownService)))
        }
        let service = set.resources[Int(groups[group].raw)].service
        if set.strings[service] == unknownService, firstSlot < pipeline.slotCount {
            problems.note("resource without service.name; its spans are shown as \(unknownService)")
        }
    }

    mutating func scopeSpans(_ s: inout JSONScanner, group: UInt32) throws(JSONError) {
        var firstOffset: Int? = nil
        var name = ""
        var version = ""
        var attributes: [Attribute] = []
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "spans") {
                if s.consumeNull() { continue }
                try s.beginArray()
                var f = true
                while try s.nextElement(first: &f) {
                    if s.consumeNull() { continue }
                    guard s.peek() == 0x7B else { throw s.unexpected(expected: "'{'") }
                    let start = s.pos
                    let shape = try s.scanSpanObject()
                    if firstOffset == nil { firstOffset = start }
                    pipeline.add(SpanSlot(offset: start, length: UInt32(clamping: s.pos - start), group: group, shape: shape))
                }
            } else if s.key(k, is: "scope") || s.key(k, is: "instrumentationlibrary") {
                let scope = try OTLPValues.attributesObject(&s)
                name = scope.name
                version = scope.version
                attributes = scope.attributes
            } else {
                try s.skipValue()
            }
        }
        if let firstOffset, !name.isEmpty || !version.isEmpty || !attributes.isEmpty {
            scopes.append(ScopeRange(firstOffset: firstOffset, name: name, version: version, attributes: attributes))
        } else if let firstOffset, !scopes.isEmpty {
            // Mark the end of the previous scope so these spans do not inherit its name.
            scopes.append(ScopeRange(firstOffset: firstOffset, name: "", version: ""))
        }
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
