import Backends
import Foundation
import TraceModel

/// The explorer on a tracing backend: the wiring the command line and the remote source use.
extension ExplorerApp {
    /// Makes the trace list `source`'s search and sends the first requests (services, the
    /// search for `query`, and polling every `poll` seconds unless nil). `feed` is the live
    /// feed the source submits fetched spans and Loki's log lines to (built on `state.data`,
    /// posting to the inbox the run loop waits on).
    public mutating func connect(_ source: any RemoteSource, feed: LiveFeed?, query: SearchQuery = SearchQuery(),
                                 poll: Double? = 5) {
        remote = source
        self.feed = feed
        markLive()
        let effects = state.connect(label: source.label, acceptsTraceQL: source.acceptsTraceQL, query: query, poll: poll)
        for case .remote(let request) in effects { source.perform(request) }
    }

    /// Deep link (`--trace ID [--span ID]`): opens the trace when loaded, else fetches it and
    /// opens it (with the span selected) when it arrives.
    public mutating func openRemote(traceID: TraceID, spanID: SpanID? = nil) {
        performFileEffects(state.openRemote(traceID: traceID, spanID: spanID))
    }

    /// Headless runs against a backend: handles messages from `inbox` (replies, generations)
    /// until `until` holds or `timeout` seconds pass; true when it held.
    @discardableResult
    public mutating func pump(inbox: Inbox, until: (AppState) -> Bool, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            for m in inbox.drain() { performFileEffects(state.update(m)) }
            if until(state) { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            _ = inbox.wait(timeoutMs: max(1, min(100, Int(left * 1000))))
        }
    }

    /// Headless runs against a backend, after connecting and after each key: waits (at most
    /// `timeout` seconds) until no search or fetch is under way and the feed has handed over
    /// every generation, handling what arrives. False on timeout.
    @discardableResult
    public mutating func settle(inbox: Inbox, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let feed = self.feed
        while true {
            let quiet = pump(inbox: inbox, until: { !$0.isWaitingForBackend && (feed?.isIdle ?? true) },
                             timeout: max(0, deadline.timeIntervalSinceNow))
            // The feed posts before it says it is idle: what it posted last is handled here.
            let late = inbox.drain()
            for m in late { performFileEffects(state.update(m)) }
            if !quiet { return false }
            if late.isEmpty { return true }
        }
    }
}
