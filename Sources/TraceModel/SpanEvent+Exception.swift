extension SpanEvent {
    /// OpenTelemetry records an error on a span as an event named `exception`.
    public var isException: Bool { name == "exception" }

    /// "Type: message" (or the message alone) of an `exception` event that carries
    /// `exception.message`; nil for other events. The explorer shows it as the event's log line.
    public var exceptionSummary: String? {
        guard isException, let message = attributes.first(where: { $0.key == "exception.message" })?.value.text else {
            return nil
        }
        let type = attributes.first { $0.key == "exception.type" }?.value.text ?? ""
        return type.isEmpty ? message : type + ": " + message
    }
}
