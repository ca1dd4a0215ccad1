import TraceModel

/// One row of a search result: what the list shows before the trace is fetched. Backends that
/// return whole traces from a search (Jaeger classic, Zipkin, api_v3 without summaries) get
/// their summary computed from the spans, and the spans are kept (`SearchResult.traces`).
public struct TraceSummary: Sendable, Equatable {
    public var traceID: TraceID
    /// Unix ns of the earliest span.
    public var start: Int64
    public var duration: Int64
    public var rootService: String
    public var rootName: String
    /// nil when the backend does not say.
    public var spanCount: Int?
    public var errorCount: Int?
    public var services: [String]

    public init(traceID: TraceID, start: Int64, duration: Int64, rootService: String, rootName: String,
                spanCount: Int? = nil, errorCount: Int? = nil, services: [String] = []) {
        self.traceID = traceID
        self.start = start
        self.duration = duration
        self.rootService = rootService
        self.rootName = rootName
        self.spanCount = spanCount
        self.errorCount = errorCount
        self.services = services
    }
}

/// What a search found.
public struct SearchResult: Sendable {
    /// Newest first, at most the query's limit.
    public var summaries: [TraceSummary]
    /// Spans of the traces the search returned whole (empty for summary-only APIs).
    public var traces: TraceSet
    /// E.g. Tempo "partial: 3 of 5 jobs completed"; a decoder's repaired problems.
    public var warnings: [String]

    public init(summaries: [TraceSummary] = [], traces: TraceSet = TraceSet(), warnings: [String] = []) {
        self.summaries = summaries
        self.traces = traces
        self.warnings = warnings
    }
}

/// A trace fetched by id.
public struct FetchedTrace: Sendable {
    public var traceID: TraceID
    public var set: TraceSet
    /// Body size, for the cache's bound and the status line.
    public var bytes: Int
    public var warnings: [String]

    public init(traceID: TraceID, set: TraceSet, bytes: Int, warnings: [String] = []) {
        self.traceID = traceID
        self.set = set
        self.bytes = bytes
        self.warnings = warnings
    }
}
