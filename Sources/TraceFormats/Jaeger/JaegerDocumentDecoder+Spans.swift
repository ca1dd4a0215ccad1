import TraceModel

extension JaegerDocumentDecoder {
    /// Reads one span object and appends it; process, parent and missing trace id are resolved
    /// in `finishTrace`. `embeddedStrings`: a lone span object, Jaeger's `FromDomainEmbedProcess`
    /// form (binary values are hex) — confirmed only when it has `process` and no `processID`.
    mutating func decodeSpan(
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
}
