/// One span as the analysis sees it: fixed-size, no heap references, so a million of them are
/// one contiguous array. Names and services are interned (`StringID`); attributes, events and
/// links stay in the source bytes and are decoded on demand (`SpanDetails`).
public struct Span: Sendable, Equatable {
    public var traceID: TraceID
    public var spanID: SpanID
    /// Zero when the span has no parent.
    public var parentID: SpanID
    /// Unix epoch nanoseconds.
    public var start: Int64
    /// Nanoseconds, never negative (an end before the start is stored as 0 and flagged).
    public var duration: Int64
    public var name: StringID
    public var service: StringID
    public var resource: ResourceID
    public var kind: SpanKind
    public var status: SpanStatus
    public var flags: SpanFlags
    public var eventCount: UInt32
    public var linkCount: UInt32
    public var detail: DetailRef

    public init(
        traceID: TraceID, spanID: SpanID, parentID: SpanID = .zero,
        start: Int64, duration: Int64, name: StringID, service: StringID,
        resource: ResourceID = .none, kind: SpanKind = .unspecified, status: SpanStatus = .unset,
        flags: SpanFlags = [], eventCount: UInt32 = 0, linkCount: UInt32 = 0, detail: DetailRef = .none
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentID = parentID
        self.start = start
        self.duration = duration
        self.name = name
        self.service = service
        self.resource = resource
        self.kind = kind
        self.status = status
        self.flags = flags
        self.eventCount = eventCount
        self.linkCount = linkCount
        self.detail = detail
    }

    public var end: Int64 { start &+ duration }
    public var isError: Bool { status == .error }
}

public enum SpanKind: UInt8, Sendable, CaseIterable {
    case unspecified = 0, `internal` = 1, server = 2, client = 3, producer = 4, consumer = 5

    public var label: String {
        switch self {
        case .unspecified: return "unspecified"
        case .internal: return "internal"
        case .server: return "server"
        case .client: return "client"
        case .producer: return "producer"
        case .consumer: return "consumer"
        }
    }
}

public enum SpanStatus: UInt8, Sendable {
    case unset = 0, ok = 1, error = 2
}

/// Facts about how a span was decoded that the analysis and the views must show or respect.
public struct SpanFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Zipkin `shared: true`: the server half of an RPC whose client half has the same id.
    public static let shared = SpanFlags(rawValue: 1 << 0)
    /// The start time was absent; the tree builder places the span at its parent's start.
    public static let missingStart = SpanFlags(rawValue: 1 << 1)
    /// The duration was absent and is 0.
    public static let missingDuration = SpanFlags(rawValue: 1 << 2)
    /// The recorded end was before the start; the duration is 0.
    public static let endBeforeStart = SpanFlags(rawValue: 1 << 3)
    /// The parent link is a FOLLOWS_FROM reference (Jaeger): not blocking for the critical path.
    public static let followsFromParent = SpanFlags(rawValue: 1 << 4)
    /// The record had an invalid parent id that was dropped.
    public static let invalidParent = SpanFlags(rawValue: 1 << 5)
    /// A time the file gave was outside `ModelTime`'s range and was clamped into it.
    public static let timeClamped = SpanFlags(rawValue: 1 << 6)
}

/// Where a span's full details (attributes, events, links) can be decoded from.
public struct DetailRef: Sendable, Equatable {
    /// Index into `TraceSet.detailSources`; `UInt32.max` = none.
    public var source: UInt32
    /// Byte offset of the span's JSON object (or an index, for in-memory sources).
    public var offset: Int
    public var length: UInt32
    /// Decoder-specific variant (e.g. the client or server half of a Zipkin v1 span).
    public var variant: UInt8

    public init(source: UInt32, offset: Int, length: UInt32, variant: UInt8 = 0) {
        self.source = source
        self.offset = offset
        self.length = length
        self.variant = variant
    }

    public static let none = DetailRef(source: .max, offset: 0, length: 0)
}
