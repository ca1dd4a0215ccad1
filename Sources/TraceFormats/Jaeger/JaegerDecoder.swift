import TraceModel

/// Jaeger JSON: the query/UI JSON (the HTTP envelope `{"data":[trace…],"errors"…}`, the UI-state
/// `{"data":{trace}}`, a bare array of traces, a bare trace, a single span with an embedded
/// `process`) and the api_v2 protobuf-JSON domain model (`{"spans":[…]}` with base64 ids, RFC 3339
/// times and `"5000ns"` durations).
///
/// Only what the tree needs is read eagerly (ids, references, times, name, process, and the
/// four tags that decide kind and status); tags, logs and links are decoded on demand by
/// `JaegerDetailSource` from the span object's byte range.
public enum JaegerDecoder {
    /// Decodes one whole Jaeger document starting at the scanner's position.
    public static func decode(
        _ scanner: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        let source = set.addDetailSource(JaegerDetailSource(bytes: bytes))
        var decoder = JaegerDocumentDecoder(source: source, base: set.spans.count)
        try decoder.decodeDocument(&scanner, &set)
        warnings.append(contentsOf: decoder.messages)
        decoder.tally.emit(into: &warnings)
    }
}

/// Repeated per-span problems, counted and reported once per kind.
struct JaegerWarningTally {
    private var order: [String] = []
    private var entries: [String: (count: Int, first: String)] = [:]

    /// `kind` is the plural summary ("spans have no traceID and were skipped"); `example` names
    /// one span and is reported verbatim when it is the only one.
    mutating func add(_ kind: String, _ example: @autoclosure () -> String) {
        if let e = entries[kind] {
            entries[kind] = (e.count + 1, e.first)
        } else {
            order.append(kind)
            entries[kind] = (1, example())
        }
    }

    func emit(into warnings: inout [String]) {
        for k in order {
            guard let e = entries[k] else { continue }
            warnings.append(e.count == 1 ? e.first : "\(e.count) \(k) (first: \(e.first))")
        }
    }
}

/// A decoded process: the interned service and the resource holding its tags and host.
struct JaegerProcess {
    var service: StringID
    var resource: ResourceID
}

/// What must be resolved after the enclosing trace object is read (its `processes` and
/// `traceID` may come after its `spans`).
struct JaegerPendingSpan {
    var index: Int
    var offset: Int
    var processKey: String?
    var embedded: JaegerProcess?
    var hasTraceID: Bool
    var refStart: Int
    var refCount: Int
    var parentField: SpanID
    var embeddedStrings: Bool
}

/// The state of one trace-like object (a trace, an api_v2 batch, or a lone span).
struct JaegerTraceContext {
    var traceID: TraceID = .zero
    var processes: [String: JaegerProcess] = [:]
    var batchProcess: JaegerProcess?
    var pendingStart: Int
    var refsStart: Int
    var traceWarnings: [String] = []
}

struct JaegerDocumentDecoder {
    let source: UInt32
    /// Index of the first span this document added.
    let base: Int
    var tally = JaegerWarningTally()
    /// Non-repeating messages (envelope errors, trace warnings), in document order.
    var messages: [String] = []
    private var seenMessages: Set<String> = []
    private var resourceIndex: [String: JaegerProcess] = [:]
    private var unknownProcess: JaegerProcess?
    private var pending: [JaegerPendingSpan] = []
    private var refs: [JaegerRef] = []
    private var removed: [Int] = []

    init(source: UInt32, base: Int) {
        self.source = source
        self.base = base
    }

    mutating func decodeDocument(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        switch s.nextKind() {
        case .array:
            try decodeTraceArray(&s, &set)
        case .object:
            let start = s.pos
            if try !decodeObject(&s, &set, allowEnvelope: true) {
                throw s.error("not a Jaeger JSON document: no \"data\", \"spans\" or span fields found", at: start)
            }
        default:
            throw s.error("expected a Jaeger JSON object or array")
        }
        compactRemoved(&set)
    }

    private mutating func note(_ message: String) {
        if seenMessages.insert(message).inserted { messages.append(message) }
    }

