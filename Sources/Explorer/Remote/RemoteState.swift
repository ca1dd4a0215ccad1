import Backends
import Foundation
import TraceModel

/// The explorer connected to a tracing backend: the trace list is the backend's search. Holds
/// the query, the last results, the completion lists, the fetch waiting to open, polling and
/// what the source last said about failures and its cache. Request ids are handed out here,
/// so `update` stays pure.
public struct RemoteState: Sendable {
    /// "jaeger · http://localhost:16686" (from the source).
    public var label: String
    public var acceptsTraceQL: Bool
    /// What a query line leaves out (window, limit) comes from here.
    public var defaults: SearchQuery
    /// The search the results belong to (and polling repeats).
    public var query: SearchQuery
    /// The query line as last run (shown when not editing).
    public var queryText: String
    /// The query line while editing (`:`), nil otherwise.
    public var draft: String?
    /// Column (1-based) and text of the draft's parse error, shown under the line.
    public var queryError: (column: Int?, message: String)?
    /// The last search's rows, as the backend sent them (newest first).
    public var results: [Backends.TraceSummary] = []
    /// Whether any search answered yet (before: "searching…", after: "no traces found").
    public var searched = false
    /// Why the current search has no results yet (it failed).
    public var searchError: String?
    /// Traces a poll added since the last key press ("new" mark).
    public var fresh: Set<TraceID> = []
    /// Completion lists: nil until the backend answered (asked for once).
    public var services: [String]?
    public var operations: [String: [String]] = [:]
    var askedOperations: Set<String> = []
    var askedServices = false
    /// The search request id results are expected for; nil when none is running.
    public var searching: Int?
    /// The id of the search `query` was sent with (polls may answer under it).
    public var searchID = 0
    /// Traces whose Loki lines were asked for (once each: they are added, not replaced).
    var logsAsked: Set<TraceID> = []
    /// Asked for and not answered yet (headless runs wait for them).
    var logsPending: Set<TraceID> = []
    /// A fetch of a trace to open (or refresh) when it arrives.
    public var fetch: PendingFetch?
    public var polling: Bool
    /// Seconds between polls.
    public var interval: Double
    public var lastPoll: Date?
    /// The last failure of a poll that will be retried ("… · retrying in 4 s").
    public var failure: (error: BackendError, retryIn: Double?)?
    /// The source's cache of fetched traces.
    public var cache: (traces: Int, bytes: Int)?
    var nextID = 0

    public init(label: String, acceptsTraceQL: Bool, query: SearchQuery, polling: Bool, interval: Double) {
        self.label = label
        self.acceptsTraceQL = acceptsTraceQL
        defaults = query
        self.query = query
        queryText = QueryLine.text(of: query)
        self.polling = polling
        self.interval = interval
    }

    mutating func newID() -> Int {
        nextID += 1
        return nextID
    }
}

/// A trace asked for by id (`<Enter>` on a result, `--trace`, `r`), opened once a generation
/// of the data holds it.
public struct PendingFetch: Sendable, Equatable {
    public var id: Int
    public var traceID: TraceID
    /// Selected when the trace opens (deep link).
    public var spanID: SpanID?
    /// `r`: the trace is open already; its new spans arrive as a generation and the waterfall
    /// is rebased onto them.
    public var refresh: Bool
    public var received = 0
    public var expected: Int?
    /// The source said it submitted the spans (`.fetched`).
    public var delivered = false

    public init(id: Int, traceID: TraceID, spanID: SpanID? = nil, refresh: Bool = false) {
        self.id = id
        self.traceID = traceID
        self.spanID = spanID
        self.refresh = refresh
    }

    /// "fetching 1a2b3c4d… 42% (Esc cancels)".
    public var status: String {
        var text = (refresh ? "refreshing " : "fetching ") + String(traceID.hex.prefix(8)) + "…"
        if let expected, expected > 0 {
            text += " \(Int(min(100, max(0, Double(received) * 100 / Double(expected)))))%"
        } else if received > 0 {
            text += " " + AppState.size(received)
        }
        return text + " (Esc cancels)"
    }
}
