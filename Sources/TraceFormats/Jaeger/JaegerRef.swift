import TraceModel

/// One entry of a span's `references`.
struct JaegerRef {
    /// 0 CHILD_OF, 1 FOLLOWS_FROM, 2 anything else.
    var type: UInt8
    var traceID: TraceID
    /// False when the reference carries no trace id (taken to be the span's own trace).
    var hasTraceID: Bool
    var spanID: SpanID
    /// False when an id is missing or malformed; such references are ignored.
    var valid: Bool
    /// Lower-cased refType text for the `opentracing.ref_type` link attribute.
    var typeName: String

    /// Reads one reference object (`{refType, traceID, spanID}` or api_v2 `traceId`/`spanId` base64,
    /// `refType` name or enum number). Skips anything else in it (jaeger-ui's nested `span`).
    static func read(_ s: inout JSONScanner) throws(JSONError) -> JaegerRef? {
        guard s.peek() == 0x7B else {
            try s.skipValue()
            return nil
        }
        var ref = JaegerRef(type: 0, traceID: .zero, hasTraceID: false, spanID: .zero, valid: true, typeName: "child_of")
        var sawSpan = false
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "reftype") || s.key(k, is: "type") {
                switch s.nextKind() {
                case .string:
                    let t = try s.readString()
                    if s.key(t, is: "childof") { ref.type = 0; ref.typeName = "child_of" }
                    else if s.key(t, is: "followsfrom") { ref.type = 1; ref.typeName = "follows_from" }
                    else { ref.type = 2; ref.typeName = s.text(t).lowercased() }
                case .number:
                    let p = s.pos
                    let v = (try? s.readInt64()) ?? -1
                    if v == 0 { ref.type = 0; ref.typeName = "child_of" }
                    else if v == 1 { ref.type = 1; ref.typeName = "follows_from" }
                    else { s.pos = p; try s.skipValue(); ref.type = 2; ref.typeName = "unknown" }
                default:
                    try s.skipValue()
                }
            } else if s.key(k, is: "traceid") {
                let base64Style = s.string(k, equals: "traceId")
                if let id = try JaegerIDs.readTraceID(&s, base64Style: base64Style) {
                    ref.traceID = id
                    ref.hasTraceID = !id.isZero
                } else {
                    ref.valid = false
                }
            } else if s.key(k, is: "spanid") {
                let base64Style = s.string(k, equals: "spanId")
                if let id = try JaegerIDs.readSpanID(&s, base64Style: base64Style), !id.isZero {
                    ref.spanID = id
                    sawSpan = true
                } else {
                    ref.valid = false
                }
            } else {
                try s.skipValue()
            }
        }
        if !sawSpan { ref.valid = false }
        return ref
    }

    /// Reads a `references` array. Every element gets a slot (an unreadable one an invalid
    /// reference), so the decoder and the detail source agree on the indices.
    static func readList(_ s: inout JSONScanner, into out: inout [JaegerRef]) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            out.append(try read(&s) ?? JaegerRef(
                type: 2, traceID: .zero, hasTraceID: false, spanID: .zero, valid: false, typeName: ""))
        }
    }
}
