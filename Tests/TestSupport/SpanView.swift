import TraceModel

/// A span with everything resolved (strings, resource, details), so spans of two sets decoded
/// from different bytes compare field by field.
public struct SpanView: Equatable, CustomStringConvertible {
    public var span: Span
    public var name: String
    public var service: String
    public var resourceAttributes: [Attribute]?
    public var host: String?
    public var details: SpanDetails

    public init(_ set: TraceSet, _ s: Span) {
        span = s
        // Ids of strings, resources and detail sources are per set.
        span.name = .empty
        span.service = .empty
        span.resource = .none
        span.detail = .none
        name = set.name(s)
        service = set.service(s)
        resourceAttributes = set.resource(s.resource)?.attributes
        host = set.resource(s.resource)?.host
        details = set.details(s)
    }

    public var description: String { "\(service)/\(name) \(span.spanID.hex)" }

    public static func of(_ set: TraceSet) -> [SpanView] { set.spans.map { SpanView(set, $0) } }
}

extension SpanView {
    /// The fields that differ, for a failure message.
    public func differences(_ other: SpanView) -> String {
        var out: [String] = []
        if span != other.span { out.append("span \(span) vs \(other.span)") }
        if resourceAttributes != other.resourceAttributes { out.append("resource \(String(describing: resourceAttributes)) vs \(String(describing: other.resourceAttributes))") }
        if host != other.host { out.append("host") }
        if details != other.details { out.append("details \(details) vs \(other.details)") }
        return out.joined(separator: "\n")
    }
}
