/// An attribute value as OTLP's AnyValue defines it; the other formats map onto it.
/// Not `indirect`: the recursive cases go through arrays already, and a boxed enum cost one
/// heap allocation per value (measured on a million log lines: a third of their memory).
public enum AttributeValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case array([AttributeValue])
    case keyValues([Attribute])
    case empty

    /// A one-line rendering for tables and search (strings unquoted).
    public var text: String {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bytes(let b): return b.map { HexFormat.digits[Int($0 >> 4)] }.isEmpty ? "" : Self.hex(b)
        case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .keyValues(let kv): return "{" + kv.map { "\($0.key)=\($0.value.text)" }.joined(separator: ", ") + "}"
        case .empty: return ""
        }
    }

    static func hex(_ b: [UInt8]) -> String {
        String(decoding: b.flatMap { [HexFormat.digits[Int($0 >> 4)], HexFormat.digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}

public struct Attribute: Sendable, Equatable {
    public var key: String
    public var value: AttributeValue
    public init(_ key: String, _ value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

public struct SpanEvent: Sendable, Equatable {
    /// Unix epoch nanoseconds.
    public var time: Int64
    public var name: String
    public var attributes: [Attribute]
    public init(time: Int64, name: String, attributes: [Attribute] = []) {
        self.time = time
        self.name = name
        self.attributes = attributes
    }
}

public struct SpanLink: Sendable, Equatable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var attributes: [Attribute]
    public init(traceID: TraceID, spanID: SpanID, attributes: [Attribute] = []) {
        self.traceID = traceID
        self.spanID = spanID
        self.attributes = attributes
    }
}

/// Everything about a span that is not needed to build the tree, decoded on demand.
public struct SpanDetails: Sendable, Equatable {
    public var attributes: [Attribute]
    public var events: [SpanEvent]
    public var links: [SpanLink]
    public var statusMessage: String
    public var scopeName: String
    public var scopeVersion: String
    /// Attributes of the instrumentation scope (OTLP `scope.attributes`).
    public var scopeAttributes: [Attribute]
    public var traceState: String
    /// How many event times were outside `ModelTime`'s range and were clamped into it.
    public var clampedEventTimes = 0
    /// Set (and everything else empty) when the details could not be read: see
    /// `SpanDetailSource.unavailable`.
    public var unavailable: String

    public init(
        attributes: [Attribute] = [], events: [SpanEvent] = [], links: [SpanLink] = [],
        statusMessage: String = "", scopeName: String = "", scopeVersion: String = "", traceState: String = "",
        scopeAttributes: [Attribute] = [], unavailable: String = ""
    ) {
        self.unavailable = unavailable
        self.attributes = attributes
        self.events = events
        self.links = links
        self.statusMessage = statusMessage
        self.scopeName = scopeName
        self.scopeVersion = scopeVersion
        self.scopeAttributes = scopeAttributes
        self.traceState = traceState
    }
}

/// Index into `TraceSet.resources`.
public struct ResourceID: Hashable, Sendable {
    public var raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public static let none = ResourceID(.max)
}

/// The process that emitted spans: OTLP resource, Jaeger process, Zipkin local endpoint.
public struct Resource: Sendable, Equatable {
    public var service: StringID
    /// The host key clock-skew detection compares (host.id, host.ip, host.name, or endpoint ip).
    public var host: String
    public var attributes: [Attribute]
    public init(service: StringID, host: String = "", attributes: [Attribute] = []) {
        self.service = service
        self.host = host
        self.attributes = attributes
    }
}
