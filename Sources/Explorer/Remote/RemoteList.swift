import Backends
import TraceModel

/// What one trace-list row shows, from a loaded trace or a backend's search result: the file
/// list and the backend list draw and sort the same values.
struct ListRow {
    var traceID: TraceID
    var start: Int64
    var duration: Int64
    var rootService: String
    var rootName: String
    /// nil: the backend did not say.
    var spans: Int?
    var services: Int?
    var errors: Int?
    var missingParents = 0
    /// Marks before the root (`+` new, `●` fetched).
    var fresh = false
    var fetched = false
    /// Live data: spans came for it within the last few seconds.
    var arriving = false

    init(_ s: TraceSummary) {
        traceID = s.traceID
        start = s.start
        duration = s.duration
        rootService = s.rootService
        rootName = s.rootName
        spans = s.spanCount
        services = s.serviceCount
        errors = s.errorCount
        missingParents = s.missingParents
    }

    /// A backend's row is input: times into the model's range (as the decoders do), counts
    /// that cannot be are "not said".
    init(_ s: Backends.TraceSummary) {
        traceID = s.traceID
        start = ModelTime.clamp(s.start)
        duration = ModelTime.clampDuration(s.duration)
        rootService = s.rootService
        rootName = s.rootName
        spans = s.spanCount.flatMap { $0 >= 0 ? $0 : nil }
        services = s.services.isEmpty ? nil : s.services.count
        errors = s.errorCount.flatMap { $0 >= 0 ? $0 : nil }
    }

    func key(_ field: SortField) -> Int64 {
        switch field {
        case .start: return start
        case .duration: return duration
        case .spans: return Int64(spans ?? -1)
        case .errors: return Int64(errors ?? -1)
        }
    }
}

extension AppState {
    /// Row `k` of the backend's results: the loaded trace's own numbers once fetched (the
    /// search's summary may count fewer spans), else the backend's summary.
    func remoteRow(_ k: Int) -> ListRow {
        let s = remote!.results[k]
        var row: ListRow
        if let t = data.traceIndex(of: s.traceID) {
            row = ListRow(data.summaries[t])
            row.fetched = true
        } else {
            row = ListRow(s)
        }
        row.fresh = remote!.fresh.contains(s.traceID)
        return row
    }

    /// The longest duration the list's bars are scaled to.
    var listMaxDuration: Int64 {
        guard remote != nil else { return data.maxDuration }
        return list.rows.lazy.map { remoteRow($0).duration }.max() ?? 0
    }

    /// The list row showing loaded trace `t` (on a backend: its search result), if listed.
    func listRow(of t: Int) -> Int? {
        guard let r = remote else { return list.rows.firstIndex(of: t) }
        let id = data.summaries[t].traceID
        return list.rows.firstIndex { r.results[$0].traceID == id }
    }

    /// The result under the list cursor.
    var selectedResult: TraceID? {
        guard let r = remote, list.cursor < list.rows.count, list.rows[list.cursor] < r.results.count else { return nil }
        return r.results[list.rows[list.cursor]].traceID
    }

    /// The loaded trace under the list cursor (nil on a backend result not fetched yet).
    var listSelectedTrace: Int? {
        guard list.cursor < list.rows.count else { return nil }
        guard let r = remote else { return list.rows[list.cursor] }
        return data.traceIndex(of: r.results[list.rows[list.cursor]].traceID)
    }

    /// `refilter` on a backend: `list.rows` index `remote.results`, sorted like the file list
    /// (ties keep the backend's order); the cursor stays on its trace.
    mutating func refilterRemote(keeping selected: TraceID? = nil) {
        guard let r = remote else { return }
        let selected = selected ?? selectedResult
        let only = list.only?.traces
        let values = r.results.indices.map { remoteRow($0) }
        var rows = r.results.indices.filter { k in
            only.map { set in data.traceIndex(of: values[k].traceID).map(set.contains) ?? false } ?? true
        }
        let field = list.sort, desc = list.descending
        rows.sort { a, b in
            let ka = values[a].key(field), kb = values[b].key(field)
            if ka != kb { return desc ? ka > kb : ka < kb }
            return a < b
        }
        list.rows = rows
        list.cursor = selected.flatMap { id in rows.firstIndex { r.results[$0].traceID == id } } ?? min(list.cursor, max(0, rows.count - 1))
        clampScrolls()
    }
}
