import Backends
import Foundation
import Testing
@testable import Explorer
import TerminalUI
import TraceModel

/// The trace list on a backend: the search, the query line with completion and mistakes,
/// polling with its marks, failures and the `w` toggle.
@Suite struct RemoteSearchTests {
    static let a = RemoteFixture.trace(1, at: 0)
    static let b = RemoteFixture.trace(2, at: 2_000_000_000, service: "cart", root: "POST /cart/items", error: true)
    static let c = RemoteFixture.trace(3, at: 4_000_000_000, root: "GET /checkout")

    /// Clears the query line's text (whatever the current query prints as).
    static func clearDraft(_ h: inout RemoteHarness) throws {
        for _ in h.remote.draft ?? "" { try h.press("<BS>") }
    }

    /// Runs `text` as the query and waits for its results.
    static func search(_ h: inout RemoteHarness, _ text: String) throws {
        try h.press(":")
        try clearDraft(&h)
        try h.press(text + "<Enter>")
        h.pump { $0.remote?.searching == nil }
    }

    @Test func connectingAsksForServicesTheSearchAndPolling() {
        var h = RemoteHarness(result: [Self.a, Self.b])
        let sent = h.source.requests
        #expect(sent.count == 3)
        #expect(sent.first == .services)
        guard case .search(let q, let id)? = sent.dropFirst().first else { Issue.record("no search: \(sent)"); return }
        #expect(q == SearchQuery())
        #expect(sent.last == .poll(interval: 5))
        #expect(h.pump { $0.remote?.searched == true })
        #expect(h.remote.searchID == id)
        #expect(h.app.state.list.rows.count == 2)
    }

    /// The search list: newest first, a trace the search returned whole already fetched (`●`).
    @Test func searchListScreen() throws {
        var h = RemoteHarness(result: [Self.a, Self.b], whole: [Self.c])
        try Self.search(&h, "service=frontend")
        #expect(h.pump { $0.data.summaries.count == 1 })
        guard case .search(let q, _)? = h.source.requests.last else { Issue.record("no search sent"); return }
        #expect(q.service == "frontend")
        let grid = h.app.render(width: 120, height: 14)
        try Snapshot.expect("remote-list.txt", Snapshot.document(text: grid.text(), roles: grid.roles()))
        // Newest first; the whole trace is marked fetched.
        let rows = h.screen
        #expect(rows[4].contains("● frontend: GET /checkout"))
        #expect(rows[5].contains("cart: POST /cart/items"))
        #expect(rows[6].contains("frontend: GET /cart"))
        // The existing sort keys work on the results.
        try h.press("s")
        #expect(h.app.state.list.sort == .duration)
        try h.press("ss")
        #expect(h.app.state.list.sort == .errors)
        #expect(h.screen[4].contains("cart: POST /cart/items"))
    }

    @Test func typingAQueryCompletesServicesAndOperations() throws {
        var h = RemoteHarness(result: [Self.a])
        h.pump { $0.remote?.services != nil && $0.remote?.searched == true }
        try h.press(":")
        #expect(h.app.state.context == .query)
        try Self.clearDraft(&h)
        try h.press("service=fr")
        // Both f-services match, the one starting with the prefix first, in the suggestion row.
        #expect(h.app.state.querySuggestions == ["frontend", "fraud-check"])
        #expect(h.screen[2].contains("frontend  fraud-check"))
        try h.press("o<Tab>")
        #expect(h.remote.draft == "service=frontend ")
        try h.press("op=GE")
        #expect(h.source.requests.last == .operations(service: "frontend"))
        h.pump { $0.remote?.operations["frontend"] != nil }
        try h.press("<Tab>")
        // The common part of "GET /cart" and "GET /checkout", its quote opened.
        #expect(h.remote.draft == "service=frontend op=\"GET /c")
        let grid = h.app.render(width: 120, height: 14)
        try Snapshot.expect("remote-query-completion.txt", Snapshot.document(text: grid.text(), roles: grid.roles()))
        try h.press("a<Tab>")
        #expect(h.remote.draft == "service=frontend op=\"GET /cart\" ")
        try h.press("<Enter>")
        guard case .search(let q, _)? = h.source.requests.last else { Issue.record("no search sent"); return }
        #expect(q.service == "frontend")
        #expect(q.operation == "GET /cart")
        #expect(h.app.state.overlay == .none)
        #expect(h.screen[1].contains("search: service=frontend op=\"GET /cart\""))
    }

