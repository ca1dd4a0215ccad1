import TraceModel

/// Decodes a Jaeger span's details on demand from the span object's bytes: tags → attributes,
/// logs → events, references other than the parent → links.
///
/// `DetailRef.variant`: bits 0–1 are the shape (`embeddedStrings` = values are all strings and
/// binary is hex); bits 2–7 are 1 + the index (in `references`) of the reference the decoder
/// chose as the parent, 0 when no reference is the parent, `parentUnknown` when the index did
/// not fit (the choice is then recomputed from the span's own trace id).
struct JaegerDetailSource: SpanDetailSource {
    let bytes: FileBytes
    var unavailable: String? { bytes.unavailable }

    static let embeddedStrings: UInt8 = 1
    static let parentUnknown: UInt8 = 63

    static func variant(embeddedStrings: Bool, parentRefIndex: Int?) -> UInt8 {
        var v: UInt8 = embeddedStrings ? Self.embeddedStrings : 0
        if let i = parentRefIndex { v |= UInt8(min(i + 1, Int(parentUnknown))) << 2 }
        return v
    }

    func details(_ ref: DetailRef) -> SpanDetails {
        var d = SpanDetails()
        guard ref.offset >= 0, ref.offset < bytes.count else { return d }
        let stop = min(bytes.count, ref.offset + Int(ref.length))
        var s = bytes.scanner(from: ref.offset, to: stop)
        let hexBinary = ref.variant & 3 == Self.embeddedStrings
        let parentCode = ref.variant >> 2
        var refs: [JaegerRef] = []
        var spanTrace = TraceID.zero
        do {
            try s.beginObject()
            var first = true
            while let k = try s.nextKey(first: &first) {
                if s.key(k, is: "tags") {
                    try Self.readAttributes(&s, hexBinary: hexBinary, into: &d.attributes)
                } else if s.key(k, is: "logs") {
                    try Self.readLogs(&s, hexBinary: hexBinary, into: &d.events)
                } else if s.key(k, is: "references") {
                    try JaegerRef.readList(&s, into: &refs)
                } else if s.key(k, is: "traceid") {
                    spanTrace = (try JaegerIDs.readTraceID(&s, base64Style: s.string(k, equals: "traceId"))) ?? .zero
                } else {
                    try s.skipValue()
                }
            }
        } catch {}
        for a in d.attributes {
            switch a.key {
            case "otel.status_description": if d.statusMessage.isEmpty { d.statusMessage = a.value.text }
            case "otel.scope.name", "otel.library.name": if d.scopeName.isEmpty { d.scopeName = a.value.text }
            case "otel.scope.version", "otel.library.version": if d.scopeVersion.isEmpty { d.scopeVersion = a.value.text }
            case "w3c.tracestate": if d.traceState.isEmpty { d.traceState = a.value.text }
            default: break
            }
        }
        var parentIndex = Int(parentCode) - 1
        if parentCode == Self.parentUnknown {
            parentIndex = JaegerDocumentDecoder.chooseParent(refs[...], traceID: spanTrace).index ?? -1
        }
        for (i, r) in refs.enumerated() where r.valid && i != parentIndex {
            d.links.append(SpanLink(
                traceID: r.hasTraceID ? r.traceID : spanTrace, spanID: r.spanID,
                attributes: [Attribute("opentracing.ref_type", .string(r.typeName))]))
        }
        return d
    }

    static func readAttributes(_ s: inout JSONScanner, hexBinary: Bool, into out: inout [Attribute]) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            if let a = try JaegerKeyValue.read(&s, hexBinary: hexBinary) { out.append(a) }
        }
    }

    /// Logs → events: time µs → ns (or RFC 3339), name = the `event` field, other fields attributes.
    static func readLogs(_ s: inout JSONScanner, hexBinary: Bool, into out: inout [SpanEvent]) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var time: Int64 = 0
            var fields: [Attribute] = []
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "timestamp") || s.key(k, is: "time") {
                    time = try JaegerTimes.readTime(&s) ?? 0
                } else if s.key(k, is: "fields") {
                    try readAttributes(&s, hexBinary: hexBinary, into: &fields)
                } else {
                    try s.skipValue()
                }
            }
            var name = "log"
            if let i = fields.firstIndex(where: { $0.key == "event" }) {
                name = fields[i].value.text
                fields.remove(at: i)
            }
            out.append(SpanEvent(time: time, name: name, attributes: fields))
        }
    }
}
