import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TraceAnalysis

@Suite struct TraceListTests {
    @Test func sortCycles() throws {
        var app = try Fixture.demoApp()
        let sums = app.state.data.summaries
        _ = try app.press("s")
        #expect(app.state.list.sort == .duration && app.state.list.descending)
        let d = app.state.list.rows.map { sums[$0].duration }
        #expect(d == d.sorted(by: >))
        _ = try app.press("S")
        let asc = app.state.list.rows.map { sums[$0].duration }
        #expect(asc == asc.sorted())
        _ = try app.press("sss")
        #expect(app.state.list.sort == .start)
    }

    @Test(arguments: ["error", "duration>200ms", "duration<=10ms", "inventory", "net.peer.name=payment", "error checkout"])
    func filterAsYouType(query: String) throws {
        var app = try Fixture.demoApp()
        _ = try app.press("/" + query.split(separator: "<", omittingEmptySubsequences: false).joined(separator: "<lt>"))
        let data = app.state.data
        let filter = TraceFilter(query)
        let expected = data.summaries.indices.filter { filter.matches(data.summaries[$0], data: data) }
        #expect(Set(app.state.list.rows) == Set(expected) && app.state.list.rows.count == expected.count)
        #expect(!expected.isEmpty && expected.count < 150)
        switch TraceFilter.term(query.split(separator: " ")[0].description) {
        case .error: #expect(app.state.list.rows.allSatisfy { data.summaries[$0].errorCount > 0 })
        case .duration(let op, let ns):
            #expect(app.state.list.rows.allSatisfy { op == ">" ? data.summaries[$0].duration > ns : data.summaries[$0].duration <= ns })
        default: break
        }
        _ = try app.press("<Enter>")
        #expect(app.state.list.filter == query && !app.state.searchActive)
        _ = try app.press("<Esc>")
        #expect(app.state.list.rows.count == 150)
    }

    @Test func filterTerms() {
        #expect(TraceFilter.parseDuration("200ms") == 200_000_000)
        #expect(TraceFilter.parseDuration("1.5s") == 1_500_000_000)
        #expect(TraceFilter.parseDuration("3µs") == 3_000)
        #expect(TraceFilter.parseDuration("7parsecs") == nil)
    }

    @Test func typingBackspaceAndCancel() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("/errorx")
        #expect(app.state.list.rows.isEmpty)
        _ = try app.press("<BS>")
        #expect(!app.state.list.rows.isEmpty && app.state.prompt == "error")
        _ = try app.press("<Esc>")
        #expect(app.state.list.filter.isEmpty && app.state.list.rows.count == 150)
    }
}
