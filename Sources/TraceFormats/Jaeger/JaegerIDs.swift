import TraceModel

enum JaegerIDs {
    /// Id text → TraceID. UI JSON ids (`traceID`) are lenient hex: ≤ 32 digits, any case, left-
    /// padded; base64 is accepted there only when padded with `=` (unambiguous). api_v2 ids
    /// (`traceId` spelling) are base64 (hex still accepted when it cannot be base64). nil = bad.
    static func parseTrace(_ b: UnsafeBufferPointer<UInt8>, base64Style: Bool) -> TraceID? {
        if b.isEmpty { return nil }
        if base64Style { return IDBytes.parseOTLPTraceID(b) }
        if let id = IDBytes.parseHexTraceID(b) { return id }
        return b[b.count - 1] == 0x3D ? IDBytes.parseTraceID(b) : nil
    }

    static func parseSpan(_ b: UnsafeBufferPointer<UInt8>, base64Style: Bool) -> SpanID? {
        if b.isEmpty { return nil }
        if base64Style { return IDBytes.parseOTLPSpanID(b) }
        if let id = IDBytes.parseHexSpanID(b) { return id }
        return b[b.count - 1] == 0x3D ? IDBytes.parseSpanID(b) : nil
    }

    /// Reads an id string (see `parseTrace`). nil = absent, not a string, or malformed.
    static func readTraceID(_ s: inout JSONScanner, base64Style: Bool) throws(JSONError) -> TraceID? {
        try readOwnID(&s, "traceID", base64Style: base64Style, parse: parseTrace)?.id
    }

    static func readSpanID(_ s: inout JSONScanner, base64Style: Bool) throws(JSONError) -> SpanID? {
        try readOwnID(&s, "spanID", base64Style: base64Style, parse: parseSpan)?.id
    }

    /// Reads an id string for the field `name`. nil when the value is not a string (skipped);
    /// else `id` is what `parse` made of it (nil = malformed) and `problem` says why a span
    /// cannot use it ("… is not a valid id", or "… is zero" when it equals `zero`), nil when it
    /// can. The decoder's span ids and the plain readers above share this one reading path.
    static func readOwnID<ID: Equatable>(
        _ s: inout JSONScanner, _ name: String, base64Style: Bool,
        parse: (UnsafeBufferPointer<UInt8>, Bool) -> ID?, zero: ID? = nil
    ) throws(JSONError) -> (id: ID?, problem: String?)? {
        guard s.peek() == 0x22 else {
            try s.skipValue()
            return nil
        }
        let t = try s.readString()
        let id = s.withBytes(t) { parse($0, base64Style) }
        guard let id else { return (nil, "\(name) \(quoted(s, t)) is not a valid id") }
        return (id, id == zero ? "\(name) is zero" : nil)
    }

    /// The id text for messages (bounded, so a huge bogus value does not flood the warning).
    static func quoted(_ s: JSONScanner, _ t: JSONString) -> String {
        var text = s.text(t)
        if text.count > 40 { text = String(text.prefix(40)) + "…" }
        return "\"" + text + "\""
    }
}
