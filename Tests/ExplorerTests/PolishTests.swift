import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TraceAnalysis

/// Service colours, mouse selection and <Esc> in the waterfall.
@Suite struct PolishTests {
    static func checkout() throws -> ExplorerApp {
        let (set, analysis) = try Fixture.checkout()
        return ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
    }

    static func demo() throws -> ExplorerApp {
        let (set, analysis) = try Fixture.demo()
        return ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
    }

    // MARK: service colours

    @Test func waterfallServicesShareTheirPaletteRole() throws {
        var app = try Self.checkout()
        _ = try app.press("G")  // cursor off the first rows, so they are not drawn as selected
        let grid = app.render(width: 120, height: 24)
        let text = grid.lines().map(Array.init)
        let roles = grid.roleLines().map(Array.init)
        let body = ScreenLayout.waterfall(width: 120, height: 24, details: false).body
        let set = app.state.data.set
        let wf = app.wf
        var seen: [String: [Character]] = [:]
        for r in 0..<min(body.height, wf.rows.count) where wf.scroll + r != wf.cursor {
            let row = wf.rows.visibleRows[wf.scroll + r]
            guard !RowModel.isPlaceholder(row) else { continue }
            let span = set.spans[wf.index.tree.nodes[Int(RowModel.node(row))].spanIndex]
            let service = set.service(span)
            let y = body.y + r
            let line = String(text[y])
            let label = Array(service + ":")
            // Find "service:" in the tree column.
            let chars = text[y]
            let start = try #require((0...(chars.count - label.count)).first { Array(chars[$0..<$0 + label.count]) == label },
                                     "\(service) not on line \(line)")
            let codes = Array(roles[y][start..<start + label.count])
            let expected = Role.service(named: service).code
            #expect(codes.allSatisfy { $0 == expected }, "\(service) on \(line)")
            seen[service, default: []].append(expected)
        }
        // At least one service has two spans on screen, and they share the role.
        let repeated = seen.filter { $0.value.count >= 2 }
        #expect(!repeated.isEmpty)
        for (_, codes) in repeated { #expect(Set(codes).count == 1) }
        #expect(grid.roles().contains { $0.isNumber }, "the role dump shows service digits")
    }

    @Test func traceListRootColumnUsesTheServiceRole() throws {
        var app = try Self.demo()
        _ = try app.press("G")
        let grid = app.render(width: 120, height: 24)
        let text = grid.lines().map(Array.init)
        let roles = grid.roleLines().map(Array.init)
        let l = ScreenLayout.traceList(width: 120, height: 24)
        let cols = TraceListView.columns(120)
        let list = app.state.list
        var checked = 0
        for r in 0..<min(l.body.height, list.rows.count) where list.scroll + r != list.cursor {
            let s = app.state.data.summaries[list.rows[list.scroll + r]]
            let y = l.body.y + r
            let x = l.body.x + 2 + cols.startW + (s.missingParents > 0 ? 2 : 0)
            let label = Array(s.rootService + ":")
            guard x + label.count <= text[y].count, Array(text[y][x..<x + label.count]) == label else {
                Issue.record("expected \(s.rootService): at column \(x) of \(String(text[y]))")
                continue
            }
            let code = Role.service(named: s.rootService).code
            #expect(roles[y][x..<x + label.count].allSatisfy { $0 == code })
            #expect(roles[y][x + label.count] == ".")  // the span name stays normal
            checked += 1
        }
        #expect(checked > 2)
    }

    // MARK: mouse

    @Test func clickSelectsThenOpensATraceListRow() throws {
        var app = try Self.demo()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        #expect(app.state.screen == .traceList && app.state.list.rows.count > 3)
        _ = app.handle(.mouse(.click(x: 20, y: body.y + 2)))
        #expect(app.state.list.cursor == 2 && app.state.screen == .traceList)
        _ = app.handle(.mouse(.click(x: 60, y: body.y + 3)))
        #expect(app.state.list.cursor == 3 && app.state.screen == .traceList)
        let trace = app.state.list.rows[3]
        _ = app.handle(.mouse(.click(x: 5, y: body.y + 3)))  // the selected row: open it
        #expect(app.state.screen == .waterfall(trace))
    }

    @Test func clickOutsideTheRowsDoesNothing() throws {
        var app = try Self.demo()
        let l = ScreenLayout.traceList(width: 120, height: 24)
        _ = try app.press("j")
        for (x, y) in [(10, l.title.y), (10, l.header.y), (10, l.status.y), (-1, l.body.y), (120, l.body.y)] {
            _ = app.handle(.mouse(.click(x: x, y: y)))
            #expect(app.state.list.cursor == 1 && app.state.screen == .traceList)
        }
    }

