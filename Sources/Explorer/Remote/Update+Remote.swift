import Backends
import Foundation
import TraceModel

extension AppState {
    /// Backend mode from here on: the trace list becomes the search. Returns the first
    /// requests: the completion list of services, the search, and polling when on.
    public mutating func connect(label: String, acceptsTraceQL: Bool, query: SearchQuery, poll interval: Double?) -> [Effect] {
        var r = RemoteState(label: label, acceptsTraceQL: acceptsTraceQL, query: query, polling: interval != nil,
                            interval: interval ?? 5)
        r.askedServices = true
        let id = r.newID()
        r.searching = id
        r.searchID = id
        remote = r
        list.sort = .start
        list.descending = true
        refilter()
        var effects: [Effect] = [.remote(.services), .remote(.search(query, id: id))]
        if let interval { effects.append(.remote(.poll(interval: interval))) }
        return effects
    }

    /// A backend's answer.
    mutating func receive(_ reply: RemoteReply) -> [Effect] {
        guard remote != nil else { return [] }
        switch reply {
        case .searched(let id, let query, let result, let at):
            // A poll of an older query, or a search replaced meanwhile: not what is asked now.
            guard id == remote!.searchID || query == remote!.query else { return [] }
            if remote!.searching == id { remote!.searching = nil }
            adoptResults(result.summaries, at: at)
            if let w = result.warnings.first { message = w }
        case .progress(let id, let received, let expected):
            guard remote!.fetch?.id == id else { return [] }
            remote!.fetch!.received = received
            remote!.fetch!.expected = expected
        case .fetched(let id, _, let spans, _, let warnings):
            guard let f = remote!.fetch, f.id == id else { return [] }
            remote!.fetch!.delivered = true
            if let w = warnings.first { message = w }
            if f.refresh {
                remote!.fetch = nil
                message = "refreshed \(f.traceID.hex.prefix(8)): \(Plural.counted(spans, "span"))"
                return []
            }
            return openFetchedIfArrived()
        case .services(let list):
            remote!.services = list
        case .operations(let service, let list):
            remote!.operations[service] = list
        case .failed(let id, let error, let retryIn):
            failed(id: id, error, retryIn: retryIn)
        case .logs(let trace, let records, let warnings):
            remote!.logsPending.remove(trace)
            if let w = warnings.first { message = w }
            // The source submitted them to the live feed, as it does spans: they arrive as a
            // generation. This reply only says so.
            guard !records.isEmpty else { return [] }
            message = "\(Plural.counted(records.count, "log line")) for \(trace.hex.prefix(8))"
        case .cache(let traces, let bytes):
            remote!.cache = (traces, bytes)
        }
        return []
    }

    private mutating func failed(id: Int?, _ error: BackendError, retryIn: Double?) {
        if let id, remote!.fetch?.id == id {
            remote!.fetch = nil
        } else if id != nil && remote!.searching == id || id == nil && !remote!.searched {
            // The search was answered, with an error: the list says so instead of "searching…".
            remote!.searching = nil
            remote!.searched = true
            remote!.searchError = error.message
        }
        if let retryIn {
            remote!.failure = (error, retryIn)
        } else {
            message = error.message
        }
    }

    /// Replaces the result rows; traces a repeat of the same search adds are marked new, and the
    /// cursor stays on its trace.
    mutating func adoptResults(_ rows: [Backends.TraceSummary], at: Date) {
        guard var r = remote else { return }
        let selected = selectedResult
        if r.searched {
            let before = Set(r.results.map(\.traceID))
            r.fresh.formUnion(rows.lazy.map(\.traceID).filter { !before.contains($0) })
        }
        r.results = rows
        r.searched = true
        r.lastPoll = at
        r.failure = nil
        r.searchError = nil
        remote = r
        refilterRemote(keeping: selected)
    }

    /// `<Enter>` on a result: open it when loaded, else fetch it and open it when it arrives.
    mutating func openResult() -> [Effect] {
        guard let r = remote, list.cursor < list.rows.count else { message = "no trace to open"; return [] }
        let id = r.results[list.rows[list.cursor]].traceID
        return openRemote(traceID: id, spanID: nil)
    }

