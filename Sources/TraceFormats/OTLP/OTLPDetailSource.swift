import TraceModel

/// Decodes an OTLP span's attributes, events, links and status message from its byte range in
/// the file, when a view asks. Bad bytes give partial details, never a crash.
struct OTLPDetailSource: SpanDetailSource {
    let bytes: FileBytes
    /// Sorted by `firstOffset` (spans are decoded in file order).
    let scopes: [ScopeRange]
    var unavailable: String? { bytes.unavailable }

    func details(_ ref: DetailRef) -> SpanDetails {
        var d = SpanDetails()
        if let scope = scope(at: ref.offset) {
            d.scopeName = scope.name
            d.scopeVersion = scope.version
            d.scopeAttributes = scope.attributes
        }
        guard ref.offset >= 0, ref.offset + Int(ref.length) <= bytes.count else { return d }
        var s = bytes.scanner(from: ref.offset, to: ref.offset + Int(ref.length))
        do throws(JSONError) {
            try Self.decode(&s, into: &d)
        } catch {
            // Keep what was decoded before the damage.
        }
        return d
    }

    func scope(at offset: Int) -> ScopeRange? {
        var lo = 0, hi = scopes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scopes[mid].firstOffset <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : scopes[lo - 1]
    }

    static func decode(_ s: inout JSONScanner, into d: inout SpanDetails) throws(JSONError) {
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "attributes") { d.attributes = try OTLPValues.keyValues(&s) }
            else if s.key(k, is: "tracestate") { d.traceState = try s.readText() }
            else if s.key(k, is: "status") {
                try s.beginObject()
                var f = true
                while let k2 = try s.nextKey(first: &f) {
                    if s.key(k2, is: "message"), s.nextKind() == .string { d.statusMessage = try s.readText() }
                    else { try s.skipValue() }
                }
            } else if s.key(k, is: "events") {
                try s.beginArray()
                var f = true
                while try s.nextElement(first: &f) { d.events.append(try event(&s)) }
            } else if s.key(k, is: "links") {
                try s.beginArray()
                var f = true
                while try s.nextElement(first: &f) { d.links.append(try link(&s)) }
            } else {
                try s.skipValue()
            }
        }
    }

    static func event(_ s: inout JSONScanner) throws(JSONError) -> SpanEvent {
        var e = SpanEvent(time: 0, name: "")
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "timeunixnano") { e.time = try s.readInt64() }
            else if s.key(k, is: "name") { e.name = try s.readText() }
            else if s.key(k, is: "attributes") { e.attributes = try OTLPValues.keyValues(&s) }
            else { try s.skipValue() }
        }
        return e
    }

    static func link(_ s: inout JSONScanner) throws(JSONError) -> SpanLink {
        var l = SpanLink(traceID: .zero, spanID: .zero)
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "traceid") {
                let v = try s.readString()
                l.traceID = s.withBytes(v) { IDBytes.parseOTLPTraceID($0) } ?? .zero
            } else if s.key(k, is: "spanid") {
                let v = try s.readString()
                l.spanID = s.withBytes(v) { IDBytes.parseOTLPSpanID($0) } ?? .zero
            } else if s.key(k, is: "attributes") {
                l.attributes = try OTLPValues.keyValues(&s)
            } else {
                try s.skipValue()
            }
        }
        return l
    }
}
