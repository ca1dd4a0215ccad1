import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceAnalysis
import TraceModel

/// Statistics (`t`), span filter from a statistics row, outlier marks, compare (`m` / `v`).
@Suite struct StatisticsViewTests {
    static func label(_ r: TraceStatistics.Row?) -> String { r.map { $0.service + "/" + ($0.operation ?? "-") } ?? "none" }

    @Test func statisticsOfTheTraceAreComputedOnceAndBackKeepsTheWaterfall() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("jjj")
        _ = try app.press("t")
        #expect(app.state.screen == .statistics && app.state.context == .statistics)
        let st = try #require(app.state.statistics)
        #expect(st.trace == 0 && st.sort == .selfTime && st.descending)
        #expect(Self.label(st.selectedRow) == "payment/charge card")  // 58 + 33 ms of self time
        _ = try app.press("q")
        #expect(app.state.screen == .waterfall(0) && app.wf.cursor == 3 && app.state.statistics == nil)
        _ = try app.press("t<Enter>")
        #expect(app.state.screen == .waterfall(0) && app.state.statistics == nil)
        _ = try app.press("t<Esc>tsS")
        #expect(app.state.data.statisticsCache.computations == 1)
        #expect(app.state.screen == .statistics)
    }

    @Test func largeTracesAreComputedAheadOnceAndTWaitsForIt() throws {
        var app = Synthetic.app(parents: Synthetic.tree(Thresholds.prefetchSpans, fanout: 4))
        #expect(app.state.screen == .waterfall(0))
        app.state.data.prefetchStatistics(for: app.state)
        app.state.data.prefetchStatistics(for: app.state)
        _ = try app.press("t")
        #expect(app.state.statistics?.stats.operations.map(\.count) == Array(repeating: Thresholds.prefetchSpans / 4, count: 4))
        _ = try app.press("<Enter>")
        #expect(app.wf.spanFilter?.matchCount == Thresholds.prefetchSpans / 4)
        #expect(app.state.data.statisticsCache.computations == 1)
    }

    @Test func statisticsAndCompareSanitiseTraceText() throws {
        var set = Synthetic.set(parents: [-1, 0])
        set.spans[1].name = set.strings.intern("evil\u{1b}[2J\u{202e}name")
        let other = Synthetic.set(parents: [-1], trace: 0xdef)
        set.spans += other.spans
        let analysis = Analysis(set)
        for keys in ["t", "<Enter>t", "mjv", "<Enter>t<Enter>"] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 150, height: 10, keys: keys)
            #expect(!out.text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
            #expect(keys == "<Enter>t<Enter>" ? out.text.contains("filter: svc: evil\\u{1b}[2J\\u{202e}name")
                                               : out.text.contains("evil\\u{1b}[2J\\u{202e}name"))
        }
    }

    @Test func sortKeysCycleColumnsAndKeepTheSelectedRow() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("tj")
        let selected = Self.label(app.state.statistics?.selectedRow)
        _ = try app.press("s")
        var st = try #require(app.state.statistics)
        #expect(st.sort == .critical && st.descending && Self.label(st.selectedRow) == selected)
        #expect(st.order == TraceStatistics.order(st.rows, by: .critical, descending: true))
        _ = try app.press("S")
        st = try #require(app.state.statistics)
        #expect(!st.descending && st.order == TraceStatistics.order(st.rows, by: .critical, descending: false))
        #expect(Self.label(st.selectedRow) == selected)
        _ = try app.press(String(repeating: "s", count: StatisticsColumn.allCases.count - 1))
        #expect(app.state.statistics?.sort == .selfTime)
        _ = try app.press("s")
        #expect(app.state.message == "sorted by critical")
    }

    @Test func tabSwitchesToServices() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Tab>")
        let st = try #require(app.state.statistics)
        #expect(st.byService && st.rows.count == 4 && st.table.cursor == 0)
        #expect(st.rows.allSatisfy { $0.operation == nil })
        _ = try app.press("<Tab>")
        #expect(app.state.statistics?.byService == false && app.state.statistics?.rows.count == 10)
    }

    @Test func enterFiltersTheWaterfallAndEscClears() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter>")
        #expect(app.state.screen == .waterfall(0))
        let f = try #require(app.wf.spanFilter)
        #expect(f.label == "payment: charge card" && f.matchCount == 2)
        #expect(app.wf.rows.visibleRows == [0, 1, 2, 7, 8, 9, 10])
        #expect(app.wf.selectedNode == 8)
        #expect(app.state.message == "2 spans")
        let bar = app.render(width: 120, height: 24).text().split(separator: "\n").last.map(String.init) ?? ""
        #expect(bar.contains("filter: payment: charge card (Esc clears)"))
        // Collapsing and expanding inside the filter never brings back hidden spans.
        _ = try app.press("kh")
        #expect(app.wf.rows.visibleRows == [0, 1, 2, 7, 9, 10])
        _ = try app.press("l")
        #expect(app.wf.rows.visibleRows == [0, 1, 2, 7, 8, 9, 10])
        _ = try app.press("*")
        #expect(app.wf.rows.count == 7)
        _ = try app.press("<Esc>")
        #expect(app.wf.spanFilter == nil && app.wf.rows.count == 12 && app.wf.selectedNode == 7)
        #expect(app.state.message == "filter cleared")
    }

    @Test func collapsingUnderTheFilterCarriesOverWhenItIsCleared() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter>kkh")
        #expect(app.wf.selectedNode == 2 && app.wf.rows.visibleRows == [0, 1, 2])
        _ = try app.press("<Esc>")
        var fresh = RowModel()
        fresh.rebuild(tree: app.wf.index.tree, collapsed: app.wf.collapsed)
        #expect(app.wf.rows.visibleRows == [0, 1, 2] && fresh.visibleRows == [0, 1, 2])
        _ = try app.press("l")
        #expect(app.wf.rows.count == 12)
        // Collapse under the filter, expand again, then clear: all rows, no rebuild needed.
        _ = try app.press("t<Enter>kkhl")
        let rebuilds = app.wf.rows.rebuildCount
        _ = try app.press("<Esc>")
        #expect(app.wf.rows.visibleRows == Array(0..<12) && app.wf.rows.rebuildCount <= rebuilds)
    }

    @Test(arguments: [[500, 900], [3], Array(stride(from: 1, to: 1000, by: 3))])
    func filterKeepsMatchesAndAncestorsAscending(matches: [Int]) throws {
        let app = Synthetic.app(parents: Synthetic.tree(1000, fanout: 4))
        let tree = app.wf.index.tree
        let f = SpanFilter(tree: tree, matches: matches.map { Int32($0) }, label: "x")
        var expected = Set<Int32>()
        for m in matches {
            var k = Int32(m)
            while k >= 0 { expected.insert(k); k = tree.nodes[Int(k)].parent }
        }
        #expect(f.nodes == expected.sorted() && f.matchCount == matches.count && f.firstMatch == Int32(matches[0]))
        #expect(f.contains(Int32(matches[0])) && !f.contains(999) == !expected.contains(999))
    }

    @Test func escClosesDetailsBeforeClearingTheFilter() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter><Enter>")
        #expect(app.wf.detailsShown)
        _ = try app.press("<Esc>")
        #expect(!app.wf.detailsShown && app.wf.spanFilter != nil)
    }

    @Test func goingToAHiddenSpanDropsTheFilter() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter>/warehouse<Enter>")
        #expect(app.wf.spanFilter == nil && app.wf.selectedNode == 6 && app.wf.rows.count == 12)
    }

    @Test func aServiceRowFiltersToTheServiceSpans() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Tab>")
        let k = try #require(app.state.statistics?.order.firstIndex { app.state.statistics?.rows[$0].service == "inventory" })
        _ = try app.press(String(repeating: "j", count: k) + "<Enter>")
        #expect(app.wf.spanFilter?.label == "inventory" && app.wf.rows.visibleRows == [0, 1, 2, 4, 5, 6])
        #expect(app.wf.selectedNode == 5)
    }

    @Test func allTracesStatisticsFromTheListFilterTheList() throws {
        var app = try Fixture.demoApp()
        #expect(app.state.screen == .traceList)
        _ = try app.press("t")
        let st = try #require(app.state.statistics)
        #expect(st.trace == nil && st.sort == .critical && st.stats.traceCount == 150)
        let first = try #require(st.selectedRow)
        let critical = st.rows.map(\.criticalNs)
        #expect(first.criticalNs == critical.max())
        // Sections tile each root; time between roots (orphans) is on no path.
        #expect(critical.reduce(0, +) <= st.stats.traceDurationNs)
        _ = try app.press("<Enter>")
        #expect(app.state.screen == .traceList)
        // Exactly the traces that have a span of that operation.
        let set = app.state.data.set
        let expected = app.state.data.analysis.traces.indices.filter { t in
            app.state.data.analysis.traces[t].spanIndices.contains {
                set.service(set.spans[$0]) == first.service && set.name(set.spans[$0]) == first.operation
            }
        }
        #expect(app.state.list.filter.isEmpty && Set(app.state.list.rows) == Set(expected))
        #expect(!expected.isEmpty && expected.count < 150)
        _ = try app.press("<Esc>")
        #expect(app.state.list.only == nil && app.state.list.rows.count == 150)
    }

    @Test func markAndCompare() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("v")
        #expect(app.state.message == "no marked trace: press m on a trace first")
        _ = try app.press("m")
        #expect(app.state.markedTrace == app.state.list.rows[0])
        _ = try app.press("v")
        #expect(app.state.screen == .traceList && app.state.message.hasPrefix("this is the marked trace"))
        _ = try app.press("jv")
        #expect(app.state.screen == .compare && app.state.context == .compare)
        let cs = try #require(app.state.comparison)
        #expect(cs.a == app.state.list.rows[0] && cs.b == app.state.list.rows[1])
        #expect(cs.sort == .total && cs.order == cs.comparison.order(by: .total, descending: true))
        _ = try app.press("sS")
        #expect(app.state.comparison?.sort == .selfTime && app.state.comparison?.descending == false)
        _ = try app.press("q")
        #expect(app.state.screen == .traceList && app.state.comparison == nil)
        // From a waterfall too; `m` again unmarks.
        _ = try app.press("jj<Enter>v")  // the cursor was on row 1
        #expect(app.state.screen == .compare && app.state.comparison?.b == app.state.list.rows[3])
        _ = try app.press("<Esc>")
        #expect(app.state.screen == .waterfall(app.state.list.rows[3]))
        _ = try app.press("q")
        _ = try app.press("gm")
        #expect(app.state.markedTrace == nil && app.state.message.hasPrefix("unmarked"))
    }

    @Test func enterOnACompareRowOpensTraceBFiltered() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("mjjv")
        let cs = try #require(app.state.comparison)
        let row = cs.comparison.rows[cs.order[0]]
        #expect(row.b.count > 0)
        _ = try app.press("<Enter>")
        #expect(app.state.screen == .waterfall(cs.b) && app.state.comparison == nil)
        #expect(app.wf.spanFilter?.label == row.service + ": " + row.operation)
        #expect(app.wf.spanFilter?.matchCount == row.b.count)
        // A row that only trace A has: B opens unfiltered, and says so.
        _ = try app.press("qv")
        let only = try #require(app.state.comparison.flatMap { c in c.order.firstIndex { c.comparison.rows[$0].b.count == 0 } })
        _ = try app.press(String(repeating: "j", count: only) + "<Enter>")
        #expect(app.state.screen == .waterfall(cs.b) && app.wf.spanFilter == nil)
        #expect(app.state.message.hasSuffix("spans in trace B"))
    }

    @Test func outliersAreMarkedOnlyOnTheirRows() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("/duration>1s<Enter><Enter>")
        let data = app.state.data
        let tree = app.wf.index.tree
        let grid = app.render(width: 120, height: 24)
        let durX = WaterfallView.columns(Rect(x: 0, y: 0, width: 120, height: 1)).dur.x + 1
        var marked = 0
        for (r, row) in app.wf.rows.visibleRows.enumerated() {
            let cell = grid[durX, 2 + r]
            guard !RowModel.isPlaceholder(row) else { continue }
            let n = tree.nodes[Int(row)]
            let o = data.outlier(n)
            #expect((cell.character == "▲") == (o != nil))
            if let o {
                marked += 1
                #expect(cell.role == (r == app.wf.cursor ? .selected : .orphan) && o.count >= OperationBaseline.minSamples)
                #expect(Double(n.duration) >= 3 * Double(o.medianNs))
            }
        }
        #expect(marked == 4)
        let (set, analysis) = try Fixture.demo()
        var ascii = ExplorerApp(set: set, analysis: analysis, width: 120, height: 24, unicode: false)
        _ = try ascii.press("/duration>1s<Enter><Enter>")
        #expect(ascii.render(width: 120, height: 24)[durX, 2].character == "^")
        _ = try ascii.press("<Enter>")  // details of the first row, an outlier
        let pane = ascii.render(width: 140, height: 30).text()
        #expect(pane.contains("^ duration ") && pane.contains("× the median") && !pane.contains("▲"))
        // Small samples: the checkout fixture has no operation with 5 spans, so no marks.
        let checkout = try Fixture.checkoutApp()
        let text = checkout.render(width: 120, height: 24).text()
        #expect(!text.contains("▲"))
    }
}
