/// A log line linked (or not) to a span. Kept from trace files now; shown by the logs views.
public struct LogRecord: Sendable, Equatable {
    /// Unix epoch nanoseconds (0 = unknown).
    public var time: Int64
    public var severityNumber: UInt8
    public var severityText: String
    public var body: AttributeValue
    public var attributes: [Attribute]
    /// Zero when the record carries no trace context.
    public var traceID: TraceID
    public var spanID: SpanID
    public var resource: ResourceID
    public var eventName: String

    public init(
        time: Int64, severityNumber: UInt8 = 0, severityText: String = "", body: AttributeValue = .empty,
        attributes: [Attribute] = [], traceID: TraceID = .zero, spanID: SpanID = .zero,
        resource: ResourceID = .none, eventName: String = ""
    ) {
        self.time = time
        self.severityNumber = severityNumber
        self.severityText = severityText
        self.body = body
        self.attributes = attributes
        self.traceID = traceID
        self.spanID = spanID
        self.resource = resource
        self.eventName = eventName
    }
}
