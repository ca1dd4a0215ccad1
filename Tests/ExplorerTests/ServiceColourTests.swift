import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel

/// Services keep one palette role wherever they are drawn (waterfall rows, trace-list roots).
@Suite struct ServiceColourTests {
    @Test func waterfallServicesShareTheirPaletteRole() throws {
        var app = try Fixture.checkoutApp()
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
        var app = try Fixture.demoApp()
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
}
