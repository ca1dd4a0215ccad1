import TraceModel

/// The fetched traces the explorer holds, least recently used first out: bounded by the bytes
/// of their response bodies (the decoded model takes about as much again; see
/// docs/decisions.md). Not thread-safe: `BackendFeed` keeps it under its lock.
struct TraceCache {
    struct Entry {
        var set: TraceSet
        var bytes: Int
        var used: UInt64
    }
    private(set) var entries: [TraceID: Entry] = [:]
    private(set) var bytes = 0
    /// Bytes submitted to the sink since the last rebuild (refreshes submit a trace again).
    private(set) var submitted = 0
    private var clock: UInt64 = 0
    let budget: Int

    init(budget: Int) { self.budget = budget }

    var count: Int { entries.count }

    func contains(_ id: TraceID) -> Bool { entries[id] != nil }

    mutating func touch(_ id: TraceID) {
        clock += 1
        entries[id]?.used = clock
    }

    /// Holds `set` as trace `id`; true when the held traces must be rebuilt from the cache
    /// (over budget: the least recently used were dropped, or refreshes left too many copies).
    mutating func insert(_ id: TraceID, _ set: TraceSet, bytes: Int) -> Bool {
        clock += 1
        if let old = entries[id] { self.bytes -= old.bytes }
        entries[id] = Entry(set: set, bytes: bytes, used: clock)
        self.bytes += bytes
        submitted += bytes
        var evicted = false
        // Keep the trace just inserted even when it alone is over the budget.
        while self.bytes > budget, entries.count > 1,
              let oldest = entries.min(by: { $0.value.used < $1.value.used }), oldest.key != id {
            self.bytes -= oldest.value.bytes
            entries[oldest.key] = nil
            evicted = true
        }
        return evicted || submitted > 2 * max(budget, self.bytes)
    }

    /// Every held trace in one set, for a rebuild.
    mutating func all() -> TraceSet {
        var set = TraceSet()
        for e in entries.values.sorted(by: { $0.used < $1.used }) { set.merge(e.set) }
        submitted = bytes
        return set
    }
}
