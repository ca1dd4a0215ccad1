import Backends
import Foundation
import TraceModel

extension AppState {
    /// `:` (or `/`) on a backend's trace list: edit the query line, starting from the current one.
    mutating func editQuery() -> [Effect] {
        guard remote != nil else { message = "no backend: : edits a backend's search (spanscope http://…)"; return [] }
        remote!.draft = remote!.queryText.isEmpty || remote!.queryText.hasSuffix(" ") ? remote!.queryText : remote!.queryText + " "
        remote!.queryError = nil
        overlay = .query
        return completionRequests()
    }

    mutating func performQuery(_ cmd: Command) -> [Effect] {
        guard remote != nil, var draft = remote!.draft else { overlay = .none; return [] }
        switch cmd {
        case .searchAppend(let c): draft.append(c)
        case .searchDelete: if !draft.isEmpty { draft.removeLast() }
        case .deleteWord: draft = LineEditing.deletingWord(draft)
        case .clearLine: draft = ""
        case .complete:
            guard let c = QueryLine.completing(draft) else { message = "Tab completes service= and op= values"; return [] }
            let candidates = QueryLine.suggestions(c.prefix, from: completionList(c.key, draft: draft) ?? [])
            if candidates.isEmpty { message = "no \(c.key == .service ? "service" : "operation") matches"; return [] }
            draft = QueryLine.complete(draft, c, candidates: candidates)
        case .searchConfirm:
            return runQuery(draft)
        case .searchCancel:
            remote!.draft = nil
            remote!.queryError = nil
            overlay = .none
            return []
        default:
            return []
        }
        remote!.draft = draft
        remote!.queryError = nil
        return completionRequests()
    }

    /// `<Enter>` on the query line: a mistake stays on the line with its column; a good query
    /// replaces the search (results come back as `.searched`).
    private mutating func runQuery(_ text: String) -> [Effect] {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        switch QueryLine.parse(text, defaults: remote!.defaults, now: now) {
        case .failure(let e):
            remote!.queryError = (e.column, e.word + ": " + e.reason)
            return []
        case .success(let q):
            if q.traceQL != nil && !remote!.acceptsTraceQL {
                remote!.queryError = (1, "TraceQL ({ … }) is for Tempo; this backend takes service=… op=… key=value")
                return []
            }
            let id = remote!.newID()
            remote!.query = q
            remote!.queryText = text.trimmingCharacters(in: .whitespaces)
            remote!.draft = nil
            remote!.queryError = nil
            remote!.searching = id
            remote!.searchID = id
            remote!.fresh = []
            remote!.searched = false
            // A new search starts at its newest trace (a poll keeps the cursor instead).
            list.cursor = 0
            list.scroll = 0
            overlay = .none
            return [.remote(.search(q, id: id))]
        }
    }

    /// The backend's list for the value being typed: services, or the operations of the
    /// service on the line (nil while it is not known yet).
    func completionList(_ key: QueryLine.Completing.Key, draft: String) -> [String]? {
        switch key {
        case .service: return remote?.services
        case .operation: return QueryLine.service(in: draft).flatMap { remote?.operations[$0] }
        }
    }

    /// Asks once for the list the line needs next.
    private mutating func completionRequests() -> [Effect] {
        guard let draft = remote?.draft, let c = QueryLine.completing(draft) else { return [] }
        switch c.key {
        case .service:
            guard remote!.services == nil, !remote!.askedServices else { return [] }
            remote!.askedServices = true
            return [.remote(.services)]
        case .operation:
            guard let service = QueryLine.service(in: draft), remote!.askedOperations.insert(service).inserted else { return [] }
            return [.remote(.operations(service: service))]
        }
    }

    /// Suggestions shown under the line while a `service=` / `op=` value is typed.
    var querySuggestions: [String] {
        guard let draft = remote?.draft, let c = QueryLine.completing(draft) else { return [] }
        return QueryLine.suggestions(c.prefix, from: completionList(c.key, draft: draft) ?? [])
    }
}