    /// `[trace, …]` (also `[span, …]`): each element is an object decoded on its own.
    private mutating func decodeTraceArray(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        try s.beginArray()
        var f = true
        while try s.nextElement(first: &f) {
            if s.consumeNull() { continue }
            guard s.peek() == 0x7B else { throw s.error("expected a Jaeger trace object in the array") }
            let start = s.pos
            if try !decodeObject(&s, &set, allowEnvelope: false) {
                tally.add("array elements are neither traces nor spans and were ignored",
                          "element at byte \(start) is neither a trace nor a span; ignored")
            }
        }
    }

    /// Key names that only a span object has (a trace object has `traceID`, `startTime`,
    /// `duration` too in jaeger-ui's UI state, so those do not decide).
    private static func isSpanKey(_ k: JSONString, _ s: JSONScanner) -> Bool {
        s.key(k, is: "spanid") || s.key(k, is: "operationname") || s.key(k, is: "references")
            || s.key(k, is: "tags") || s.key(k, is: "logs") || s.key(k, is: "processid")
            || s.key(k, is: "parentspanid")
    }

    /// An envelope, a trace, an api_v2 batch/trace, or a single span. Returns false when the
    /// object had nothing Jaeger-like in it.
    private mutating func decodeObject(
        _ s: inout JSONScanner, _ set: inout TraceSet, allowEnvelope: Bool
    ) throws(JSONError) -> Bool {
        let start = s.pos
        var ctx = JaegerTraceContext(pendingStart: pending.count, refsStart: refs.count)
        var recognized = false
        var isTrace = false
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "data") && allowEnvelope && !isTrace {
                recognized = true
                switch s.nextKind() {
                case .array: try decodeTraceArray(&s, &set)
                case .object:
                    let at = s.pos
                    if try !decodeObject(&s, &set, allowEnvelope: false) {
                        note("\"data\" object at byte \(at) holds no trace")
                    }
                default: try s.skipValue()
                }
            } else if s.key(k, is: "errors") && allowEnvelope {
                try readEnvelopeErrors(&s)
            } else if s.key(k, is: "spans") {
                recognized = true
                isTrace = true
                try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
                    try decodeSpan(&s, &set, &ctx, embeddedStrings: false)
                }
            } else if s.key(k, is: "processes") {
                isTrace = true
                try readProcessMap(&s, &set, &ctx)
            } else if s.key(k, is: "processmap") {
                isTrace = true
                try readProcessList(&s, &set, &ctx)
            } else if s.key(k, is: "process") {
                ctx.batchProcess = try readProcess(&s, &set, hexBinary: false)
            } else if s.key(k, is: "traceid") {
                ctx.traceID = (try JaegerIDs.readTraceID(&s, base64Style: s.string(k, equals: "traceId"))) ?? .zero
            } else if s.key(k, is: "warnings") {
                try readStrings(&s, into: &ctx.traceWarnings)
            } else if s.key(k, is: "summaries") {
                recognized = true
                let n = try countArray(&s)
                note("api_v3 trace summaries (\(n)) carry no spans; nothing to show")
            } else if !isTrace && !recognized && Self.isSpanKey(k, s) {
                // A lone span (the embedded-process variant): start over and read it as one.
                s.pos = start
                var spanCtx = JaegerTraceContext(pendingStart: pending.count, refsStart: refs.count)
                try decodeSpan(&s, &set, &spanCtx, embeddedStrings: true)
                finishTrace(&spanCtx, &set)
                return true
            } else {
                try s.skipValue()
            }
        }
        if isTrace { finishTrace(&ctx, &set) }
        return recognized || isTrace
    }

    // MARK: - Spans

    /// Reads one span object and appends it; process, parent and missing trace id are resolved
    /// in `finishTrace`. `embeddedStrings`: a lone span object, Jaeger's `FromDomainEmbedProcess`
    /// form (binary values are hex) — confirmed only when it has `process` and no `processID`.
    private mutating func decodeSpan(
        _ s: inout JSONScanner, _ set: inout TraceSet, _ ctx: inout JaegerTraceContext, embeddedStrings: Bool
    ) throws(JSONError) {
        if s.consumeNull() { return }
        let start = s.pos
        guard s.peek() == 0x7B else { throw s.error("expected a span object") }
        try s.beginObject()
        var first = true
        var traceID: TraceID?
        var traceIDProblem: String?
        var spanID: SpanID?
        var spanIDProblem = "no spanID"
        var parentField = SpanID.zero
        var name = StringID.empty
        var startNs: Int64?
        var sawStart = false
        var durationNs: Int64?
        var sawDuration = false
        var eventCount = 0
        var processKey: String?
        var embedded: JaegerProcess?
        var flags: SpanFlags = []
        var tags = JaegerTagFacts()
        let refStart = refs.count

        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "spanid") {
                let b64 = s.string(k, equals: "spanId")
                if let r = try JaegerIDs.readOwnID(&s, "spanID", base64Style: b64, parse: JaegerIDs.parseSpan, zero: .zero) {
                    if let problem = r.problem { spanIDProblem = problem } else { spanID = r.id }
                } else {
                    spanIDProblem = "spanID is not a string"
                }
            } else if s.key(k, is: "traceid") {
                // Unlike spanID, a traceID that is not a string is ignored (the trace's id is used).
                let b64 = s.string(k, equals: "traceId")
                if let r = try JaegerIDs.readOwnID(&s, "traceID", base64Style: b64, parse: JaegerIDs.parseTrace, zero: .zero) {
                    if let problem = r.problem { traceIDProblem = problem } else { traceID = r.id }
                }
            } else if s.key(k, is: "parentspanid") {
                if s.peek() == 0x22 {
                    let t = try s.readString()
                    let id = s.withBytes(t) { b -> SpanID? in
                        b.isEmpty ? .zero : JaegerIDs.parseSpan(b, base64Style: false)
                    }
                    if let id { parentField = id } else {
                        flags.insert(.invalidParent)
                        tally.add("spans have a parentSpanID that is not an id; treated as roots",
                                  "span at byte \(start): parentSpanID \(JaegerIDs.quoted(s, t)) is not a valid id; treated as a root")
                    }
                } else {
                    try s.skipValue()
                }
            } else if s.key(k, is: "operationname") {
                if s.peek() == 0x22 {
                    let t = try s.readString()
                    name = Self.intern(s, t, &set)
                } else {
                    try s.skipValue()
                }
            } else if s.key(k, is: "references") {
                try readReferences(&s)
            } else if s.key(k, is: "starttime") {
                sawStart = true
                startNs = try JaegerTimes.readTime(&s)
            } else if s.key(k, is: "duration") {
                sawDuration = true
                durationNs = try JaegerTimes.readDuration(&s)
            } else if s.key(k, is: "tags") {
                try tags.scan(&s)
            } else if s.key(k, is: "logs") {
                eventCount = try countArray(&s)
            } else if s.key(k, is: "processid") {
                if s.peek() == 0x22 { processKey = try s.readText() } else { try s.skipValue() }
            } else if s.key(k, is: "process") {
                embedded = try readProcess(&s, &set, hexBinary: embeddedStrings)
            } else {
                try s.skipValue()
            }
        }
        let end = s.pos

        guard let spanID else {
            refs.removeSubrange(refStart...)
            tally.add("spans have a missing or invalid spanID and were skipped",
                      "span at byte \(start): \(spanIDProblem); skipped")
            return
        }
        if let traceIDProblem {
            refs.removeSubrange(refStart...)
            tally.add("spans have an invalid traceID and were skipped",
                      "span at byte \(start): \(traceIDProblem); skipped")
            return
        }

        var startValue: Int64 = 0
        if let ns = startNs, ns > 0 {
            startValue = ns
        } else {
            flags.insert(.missingStart)
            if !sawStart {
                tally.add("spans have no startTime", "span at byte \(start): no startTime")
            } else if startNs == nil {
                tally.add("spans have an unreadable startTime", "span at byte \(start): startTime is not a time")
            } else {
                tally.add("spans have a startTime ≤ 0", "span at byte \(start): startTime ≤ 0")
            }
        }
        var durationValue: Int64 = 0
        if let d = durationNs {
            if d >= 0 {
                durationValue = d
            } else {
                flags.insert(.endBeforeStart)
                tally.add("spans have a negative duration (stored as 0)",
                          "span at byte \(start): duration is negative; stored as 0")
            }
        } else {
            flags.insert(.missingDuration)
            if sawDuration {
                tally.add("spans have an unreadable duration", "span at byte \(start): duration is not a duration")
            } else {
                tally.add("spans have no duration", "span at byte \(start): no duration")
            }
        }

        let span = Span(
            traceID: traceID ?? .zero, spanID: spanID, start: startValue, duration: durationValue,
            name: name, service: .empty, kind: tags.kind, status: tags.status, flags: flags,
            eventCount: UInt32(clamping: eventCount), linkCount: 0,
            detail: DetailRef(source: source, offset: start, length: UInt32(clamping: end - start)))
        pending.append(JaegerPendingSpan(
            index: set.spans.count, offset: start, processKey: processKey, embedded: embedded,
            hasTraceID: traceID != nil, refStart: refStart, refCount: refs.count - refStart,
            parentField: parentField, embeddedStrings: embeddedStrings && embedded != nil && processKey == nil))
        set.spans.append(span)
    }

    private mutating func readReferences(_ s: inout JSONScanner) throws(JSONError) {
        try JaegerRef.readList(&s, into: &refs)
    }

    /// jaeger-idl `Span.ParentSpanID()`: the first CHILD_OF with the same trace id, else the first
    /// FOLLOWS_FROM with the same trace id. A reference without a trace id counts as the same trace.
    static func chooseParent(_ refs: ArraySlice<JaegerRef>, traceID: TraceID) -> (index: Int?, followsFrom: Bool) {
        for type: UInt8 in [0, 1] {
            for (i, r) in refs.enumerated() where r.valid && r.type == type && (!r.hasTraceID || r.traceID == traceID) {
                return (i, type == 1)
            }
        }
        return (nil, false)
    }

    /// Resolves trace ids, parents, links and processes of the spans read in this trace object.
    private mutating func finishTrace(_ ctx: inout JaegerTraceContext, _ set: inout TraceSet) {
        for p in pending[ctx.pendingStart...] {
            var span = set.spans[p.index]
            if !p.hasTraceID {
                if !ctx.traceID.isZero {
                    span.traceID = ctx.traceID
                } else {
                    removed.append(p.index)
                    tally.add("spans have no traceID and were skipped",
                              "span at byte \(p.offset): no traceID; skipped")
                    continue
                }
            }
            let spanRefs = refs[p.refStart..<(p.refStart + p.refCount)]
            let valid = spanRefs.reduce(0) { $0 + ($1.valid ? 1 : 0) }
            var (parentIndex, followsFrom) = Self.chooseParent(spanRefs, traceID: span.traceID)
            if let i = parentIndex, spanRefs[p.refStart + i].spanID == span.spanID {
                span.flags.insert(.invalidParent)
                tally.add("spans reference themselves as parent; treated as roots",
                          "span at byte \(p.offset): references itself as parent; treated as a root")
                parentIndex = nil
                followsFrom = false
            }
            if let i = parentIndex {
                span.parentID = spanRefs[p.refStart + i].spanID
                if followsFrom { span.flags.insert(.followsFromParent) }
                span.linkCount = UInt32(valid - 1)
            } else {
                span.linkCount = UInt32(valid)
                if !p.parentField.isZero {
                    if p.parentField == span.spanID {
                        span.flags.insert(.invalidParent)
                        tally.add("spans reference themselves as parent; treated as roots",
                                  "span at byte \(p.offset): parentSpanID is its own id; treated as a root")
                    } else {
                        span.parentID = p.parentField
                    }
                }
            }
            span.detail.variant = JaegerDetailSource.variant(embeddedStrings: p.embeddedStrings, parentRefIndex: parentIndex)

            var process: JaegerProcess?
            if let key = p.processKey {
                process = ctx.processes[key] ?? p.embedded ?? ctx.batchProcess
                if process == nil {
                    tally.add("spans reference a missing process; service set to unknown-service",
                              "span at byte \(p.offset): processID \"\(key)\" is not in processes; service set to unknown-service")
                }
            } else {
                process = p.embedded ?? ctx.batchProcess
                if process == nil {
                    tally.add("spans have no process; service set to unknown-service",
                              "span at byte \(p.offset): no process; service set to unknown-service")
                }
            }
            let resolved = process ?? unknown(&set)
            span.service = resolved.service
            span.resource = resolved.resource
            set.spans[p.index] = span
        }
        if !ctx.traceWarnings.isEmpty {
            let label = ctx.traceID.isZero ? "trace" : "trace \(ctx.traceID.hex)"
            for w in ctx.traceWarnings { note("\(label): \(w)") }
        }
        pending.removeSubrange(ctx.pendingStart...)
        refs.removeSubrange(ctx.refsStart...)
    }

    private mutating func unknown(_ set: inout TraceSet) -> JaegerProcess {
        if let u = unknownProcess { return u }
        let service = set.strings.intern("unknown-service")
        let u = JaegerProcess(service: service, resource: set.addResource(Resource(service: service)))
        unknownProcess = u
        return u
    }

    private mutating func compactRemoved(_ set: inout TraceSet) {
        guard !removed.isEmpty else { return }
        let drop = Set(removed)
        var kept: [Span] = []
        kept.reserveCapacity(set.spans.count - base - drop.count)
        for i in base..<set.spans.count where !drop.contains(i) { kept.append(set.spans[i]) }
        set.spans.replaceSubrange(base..., with: kept)
        removed.removeAll()
    }

    // MARK: - Processes

    /// `{serviceName, tags}` → an interned service and a resource (deduplicated by content).
    private mutating func readProcess(
        _ s: inout JSONScanner, _ set: inout TraceSet, hexBinary: Bool
    ) throws(JSONError) -> JaegerProcess? {
        guard s.peek() == 0x7B else {
            try s.skipValue()
            return nil
        }
        var service = ""
        var attributes: [Attribute] = []
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "servicename") {
                if s.peek() == 0x22 { service = try s.readText() } else { try s.skipValue() }
            } else if s.key(k, is: "tags") {
                try JaegerDetailSource.readAttributes(&s, hexBinary: hexBinary, into: &attributes)
            } else {
                try s.skipValue()
            }
        }
        if service.isEmpty {
            tally.add("processes have no serviceName (shown as unknown-service)",
                      "a process has no serviceName; shown as unknown-service")
            service = "unknown-service"
        }
        var fingerprint = service
        for a in attributes {
            fingerprint += "\u{0}" + a.key + "\u{1}" + a.value.text
        }
        if let known = resourceIndex[fingerprint] { return known }
        let host = Self.host(of: attributes)
        let id = set.strings.intern(service)
        let p = JaegerProcess(service: id, resource: set.addResource(Resource(service: id, host: host, attributes: attributes)))
        resourceIndex[fingerprint] = p
        return p
    }

    /// Host key for clock-skew detection: `hostname`/`host.name`, else `ip`/`host.ip`.
    static func host(of attributes: [Attribute]) -> String {
        for key in ["hostname", "host.name", "ip", "host.ip"] {
            guard let a = attributes.first(where: { $0.key == key }) else { continue }
            switch a.value {
            case .int(let v) where key.hasSuffix("ip"): return JaegerText.ipv4(v)
            case .empty: continue
            default:
                let t = a.value.text
                if !t.isEmpty { return t }
            }
        }
        return ""
    }

    /// UI JSON `"processes": {"p1": {…}, …}`.
    private mutating func readProcessMap(
        _ s: inout JSONScanner, _ set: inout TraceSet, _ ctx: inout JaegerTraceContext
    ) throws(JSONError) {
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            let key = s.text(k)
            if let p = try readProcess(&s, &set, hexBinary: false) { ctx.processes[key] = p }
        }
    }

    /// api_v2 `"processMap": [{"processId": "p1", "process": {…}}, …]`.
    private mutating func readProcessList(
        _ s: inout JSONScanner, _ set: inout TraceSet, _ ctx: inout JaegerTraceContext
    ) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var key: String?
            var process: JaegerProcess?
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "processid") {
                    if s.peek() == 0x22 { key = try s.readText() } else { try s.skipValue() }
                } else if s.key(k, is: "process") {
                    process = try readProcess(&s, &set, hexBinary: false)
                } else {
                    try s.skipValue()
                }
            }
            if let key, let process { ctx.processes[key] = process }
        }
    }

    // MARK: - Small readers

    /// Envelope `errors: [{code, msg, traceID}]` → one message each.
    private mutating func readEnvelopeErrors(_ s: inout JSONScanner) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            guard s.peek() == 0x7B else {
                if s.peek() == 0x22 { note("Jaeger query error: \(try s.readText())") } else { try s.skipValue() }
                return
            }
            var code = ""
            var msg = ""
            var trace = ""
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "code") {
                    let at = s.pos
                    try s.skipValue()
                    code = JaegerKeyValue.rawText(at: at, in: s)
                } else if s.key(k, is: "msg") || s.key(k, is: "message") {
                    if s.peek() == 0x22 { msg = try s.readText() } else { try s.skipValue() }
                } else if s.key(k, is: "traceid") {
                    if s.peek() == 0x22 { trace = try s.readText() } else { try s.skipValue() }
                } else {
                    try s.skipValue()
                }
            }
            var text = "Jaeger query error"
            if !code.isEmpty && code != "0" { text += " \(code)" }
            text += ": " + (msg.isEmpty ? "(no message)" : msg)
            if !trace.isEmpty { text += " (trace \(trace))" }
            note(text)
        }
    }

    private mutating func readStrings(_ s: inout JSONScanner, into out: inout [String]) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            if s.peek() == 0x22 { out.append(try s.readText()) } else { try s.skipValue() }
        }
    }

    /// Elements in an array (0 for anything else).
    private func countArray(_ s: inout JSONScanner) throws(JSONError) -> Int {
        var n = 0
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            try s.skipValue()
            n += 1
        }
        return n
    }

    static func intern(_ s: JSONScanner, _ t: JSONString, _ set: inout TraceSet) -> StringID {
        s.withBytes(t) { b -> StringID in
            for c in b where c >= 0x80 { return set.strings.intern(JaegerText.string(b)) }
            return set.strings.intern(bytes: b)
        }
    }
}

