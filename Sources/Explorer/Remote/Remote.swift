import Backends
import Foundation
import TraceModel

/// What the explorer asks of a remote source (a tracing backend). `update` returns these as
/// `Effect.remote`; the run loop hands them to the `RemoteSource`, which works off the UI
/// thread and answers with `Message.remote`. Fetched spans do not come back in a reply: the
/// source submits them to the explorer's `LiveFeed`, and they arrive as a new generation
/// (`Message.live(.data)`), like any live data.
public enum RemoteRequest: Sendable, Equatable {
    /// Run a search now and make it the one that polling repeats.
    case search(SearchQuery, id: Int)
    /// Fetch a trace (`refresh`: again, though it is cached) and submit it to the live feed.
    case fetch(TraceID, id: Int, refresh: Bool)
    /// Completion lists for the query line.
    case services
    case operations(service: String)
    /// Re-run the current search every `interval` seconds; nil stops polling.
    case poll(interval: Double?)
    /// Log lines of a trace from Loki, within its time range (Unix ns); always answered with
    /// `.logs` (empty without Loki, with the error as a warning when Loki fails).
    case logs(TraceID, start: Int64, end: Int64)
    /// Stop request `id` (a fetch that is no longer wanted).
    case cancel(id: Int)
}

/// A remote source's answers.
public enum RemoteReply: Sendable, Equatable {
    /// A search (asked for, or a poll of the current one) finished.
    case searched(id: Int, SearchQuery, SearchResult, at: Date)
    /// A fetch: bytes so far and expected (when the server said), for the status line.
    case progress(id: Int, received: Int, expected: Int?)
    /// The trace's spans were submitted to the live feed; it is open-able once a generation holds it.
    case fetched(id: Int, TraceID, spans: Int, bytes: Int, warnings: [String])
    case services([String])
    case operations(service: String, [String])
    /// A request failed; `retryIn` (seconds) when polling backs off and will try again.
    case failed(id: Int?, BackendError, retryIn: Double?)
    case logs(TraceID, [LogRecord], warnings: [String])
    /// The fetched-trace cache: traces held and bytes (shown in the status line).
    case cache(traces: Int, bytes: Int)

    public static func == (a: RemoteReply, b: RemoteReply) -> Bool {
        switch (a, b) {
        case (.searched(let i, let q, let r, let t), .searched(let j, let q2, let r2, let t2)):
            return i == j && q == q2 && r.summaries == r2.summaries && t == t2
        case (.progress(let i, let r, let e), .progress(let j, let r2, let e2)): return i == j && r == r2 && e == e2
        case (.fetched(let i, let t, let s, let b, let w), .fetched(let j, let t2, let s2, let b2, let w2)):
            return i == j && t == t2 && s == s2 && b == b2 && w == w2
        case (.services(let x), .services(let y)): return x == y
        case (.operations(let s, let x), .operations(let s2, let y)): return s == s2 && x == y
        case (.failed(let i, let e, let r), .failed(let j, let e2, let r2)): return i == j && e == e2 && r == r2
        case (.logs(let t, let l, let w), .logs(let t2, let l2, let w2)): return t == t2 && l.count == l2.count && w == w2
        case (.cache(let t, let b), .cache(let t2, let b2)): return t == t2 && b == b2
        default: return false
        }
    }
}

/// A tracing backend as the explorer sees it. Implementations perform requests off the UI
/// thread and post replies (`Message.remote`) to the inbox they were made with.
public protocol RemoteSource: AnyObject, Sendable {
    /// "jaeger · http://localhost:16686" for the title.
    var label: String { get }
    var kind: BackendKind { get }
    /// Tempo takes raw TraceQL in the query line.
    var acceptsTraceQL: Bool { get }
    func perform(_ request: RemoteRequest)
}