    @Test func aParseErrorIsShownWithItsColumnAndNothingRuns() throws {
        var h = RemoteHarness(result: [Self.a])
        h.pump { $0.remote?.searched == true }
        let before = h.source.requests.count
        try h.press(":")
        try Self.clearDraft(&h)
        try h.press("service=frontend min=fast<Enter>")
        #expect(h.source.requests.count == before)
        #expect(h.app.state.overlay == .query)
        let error = try #require(h.remote.queryError)
        let column = try #require(error.column)
        let line = h.screen[2]
        // The caret stands under the column the parser named (the line starts after "search: ").
        let caret = try #require(line.firstIndex(of: "^"))
        #expect(line.distance(from: line.startIndex, to: caret) == 1 + "search: ".count + column - 1)
        #expect(line.contains("column \(column): "))
        #expect(line.contains(error.message))
        // Fixing it clears the mistake and runs.
        for _ in 0..<4 { try h.press("<BS>") }
        #expect(h.remote.queryError == nil)
        try h.press("200ms<Enter>")
        guard case .search(let q, _)? = h.source.requests.last else { Issue.record("no search sent"); return }
        #expect(q.minDuration == 200_000_000)
    }

    @Test func readlineKeysEditTheQueryLine() throws {
        var h = RemoteHarness(result: [Self.a])
        h.pump { $0.remote?.searched == true }
        try h.press(":")
        #expect(h.remote.draft?.isEmpty == false)  // the current query, ready to edit
        try h.press("<C-u>")
        #expect(h.remote.draft == "")
        try h.press("service=cart since=2h  ")
        try h.press("<C-w>")
        #expect(h.remote.draft == "service=cart ")
        try h.press("since=3h<Enter>")
        guard case .search(let q, _)? = h.source.requests.last else { Issue.record("no search sent"); return }
        #expect(q.service == "cart")
        #expect(q.window == .lookback(3 * 3_600_000_000_000))
    }

    @Test func traceQLOnlyWhereTheBackendTakesIt() throws {
        var h = RemoteHarness(result: [Self.a])
        try h.press(":")
        try Self.clearDraft(&h)
        try h.press("{ span.http.status_code = 500 }<Enter>")
        guard case .search(let q, _)? = h.source.requests.last else { Issue.record("no search sent"); return }
        #expect(q.traceQL != nil)
    }

    /// A poll adds a trace: it comes in under the current sort with the new mark, and the cursor
    /// stays on the trace it was on.
    @Test func pollingAddsATraceMarkedNewAndTheCursorStays() throws {
        var h = RemoteHarness(result: [Self.a, Self.b])
        h.pump { $0.remote?.searched == true }
        try h.press("j")  // the older trace, a
        let selected = h.remote.results[h.app.state.list.rows[h.app.state.list.cursor]].traceID
        #expect(selected == RemoteFixture.id(1))
        h.source.result.summaries.insert(RemoteFixture.summary(Self.c), at: 0)
        h.source.poll(id: h.remote.searchID, query: h.remote.query)
        #expect(h.pump { $0.list.rows.count == 3 })
        #expect(h.remote.fresh == [RemoteFixture.id(3)])
        let state = h.app.state
        #expect(h.remote.results[state.list.rows[state.list.cursor]].traceID == selected)
        #expect(state.list.cursor == 2)
        let rows = h.screen
        #expect(rows[4].contains("+ frontend: GET /checkout"))
        #expect(!rows[5].contains("+"))
        #expect(rows[0].contains("polling 5 s · 22:15:28"))
        // A key press: seen.
        try h.press("k")
        #expect(h.remote.fresh.isEmpty)
        #expect(!h.screen[4].contains("+ frontend"))
    }

    @Test func aFailedPollIsShownWithItsRetryAndTheResultsStay() throws {
        var h = RemoteHarness(result: [Self.a, Self.b])
        h.pump { $0.remote?.searched == true }
        h.inbox.post(.remote(.failed(id: nil, BackendError(.unavailable, "tempo: 503 too many outstanding requests", status: 503), retryIn: 4)))
        h.pump { $0.remote?.failure != nil }
        #expect(h.statusLine.contains("trace 1/2 · tempo: 503 too many outstanding requests · retrying in 4 s"))
        #expect(h.app.state.list.rows.count == 2)
        // The next poll that works clears it.
        h.source.poll(id: h.remote.searchID, query: h.remote.query)
        h.pump { $0.remote?.failure == nil }
        #expect(!h.statusLine.contains("503"))
    }

    @Test func wTogglesPolling() throws {
        var h = RemoteHarness(result: [Self.a])
        h.pump { $0.remote?.searched == true }
        try h.press("w")
        #expect(h.source.requests.last == .poll(interval: nil))
        #expect(h.screen[0].contains("polling paused"))
        #expect(h.app.state.live?.following == true)  // fetched traces still arrive
        try h.press("w")
        #expect(h.source.requests.last == .poll(interval: 5))
        #expect(h.screen[0].contains("polling 5 s"))
        #expect(h.statusLine.contains("polling every 5 s"))
    }

    @Test func resultsSpanningDaysShowDates() throws {
        let old = RemoteFixture.trace(4, at: -2 * 86_400_000_000_000)
        var h = RemoteHarness(result: [Self.a, old])
        h.pump { $0.remote?.searched == true }
        #expect(h.screen[5].contains("2023-11-12 22:13:20"))
        #expect(h.screen[4].contains("2023-11-14 22:13:20"))
    }

