import GRDB
import TraceModel

/// The newest traces of a store, as many as fit in a span budget: what the explorer shows of a
/// store, so opening one of millions of spans reads the trace rows and a few batches, not all.
public struct StoreWindow: Sendable {
    public var set: TraceSet
    /// Traces in `set`; whether the store has more (with the same `since`/`service`), and how
    /// many traces and spans it holds in all (nil with a filter: not counted).
    public var shownTraces: Int
    public var more: Bool
    public var totalTraces: Int?
    public var totalSpans: Int?

    /// "newest 1204 of 88310 traces" when the window holds less than the store.
    public var note: String? {
        guard more else { return nil }
        return totalTraces.map { "newest \(shownTraces) of \($0) traces" } ?? "newest \(shownTraces) traces"
    }
}

extension TraceStore {
    /// The newest traces (by when their last span was received) whose spans add up to at most `spanBudget` (at least
    /// one trace), with linked logs. The trace list is read newest first and stops at the budget.
    public func newest(spanBudget: Int, since: Int64? = nil, service: String? = nil) throws(StoreError) -> StoreWindow {
        // Read the list a page at a time, each 4× the last, until the budget is filled: a store
        // of millions of spans is never listed whole.
        var limit = 1024
        var ids: [TraceID] = []
        var more = false
        while true {
            let page = try traceList(since: since, service: service, limit: limit, byArrival: true)
            ids = []
            var spans = 0
            more = false
            for t in page {
                if spans + t.spanCount > spanBudget && !ids.isEmpty { more = true; break }
                ids.append(t.traceID)
                spans += t.spanCount
            }
            if more || page.count < limit { break }
            limit *= 4
        }
        let counts: (traces: Int, spans: Int)? = since == nil && service == nil ? try self.counts() : nil
        if !more {
            return StoreWindow(set: try loadAll(since: since, service: service), shownTraces: ids.count, more: false,
                               totalTraces: counts?.traces, totalSpans: counts?.spans)
        }
        // The batches of those traces in one query each for spans and logs (the list's own
        // order and limit): asking per trace took 32 s for 62,500 traces of a 10 M-span store.
        let (filter, args) = Self.filter(since: since, until: nil, service: service)
        let newest = "FROM traces \(filter) ORDER BY received DESC, id DESC LIMIT \(ids.count)"
        let set = try loadBatches(keep: Set(ids), looseLogsSince: nil) { db in
            var batches = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM spans WHERE trace IN (SELECT id \(newest))", arguments: args))
            batches.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM logs WHERE trace_id IN (SELECT trace_id \(newest))", arguments: args))
            return batches
        }
        return StoreWindow(set: set, shownTraces: ids.count, more: true, totalTraces: counts?.traces, totalSpans: counts?.spans)
    }
}
