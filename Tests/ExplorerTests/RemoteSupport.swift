import Backends
import Foundation
@testable import Explorer
import TerminalUI
import TraceAnalysis
import TraceModel

/// A tracing backend in the test: records every request and answers from what the test put in
/// it, as the real source does — replies posted to the inbox, fetched spans submitted to the
/// live feed (so they arrive as a generation, off this thread).
final class ScriptedSource: RemoteSource, @unchecked Sendable {
    let label = "tempo · http://tempo.test"
    let kind = BackendKind.tempo
    let acceptsTraceQL = true
    let inbox: Inbox
    let feed: LiveFeed
    private let lock = NSLock()
    private var log: [RemoteRequest] = []
    /// What every search answers.
    var result = SearchResult()
    /// The traces the backend holds (fetches answer from here).
    var store: [TraceID: TraceSet] = [:]
    var services = ["cart", "frontend", "fraud-check"]
    var operations = ["frontend": ["GET /cart", "GET /checkout", "POST /pay"]]
    var logs: [TraceID: [LogRecord]] = [:]
    /// Fetches stop after their first progress reply until `deliver` (a large, slow trace).
    var holdFetches = false
    /// When the searches ran (the title's last poll time).
    static let searchedAt = Date(timeIntervalSince1970: 1_700_000_123)

    init(inbox: Inbox, feed: LiveFeed) {
        self.inbox = inbox
        self.feed = feed
    }

    var requests: [RemoteRequest] { lock.withLock { log } }

    func perform(_ request: RemoteRequest) {
        lock.withLock { log.append(request) }
        switch request {
        case .search(let q, let id):
            if !result.traces.spans.isEmpty { feed.submit(result.traces) }
            inbox.post(.remote(.searched(id: id, q, result, at: Self.searchedAt)))
        case .fetch(let trace, let id, _):
            inbox.post(.remote(.progress(id: id, received: 512, expected: 1024)))
            if !holdFetches { deliver(trace, id: id) }
        case .services:
            inbox.post(.remote(.services(services)))
        case .operations(let service):
            inbox.post(.remote(.operations(service: service, operations[service] ?? [])))
        case .logs(let trace, _, _):
            // Like spans, the lines go to the live feed; the reply says how many.
            var batch = TraceSet()
            batch.logs = logs[trace] ?? []
            if !batch.logs.isEmpty { feed.submit(batch) }
            inbox.post(.remote(.logs(trace, batch.logs, warnings: [])))
        case .poll, .cancel:
            break
        }
    }

    /// The fetch `id` completes: spans to the feed, then the reply.
    func deliver(_ trace: TraceID, id: Int) {
        guard let set = store[trace] else {
            inbox.post(.remote(.failed(id: id, BackendError(.notFound, "tempo: trace \(trace.hex) not found", status: 404), retryIn: nil)))
            return
        }
        feed.submit(set)
        inbox.post(.remote(.fetched(id: id, trace, spans: set.spans.count, bytes: 1024, warnings: [])))
    }

    /// A poll of the current search came back with `result`.
    func poll(id: Int, query: SearchQuery) {
        inbox.post(.remote(.searched(id: id, query, result, at: Self.searchedAt.addingTimeInterval(5))))
    }
}

/// Traces the scripted backend holds: a root with children in sequence (the critical path
/// runs through them) and a nested call, in services of a small shop.
enum RemoteFixture {
    static let base: Int64 = 1_700_000_000_000_000_000
    static func id(_ n: UInt64) -> TraceID { TraceID(high: 0x1a2b_3c4d_5e6f_7081, low: n) }

    static func trace(_ n: UInt64, at offset: Int64, service: String = "frontend", root: String = "GET /cart",
                      error: Bool = false, extra: Int = 0) -> TraceSet {
        var set = TraceSet()
        let svc = set.strings.intern(service), db = set.strings.intern("cart-db")
        let start = base + offset
        func add(_ span: UInt64, parent: UInt64, name: String, service: StringID, from: Int64, ms: Int64, failed: Bool = false) {
            set.spans.append(Span(traceID: id(n), spanID: SpanID(n * 100 + span), parentID: parent == 0 ? .zero : SpanID(n * 100 + parent),
                                  start: start + from * 1_000_000, duration: ms * 1_000_000, name: set.strings.intern(name),
                                  service: service, status: failed ? .error : .unset))
        }
        add(1, parent: 0, name: root, service: svc, from: 0, ms: 120)
        add(2, parent: 1, name: "load cart", service: svc, from: 5, ms: 40)
        add(3, parent: 2, name: "SELECT cart", service: db, from: 10, ms: 30)
        add(4, parent: 1, name: "price items", service: svc, from: 50, ms: 60, failed: error)
        for k in 0..<extra { add(UInt64(5 + k), parent: 1, name: "late \(k)", service: svc, from: 112, ms: 5) }
        return set
    }

    /// The search row the backend gives for `set` (no spans list: a summary-only API).
    static func summary(_ set: TraceSet) -> Backends.TraceSummary {
        let root = set.spans[0]
        return Backends.TraceSummary(traceID: root.traceID, start: root.start, duration: root.duration,
                                     rootService: set.service(root), rootName: set.name(root),
                                     spanCount: set.spans.count, errorCount: set.spans.filter(\.isError).count,
                                     services: Array(Set(set.spans.map { set.service($0) })).sorted())
    }
}

/// An explorer connected to a scripted backend.
struct RemoteHarness {
    var app: ExplorerApp
    let inbox = Inbox()
    let source: ScriptedSource
    var width: Int
    var height: Int

    init(width: Int = 120, height: Int = 14, result: [TraceSet] = [], whole: [TraceSet] = [], poll: Double? = 5,
         setup: (ScriptedSource) -> Void = { _ in }) {
        self.width = width
        self.height = height
        app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: width, height: height)
        let feed = LiveFeed(data: app.state.data, inbox: inbox)
        source = ScriptedSource(inbox: inbox, feed: feed)
        var traces = TraceSet()
        for t in whole { traces.merge(t) }
        source.result = SearchResult(summaries: (result + whole).map(RemoteFixture.summary).sorted { $0.start > $1.start }, traces: traces)
        for t in result + whole { source.store[t.spans[0].traceID] = t }
        setup(source)
        app.connect(source, feed: feed, poll: poll)
    }

    @discardableResult
    mutating func pump(until: (AppState) -> Bool) -> Bool { app.pump(inbox: inbox, until: until, timeout: 10) }

    /// Keys as a person types them; effects go where the run loop sends them.
    mutating func press(_ keys: String) throws {
        for k in try TerminalUI.KeyNotation.parse(keys) { app.performFileEffects(app.handle(k)) }
    }

    var screen: [String] { app.render(width: width, height: height).text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    var statusLine: String { screen[height - 1] }
    var remote: RemoteState { app.state.remote! }
}