    @Test func markAndCompareNeedAFetchedTrace() throws {
        var h = RemoteHarness(result: [Self.a])
        h.pump { $0.remote?.searched == true }
        try h.press("m")
        #expect(h.app.state.markedTrace == nil)
        #expect(h.app.state.message.contains("not fetched yet"))
    }

    @Test func helpOnABackendListExplainsTheQueryAndTheMarks() throws {
        var h = RemoteHarness(result: [Self.a])
        try h.press("?")
        let items = HelpOverlay.lines(h.app.state)
        #expect(items.contains { $0.keys == "(query) <Tab>" && $0.help == "complete the service= / op= value" })
        #expect(items.contains { $0.keys == "  " + Mark.fetched.text(true) && $0.help == Mark.fetched.meaning })
        #expect(items.contains { $0.keys == "  {  }" || $0.keys == "  { … }" })
        #expect(!items.contains { $0.keys.hasPrefix("Filter (/)") })
    }

    /// What `--render --keys` against a backend does: settle after connecting and after a key.
    @Test func settleWaitsForTheSearchTheWholeTracesAndAFetch() throws {
        var h = RemoteHarness(result: [Self.a], whole: [Self.c])
        let settled = h.app.settle(inbox: h.inbox, timeout: 10)
        #expect(settled)
        #expect(h.remote.searched && h.app.state.data.summaries.count == 1)
        #expect(h.screen[4].contains("● frontend: GET /checkout"))
        try h.press("j<Enter>")
        let opened = h.app.settle(inbox: h.inbox, timeout: 10)
        #expect(opened)
        #expect(h.app.state.screen == .waterfall(1))
    }

    @Test func theTitleShowsTheCache() throws {
        var h = RemoteHarness(result: [Self.a])
        h.inbox.post(.remote(.cache(traces: 12, bytes: 48_000_000)))
        h.pump { $0.remote?.cache != nil }
        #expect(h.screen[0].contains("· cache 12 traces · 48.0 MB"))
    }

    /// A backend's rows are input: impossible times, negative durations, control characters,
    /// the same trace twice and a thousand rows draw and sort without a crash or raw escapes.
    @Test func hostileSummariesDrawAndSort() throws {
        var h = RemoteHarness(result: []) { $0.holdFetches = true }
        var rows = [
            Backends.TraceSummary(traceID: RemoteFixture.id(7), start: .max, duration: -5, rootService: "\u{1b}[31mevil", rootName: "\u{202e}name"),
            Backends.TraceSummary(traceID: RemoteFixture.id(7), start: .min, duration: .max, rootService: "", rootName: "", spanCount: -1, errorCount: -3),
        ]
        for k in 0..<1000 {
            rows.append(Backends.TraceSummary(traceID: RemoteFixture.id(UInt64(100 + k)), start: RemoteFixture.base + Int64(k), duration: Int64(k), rootService: "s", rootName: "n"))
        }
        h.inbox.post(.remote(.searched(id: h.remote.searchID, h.remote.query, SearchResult(summaries: rows), at: ScriptedSource.searchedAt)))
        h.pump { $0.list.rows.count == 1002 }
        for key in ["s", "s", "s", "s", "S", "G", "g"] {
            try h.press(key)
            let text = h.screen.joined(separator: "\n")
            #expect(!text.contains("\u{1b}") && !text.contains("\u{202e}"))
        }
        try h.press("<Enter>")
        let fetch = try #require(h.remote.fetch)
        // Numbers from the source that fit nothing.
        h.inbox.post(.remote(.progress(id: fetch.id, received: .max, expected: 1)))
        h.inbox.post(.remote(.failed(id: nil, BackendError(.unavailable, "tempo: 503"), retryIn: .infinity)))
        h.pump { $0.remote?.failure != nil }
        #expect(h.statusLine.contains("fetching 1a2b3c4d… 100% (Esc cancels)"))
        try h.press("<Esc>")
        #expect(h.statusLine.contains("tempo: 503 · retrying in a while"))
    }

    /// A backend that cannot be reached at start: the list says why, a headless run does not
    /// wait for results that will not come, and a later search that works replaces it.
    @Test func aFailedFirstSearchIsAnAnswer() throws {
        var h = RemoteHarness(result: [Self.a])
        _ = h.inbox.drain()  // the scripted search's answer never arrived
        h.inbox.post(.remote(.failed(id: h.remote.searchID, BackendError(.unreachable, "http://localhost:16686: connection refused"), retryIn: nil)))
        let settled = h.app.settle(inbox: h.inbox, timeout: 10)
        #expect(settled)
        #expect(h.screen[4].contains("search failed: http://localhost:16686: connection refused"))
        #expect(h.statusLine.contains("connection refused"))
        try Self.search(&h, "service=frontend")
        #expect(h.remote.searchError == nil)
        #expect(h.screen[4].contains("frontend: GET /cart"))
    }
}
