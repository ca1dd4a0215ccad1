/// A span's events shown as log lines of that span (OTLP events, Zipkin annotations, Jaeger
/// logs all land in `SpanDetails.events`). Pure: the explorer calls it for the selected span
/// with `set.details(span)`, so nothing is built for spans nobody looks at.
public enum SpanEventLogs {
    /// One record per event, in time order (ties in event order), marked `fromEvent`. An
    /// `exception` event (OpenTelemetry's convention for recorded errors) gets severity ERROR;
    /// its body is `exception.message` (prefixed by `exception.type`) when present.
    public static func records(span: Span, details: SpanDetails) -> [LogRecord] {
        var out: [LogRecord] = []
        out.reserveCapacity(details.events.count)
        for e in details.events {
            var r = LogRecord(time: e.time, body: .string(e.name), attributes: e.attributes, traceID: span.traceID,
                              spanID: span.spanID, resource: span.resource, eventName: e.name, fromEvent: true)
            if e.name == "exception" {
                r.severityNumber = 17
                r.severityText = "ERROR"
                let type = e.attributes.first { $0.key == "exception.type" }?.value.text ?? ""
                if let message = e.attributes.first(where: { $0.key == "exception.message" })?.value.text {
                    r.body = .string(type.isEmpty ? message : "\(type): \(message)")
                }
            }
            out.append(r)
        }
        // Stable: Swift's sort is not, so order by (time, index).
        let order = out.indices.sorted { out[$0].time != out[$1].time ? out[$0].time < out[$1].time : $0 < $1 }
        return order.map { out[$0] }
    }
}
