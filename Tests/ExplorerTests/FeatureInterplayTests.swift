import Testing
@testable import Explorer

/// Where the waterfall views (critical path only, size levels, focus, zoom, skew), the
/// statistics filter and the logs pane meet: one Esc peels one layer, and views that rebuild the
/// rows drop a filter whose node list no longer applies.
@Suite struct FeatureInterplayTests {
    @Test func escPeelsDetailsThenLogsThenFilterThenFocus() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("<Enter>f")  // open the first trace, focus on its root
        #expect(app.state.focusStack.count == 1)
        _ = try app.press("t<Enter>")  // statistics of the focused view → filter
        #expect(app.wf.spanFilter != nil)
        _ = try app.press("L<Enter>")
        #expect(app.wf.logsShown && app.wf.detailsShown)
        _ = try app.press("<Esc>")
        #expect(!app.wf.detailsShown && app.wf.logsShown && app.wf.spanFilter != nil)
        _ = try app.press("<Esc>")
        #expect(!app.wf.logsShown && app.wf.spanFilter != nil && app.state.focusStack.count == 1)
        _ = try app.press("<Esc>")
        #expect(app.wf.spanFilter == nil && app.state.focusStack.count == 1)
        _ = try app.press("<Esc>")
        #expect(app.state.focusStack.isEmpty)
    }

    @Test func criticalOnlyAndSizeLevelsReplaceTheFilter() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter>")
        let filtered = app.wf.rows.count
        #expect(app.wf.spanFilter != nil && filtered < app.wf.index.tree.nodes.count)
        _ = try app.press("C")
        #expect(app.wf.spanFilter == nil)
        // What C shows now is the critical path, not the filter's rows plus C.
        _ = try app.press("C")
        #expect(app.wf.rows.count == app.wf.index.tree.nodes.count)
        _ = try app.press("t<Enter>z")
        #expect(app.wf.spanFilter == nil)
    }

    @Test func collapsingUnderTheFilterKeepsItAndExpandingShowsOnlyFilteredSpans() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("t<Enter>")
        let rows = app.wf.rows.visibleRows
        _ = try app.press("gh")  // collapse the root
        #expect(app.wf.spanFilter != nil && app.wf.rows.count == 1)
        _ = try app.press("l")
        #expect(app.wf.rows.visibleRows == rows)
    }
}

extension FeatureInterplayTests {
    /// Statistics of a focused subtree count only its spans, and their filter picks its nodes.
    @Test func statisticsOfAFocusedSubtreeAreItsOwn() throws {
        var app = try Fixture.checkoutApp()
        let whole = app.wf.index.tree.nodes.count
        _ = try app.press("jjf")  // focus below the root
        let inner = app.wf.index.tree.nodes.count
        #expect(inner < whole && app.state.focusStack.count == 1)
        _ = try app.press("t")
        let st = try #require(app.state.statistics)
        #expect(st.stats.operations.reduce(0) { $0 + $1.count } == inner)
        _ = try app.press("<Enter>")
        let f = try #require(app.wf.spanFilter)
        #expect(f.nodes.allSatisfy { Int($0) < inner })
        let name = app.state.data.set.name(app.state.data.set.spans[app.wf.index.tree.nodes[Int(f.firstMatch)].spanIndex])
        #expect(f.label.hasSuffix(name))
    }
}

extension FeatureInterplayTests {
    /// Focusing on the root that spans the whole trace keeps the trace's own index, so `t` uses
    /// the cached per-trace statistics; a `K`-toggled tree uses its own, computed once.
    @Test func statisticsFollowWhichTreeIsShown() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("gf")
        #expect(app.state.focusStack.count == 1 && app.wf.index.isAnalysedTree)
        _ = try app.press("t")
        #expect(app.state.data.statisticsCache.computations == 1)

        var skewed = ProductPage.app(skewed: true)
        _ = try skewed.press("K")
        #expect(!skewed.wf.index.isAnalysedTree)
        _ = try skewed.press("t<Esc>t")
        #expect(skewed.state.data.statisticsCache.computations == 0)
        let own = skewed.wf.index.ownStatistics.0
        #expect(skewed.state.statistics?.stats.operations.map(\.totalNs) == own.operations.map(\.totalNs))
    }
}
