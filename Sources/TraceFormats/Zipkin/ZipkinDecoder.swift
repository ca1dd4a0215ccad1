import TraceModel

/// Zipkin JSON: v2 (list of spans, list of lists in any mix, a bare span object), v1 (annotations
/// with endpoints, binaryAnnotations; also v2-shaped spans that carry v1 core annotations and no
/// kind), and Zipkin proto3 JSON (`{"spans":[…]}`, snake_case keys, base64 ids, enum kinds).
///
/// Normalisation (reference §2–3):
/// - ids: hex (any case) left-padded; a 32-digit trace id with a zero upper half is 64-bit; when
///   one trace appears with both 64- and 128-bit ids the 64-bit ones take the 128-bit id (Zipkin
///   keeps the longest). Invalid/missing/zero trace or span id → span skipped + warning; all-zero
///   parentId = root; invalid parentId → root + `.invalidParent` + warning.
/// - v1 spans are converted like Zipkin's `V1SpanConverter`: a span with `cs` and `sr` becomes a
///   client span and a `shared` server span (`DetailRef.variant` picks the half), times are
///   derived from core annotations when the span timestamp/duration are absent.
/// - pieces are merged like Zipkin's `Trace.merge`: same trace+span id, same `shared` flag and a
///   compatible local endpoint → one span (duplicates collapse); a SERVER after a CLIENT with the
///   same id gets `shared`; a shared span without parent inherits the client's parent. Extension:
///   a kind-less piece with neither timestamp nor duration (a late flush of tags) merges into the
///   same-id span on a compatible endpoint even if that one is `shared`.
/// - missing timestamp → start 0 + `.missingStart`; missing duration → 0 + `.missingDuration`;
///   negative → 0 + `.endBeforeStart`; each summarised in one warning line.
/// - error: a tag `error` (any value), or `otel.status_code` = "ERROR"; `otel.status_code` = "OK"
///   gives status ok.
/// - service: `localEndpoint.serviceName` as written (not lower-cased); absent → "unknown".
///   One resource per (service, ip), host = ipv4 or ipv6 (or "").
public enum ZipkinDecoder {
    /// Service name used when a span has no local endpoint service name.
    public static let unknownService = "unknown"

    /// Decodes one whole Zipkin document starting at the scanner's position.
    public static func decode(
        _ scanner: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        var d = ZipkinDecoding(bytes: bytes, source: UInt32(set.detailSources.count))
        switch scanner.peek() {
        case 0x5B:  // [
            try scanner.beginArray()
            var first = true
            while try scanner.nextElement(first: &first) {
                switch scanner.nextKind() {
                case .object: try d.readSpan(&scanner, &set, proto: false)
                case .array:
                    try scanner.beginArray()
                    var f = true
                    while try scanner.nextElement(first: &f) {
                        try d.readElement(&scanner, &set, proto: false)
                    }
                case .null: _ = scanner.consumeNull()
                default: throw scanner.error("expected a Zipkin span object or a list of spans")
                }
            }
        case 0x7B:  // {
            if isProtoEnvelope(scanner) {
                try scanner.beginObject()
                var first = true
                while let k = try scanner.nextKey(first: &first) {
                    guard scanner.key(k, is: "spans"), scanner.nextKind() == .array else {
                        try scanner.skipValue()
                        continue
                    }
                    try scanner.beginArray()
                    var f = true
                    while try scanner.nextElement(first: &f) {
                        try d.readElement(&scanner, &set, proto: true)
                    }
                }
            } else {
                try d.readSpan(&scanner, &set, proto: false)
            }
        default:
            throw scanner.error("expected a Zipkin span list or span object")
        }
        d.finish(into: &set, warnings: &warnings)
    }

    /// `{"spans": [...]}` (Zipkin proto3 `ListOfSpans` as JSON) rather than a bare span.
    static func isProtoEnvelope(_ scanner: JSONScanner) -> Bool {
        var s = scanner
        do {
            try s.beginObject()
            var first = true
            while let k = try s.nextKey(first: &first) {
                if s.key(k, is: "spans") { return s.nextKind() == .array }
                try s.skipValue()
            }
        } catch {
            return false
        }
        return false
    }
}