    @Test func clickUsesTheScrollOffset() throws {
        var app = try Self.demo()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        _ = try app.press("G")
        let scroll = app.state.list.scroll
        #expect(scroll > 0)
        _ = app.handle(.mouse(.click(x: 10, y: body.y)))
        #expect(app.state.list.cursor == scroll && app.state.list.scroll == scroll)
    }

    @Test func clickSelectsAWaterfallRowWithoutOpeningAnything() throws {
        var app = try Self.checkout()
        let body = ScreenLayout.waterfall(width: 120, height: 24, details: false).body
        _ = app.handle(.mouse(.click(x: 4, y: body.y + 5)))
        #expect(app.wf.cursor == 5 && !app.wf.detailsShown)
        _ = app.handle(.mouse(.click(x: 4, y: body.y + 5)))  // again: still just selected
        #expect(app.wf.cursor == 5 && !app.wf.detailsShown)
        _ = app.handle(.mouse(.click(x: 4, y: body.y - 1)))  // the header/ruler row
        #expect(app.wf.cursor == 5)
    }

    @Test func clickWithDetailsShownSelectsTreeRowsOrFocusesThePane() throws {
        var app = try Self.checkout()
        _ = try app.press("<Enter>")
        let l = ScreenLayout.waterfall(width: 120, height: 24, details: true)
        let pane = try #require(l.details)
        _ = app.handle(.mouse(.click(x: pane.x + 2, y: pane.y + 1)))
        #expect(app.wf.focus == .details && app.state.context == .details)
        _ = app.handle(.mouse(.click(x: l.body.x + 1, y: l.body.y + 2)))
        #expect(app.wf.cursor == 2 && app.wf.focus == .tree && app.wf.detailsShown)
    }

    @Test func clicksAreIgnoredUnderHelpAndThePrompt() throws {
        var app = try Self.demo()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        _ = try app.press("?")
        _ = app.handle(.mouse(.click(x: 10, y: body.y + 2)))
        #expect(app.state.list.cursor == 0 && app.state.helpVisible)
        _ = try app.press("?/")
        _ = app.handle(.mouse(.click(x: 10, y: body.y + 2)))
        #expect(app.state.list.cursor == 0 && app.state.searchActive)
    }

    // MARK: <Esc> in the waterfall

    @Test func escapeClosesTheDetailsPaneOnly() throws {
        var app = try Self.checkout()
        let screen = app.state.screen
        _ = try app.press("jj<Enter>")
        #expect(app.wf.detailsShown)
        #expect(try app.press("<Esc>").isEmpty)
        #expect(!app.wf.detailsShown && app.wf.cursor == 2 && app.state.screen == screen)
        #expect(try app.press("<Esc>").isEmpty)  // nothing to close: nothing happens
        #expect(!app.wf.detailsShown && app.wf.cursor == 2 && app.state.screen == screen)
    }

    @Test func escapeFromTheFocusedPaneReturnsFocusToTheTree() throws {
        var app = try Self.checkout()
        _ = try app.press("<Enter><Tab>")
        #expect(app.state.context == .details)
        _ = try app.press("<Esc>")
        #expect(!app.wf.detailsShown && app.wf.focus == .tree && app.state.context == .waterfall)
    }

    @Test func qStillGoesBackFromTheWaterfall() throws {
        var app = try Self.demo()
        _ = try app.press("<Enter>")
        #expect(app.state.screen != .traceList)
        _ = try app.press("<Enter><Esc>q")
        #expect(app.state.screen == .traceList)
    }
}

/// Load errors and warnings reach the explorer, also when it loads in the background.
@Suite struct LoadProblemsTests {
    @Test func aBackgroundLoadBringsItsProblems() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 120, height: 10)
        let problems = LoadProblems(errors: ["a.json: byte 3: unexpected end"], warnings: ["b.json: x", "b.json: y"])
        let inbox = Inbox()
        app.load("loading", inbox: inbox) { (ExplorerData(set: set, analysis: analysis), problems, nil, nil) }
        let job = try #require(app.state.running)
        app.send(.jobDone(job.id, job.work(job.progress)))
        #expect(app.state.problems == problems)
        #expect(app.state.message == "error: a.json: byte 3: unexpected end")
        let text = app.render(width: 220, height: 10).text()
        #expect(text.contains("1 file failed · 2 warnings (! lists them)"))
        _ = app.handle(.character("!"))
        #expect(app.state.screen == .problems)
        _ = app.handle(.character("q"))
        #expect(app.state.screen != .problems)
    }

    @Test func withoutProblemsBangSaysSo() throws {
        var app = try PolishTests.checkout()
        _ = app.handle(.character("!"))
        #expect(app.state.screen != .problems)
        #expect(app.state.message == "every input loaded without errors or warnings")
    }
}