    /// Opens `traceID` (selecting `spanID`), fetching it first when no generation holds it.
    public mutating func openRemote(traceID: TraceID, spanID: SpanID?) -> [Effect] {
        if data.traceIndex(of: traceID) != nil, remote?.fetch?.traceID != traceID {
            _ = select(traceID: traceID, spanID: spanID)
            return logsRequest()
        }
        guard remote != nil else { message = "not found: \(traceID.hex)"; return [] }
        return startFetch(PendingFetch(id: remote!.newID(), traceID: traceID, spanID: spanID))
    }

    /// Waits for `fetch` (one at a time: an earlier one is no longer wanted) and asks for it.
    private mutating func startFetch(_ fetch: PendingFetch) -> [Effect] {
        let cancel = remote!.fetch.map { [Effect.remote(.cancel(id: $0.id))] } ?? []
        remote!.fetch = fetch
        return cancel + [.remote(.fetch(fetch.traceID, id: fetch.id, refresh: fetch.refresh))]
    }

    /// After a new generation (or `.fetched`): the trace waited for is open-able, open it.
    mutating func openFetchedIfArrived() -> [Effect] {
        guard let f = remote?.fetch, !f.refresh, data.traceIndex(of: f.traceID) != nil else { return [] }
        remote!.fetch = nil
        _ = select(traceID: f.traceID, spanID: f.spanID)
        return logsRequest()
    }

    /// Loki lines of the open trace, within its time range (answered empty without Loki).
    mutating func logsRequest() -> [Effect] {
        guard remote != nil, let wf = waterfall else { return [] }
        let tree = wf.index.tree
        let id = data.summaries[wf.traceIndex].traceID
        guard remote!.logsAsked.insert(id).inserted else { return [] }
        remote!.logsPending.insert(id)
        return [.remote(.logs(id, start: tree.startNs, end: tree.startNs &+ tree.durationNs))]
    }

    /// `<Esc>` while a fetch runs: stop it.
    mutating func cancelFetch() -> [Effect]? {
        guard let f = remote?.fetch else { return nil }
        remote!.fetch = nil
        message = "cancelled: fetching \(f.traceID.hex.prefix(8))"
        return [.remote(.cancel(id: f.id))]
    }

    /// `r` in a waterfall: fetch the trace again; its new spans come as a generation and the
    /// rebase keeps cursor and folds.
    mutating func refreshTrace() -> [Effect] {
        guard remote != nil else { message = "r refreshes a trace fetched from a backend"; return [] }
        guard let wf = waterfall else { return [] }
        return startFetch(PendingFetch(id: remote!.newID(), traceID: data.summaries[wf.traceIndex].traceID, refresh: true))
    }

    /// `w` on a backend: polling on or off.
    mutating func togglePolling() -> [Effect] {
        remote!.polling.toggle()
        let on = remote!.polling
        message = on ? "polling every \(Self.seconds(remote!.interval))" : "polling paused (w resumes)"
        return [.remote(.poll(interval: on ? remote!.interval : nil))]
    }

    /// "5 s", "0.5 s" (a source's number, so never trusted to fit an Int).
    static func seconds(_ s: Double) -> String {
        guard s.isFinite, abs(s) < 1e9 else { return "a while" }
        return s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    /// Where the data comes from, for a waterfall's title: the backend, or live data's state.
    var sourceLabel: String? {
        if let r = remote { return r.label }
        return live?.label()
    }

    /// A search or a fetch is under way (headless runs wait for them: `ExplorerApp.settle`).
    public var isWaitingForBackend: Bool {
        guard let r = remote else { return false }
        return !r.searched || r.searching != nil || r.fetch != nil || !r.logsPending.isEmpty
    }

    /// The status line's part while a fetch runs.
    var remoteStatus: String? {
        guard let r = remote else { return nil }
        if let f = r.fetch { return f.status }
        if let (error, retry) = r.failure {
            return error.message + (retry.map { " · retrying in \(Self.seconds($0.rounded(.up)))" } ?? "")
        }
        if r.searching != nil { return "searching…" }
        return nil
    }
}
