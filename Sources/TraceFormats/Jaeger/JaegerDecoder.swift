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
