import TraceModel

/// A trace described independently of any wire format. Writers (OTLP JSON, OTLP JSON Lines,
/// Zipkin v1/v2, Jaeger) turn one specification into bytes, so a test can load the same trace
/// from every format and expect one answer.
///
/// Times are Unix epoch nanoseconds. Zipkin and Jaeger carry microseconds, so specifications
/// meant for cross-format fixtures use whole microseconds (see `isMicrosecondExact`).
public struct SynthTrace: Sendable, Equatable {
    public var traceID: TraceID
    public var spans: [SynthSpan]
    /// Resource (process) per service; a service without an entry gets only `service.name`.
    public var resources: [SynthResource]
    /// Log records; a record with a zero trace id is not linked to any trace.
    public var logs: [SynthLog]

    public init(traceID: TraceID, spans: [SynthSpan] = [], resources: [SynthResource] = [], logs: [SynthLog] = []) {
        self.traceID = traceID
        self.spans = spans
        self.resources = resources
        self.logs = logs
    }

    /// Services in order of first appearance among the spans (then logs).
    public var services: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for s in spans where seen.insert(s.service).inserted { out.append(s.service) }
        for l in logs where seen.insert(l.service).inserted { out.append(l.service) }
        return out
    }

    public func resource(for service: String) -> SynthResource {
        resources.first { $0.service == service } ?? SynthResource(service: service)
    }

    public func span(_ id: SpanID) -> SynthSpan? { spans.first { $0.spanID == id } }

    /// True when every time and duration is a whole number of microseconds.
    public var isMicrosecondExact: Bool {
        spans.allSatisfy { s in
            s.startNs % 1000 == 0 && s.durationNs % 1000 == 0 && s.events.allSatisfy { $0.timeNs % 1000 == 0 }
        }
    }
}

public enum SynthStatus: Sendable, Equatable {
    case unset, ok, error

    public var otlpCode: Int {
        switch self {
        case .unset: return 0
        case .ok: return 1
        case .error: return 2
        }
    }
}

public struct SynthSpan: Sendable, Equatable {
    public var spanID: SpanID
    /// Zero for a root span.
    public var parentID: SpanID
    public var service: String
    public var name: String
    public var kind: SpanKind
    public var startNs: Int64
    public var durationNs: Int64
    public var status: SynthStatus
    public var statusMessage: String
    public var attributes: [Attribute]
    public var events: [SynthEvent]
    /// Jaeger writes the parent reference as FOLLOWS_FROM instead of CHILD_OF.
    public var followsFrom: Bool

    public init(
        spanID: SpanID, parentID: SpanID = .zero, service: String, name: String, kind: SpanKind = .internal,
        startNs: Int64, durationNs: Int64, status: SynthStatus = .unset, statusMessage: String = "",
        attributes: [Attribute] = [], events: [SynthEvent] = [], followsFrom: Bool = false
    ) {
        self.spanID = spanID
        self.parentID = parentID
        self.service = service
        self.name = name
        self.kind = kind
        self.startNs = startNs
        self.durationNs = durationNs
        self.status = status
        self.statusMessage = statusMessage
        self.attributes = attributes
        self.events = events
        self.followsFrom = followsFrom
    }

    public var endNs: Int64 { startNs + durationNs }
    public var isRoot: Bool { parentID.isZero }
}

public struct SynthEvent: Sendable, Equatable {
    public var timeNs: Int64
    public var name: String
    public var attributes: [Attribute]
    public init(timeNs: Int64, name: String, attributes: [Attribute] = []) {
        self.timeNs = timeNs
        self.name = name
        self.attributes = attributes
    }
}

/// The process a service runs as: OTLP resource, Jaeger process, Zipkin endpoint.
public struct SynthResource: Sendable, Equatable {
    public var service: String
    /// Attributes other than `service.name` (which writers add first), e.g. `host.name`.
    public var attributes: [Attribute]
    /// Zipkin endpoint address; empty = none.
    public var ipv4: String
    public var scopeName: String
    public var scopeVersion: String

    public init(
        service: String, attributes: [Attribute] = [], ipv4: String = "",
        scopeName: String = "spanscope-synth", scopeVersion: String = "1.0.0"
    ) {
        self.service = service
        self.attributes = attributes
        self.ipv4 = ipv4
        self.scopeName = scopeName
        self.scopeVersion = scopeVersion
    }
}

public struct SynthLog: Sendable, Equatable {
    public var timeNs: Int64
    public var service: String
    public var severityNumber: Int
    public var severityText: String
    public var body: String
    public var attributes: [Attribute]
    /// Zero ids: the record carries no trace context.
    public var traceID: TraceID
    public var spanID: SpanID

    public init(
        timeNs: Int64, service: String, severityNumber: Int, severityText: String, body: String,
        attributes: [Attribute] = [], traceID: TraceID = .zero, spanID: SpanID = .zero
    ) {
        self.timeNs = timeNs
        self.service = service
        self.severityNumber = severityNumber
        self.severityText = severityText
        self.body = body
        self.attributes = attributes
        self.traceID = traceID
        self.spanID = spanID
    }
}
