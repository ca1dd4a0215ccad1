import TraceModel

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
    var resourceIndex: [String: JaegerProcess] = [:]
    var unknownProcess: JaegerProcess?
    var pending: [JaegerPendingSpan] = []
    var refs: [JaegerRef] = []
    var removed: [Int] = []

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

    mutating func note(_ message: String) {
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
}