/// The tags that decide a span's kind and status, found in one cheap pass over `tags`: every
/// KeyValue's key is compared and its value skipped; only the four interesting values are read.
struct JaegerTagFacts {
    var kind: SpanKind = .unspecified
    var errorTag = false
    var otelStatus: SpanStatus?
    var httpStatus: Int64?

    var status: SpanStatus {
        if errorTag { return .error }
        if let otelStatus { return otelStatus }
        if let h = httpStatus {
            if h >= 500 && h <= 599 { return .error }
            if h >= 400 && h <= 499 && kind == .client { return .error }
        }
        return .unset
    }

    mutating func scan(_ s: inout JSONScanner) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var key: JSONString?
            var valuePos = -1
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "key") {
                    if s.peek() == 0x22 { key = try s.readString() } else { try s.skipValue() }
                } else if s.key(k, is: "value") || JaegerKeyValue.apiField(k, s) != nil {
                    valuePos = s.pos
                    try s.skipValue()
                } else {
                    try s.skipValue()
                }
            }
            guard let key, valuePos >= 0 else { return }
            if s.string(key, equals: "span.kind") {
                Self.read(s, valuePos) { v in
                    guard v.peek() == 0x22, let t = try? v.readString() else { return }
                    if v.key(t, is: "client") { kind = .client }
                    else if v.key(t, is: "server") { kind = .server }
                    else if v.key(t, is: "producer") { kind = .producer }
                    else if v.key(t, is: "consumer") { kind = .consumer }
                    else if v.key(t, is: "internal") { kind = .internal }
                }
            } else if s.string(key, equals: "error") {
                Self.read(s, valuePos) { v in
                    switch v.nextKind() {
                    case .bool: if (try? v.readBool()) == true { errorTag = true }
                    case .string: if let t = try? v.readString(), v.key(t, is: "true") { errorTag = true }
                    default: break
                    }
                }
            } else if s.string(key, equals: "otel.status_code") {
                Self.read(s, valuePos) { v in
                    switch v.nextKind() {
                    case .string:
                        guard let t = try? v.readString() else { return }
                        if v.key(t, is: "error") || v.key(t, is: "statuscodeerror") { otelStatus = .error }
                        else if v.key(t, is: "ok") || v.key(t, is: "statuscodeok") { otelStatus = .ok }
                        else if v.key(t, is: "2") { otelStatus = .error }
                        else if v.key(t, is: "1") { otelStatus = .ok }
                    case .number:
                        let c = try? v.readInt64()
                        if c == 2 { otelStatus = .error } else if c == 1 { otelStatus = .ok }
                    default: break
                    }
                }
            } else if s.string(key, equals: "http.status_code") || s.string(key, equals: "http.response.status_code") {
                Self.read(s, valuePos) { v in
                    if let c = try? v.readInt64() { httpStatus = c }
                }
            }
        }
    }

    private static func read(_ s: JSONScanner, _ pos: Int, _ body: (inout JSONScanner) -> Void) {
        var v = JSONScanner(s.buffer, from: pos)
        body(&v)
    }
}
