import TraceModel

/// Summaries of whole traces a search returned (Jaeger classic, api_v3 without summaries,
/// Zipkin): what Tempo and Jaeger's trace-summaries compute on the server.
enum TraceSummaries {
    /// One summary per trace, newest first. The root is the earliest span without a parent in
    /// the trace (else the earliest span): its service and name head the row.
    static func of(_ set: TraceSet) -> [TraceSummary] {
        var out: [TraceSummary] = []
        for trace in set.traces() {
            var present = Set<SpanID>()
            present.reserveCapacity(trace.spanIndices.count)
            for i in trace.spanIndices { present.insert(set.spans[i].spanID) }
            var first = Int64.max
            var last = Int64.min
            var errors = 0
            var root: Span?
            var earliest: Span?
            var services = Set<StringID>()
            for i in trace.spanIndices {
                let span = set.spans[i]
                first = min(first, span.start)
                last = max(last, span.end)
                if span.isError { errors += 1 }
                services.insert(span.service)
                if earliest.map({ span.start < $0.start }) ?? true { earliest = span }
                let isRoot = span.parentID.isZero || !present.contains(span.parentID)
                if isRoot, root.map({ span.start < $0.start }) ?? true { root = span }
            }
            guard let head = root ?? earliest else { continue }
            out.append(TraceSummary(traceID: trace.id, start: first, duration: max(0, last - first),
                                    rootService: set.service(head), rootName: set.name(head),
                                    spanCount: trace.spanIndices.count, errorCount: errors,
                                    services: services.map { set.strings[$0] }.filter { !$0.isEmpty }.sorted()))
        }
        out.sort { $0.start != $1.start ? $0.start > $1.start : $0.traceID < $1.traceID }
        return out
    }
}
