import Foundation
import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceAnalysis
import TraceModel

/// A product page: auth, then a catalog call with a cache lookup and an N+1 fan-out of twelve
/// `SELECT products`, a parallel analytics call (off the critical path) and a render.
enum ProductPage {
    static let ms: Int64 = 1_000_000
    /// (parent, service, name, start ms*10, duration ms*10); index = span number.
    static let shape: [(Int, String, String, Int64, Int64)] = {
        var s: [(Int, String, String, Int64, Int64)] = [
            (-1, "frontend", "GET /product", 0, 1000),
            (0, "auth", "verify", 20, 95),
            (0, "catalog", "list", 120, 670),
            (2, "catalog", "cache get", 130, 5),
        ]
        for k in 0..<12 { s.append((2, "db", "SELECT products", 140 + Int64(k) * 50, 40)) }
        s.append((0, "analytics", "track", 200, 50))
        s.append((0, "frontend", "render", 800, 180))
        return s
    }()

    /// `skewed`: the analytics span on its own host starts 30 ms before the trace.
    static func set(skewed: Bool = false) -> TraceSet {
        var set = TraceSet()
        for (i, (p, svc, name, start, dur)) in shape.enumerated() {
            var t = start * ms / 10
            if skewed && name == "track" { t -= 300 * ms / 10 }
            set.spans.append(Span(
                traceID: TraceID(high: 1, low: 2), spanID: SpanID(UInt64(i + 1)),
                parentID: p < 0 ? .zero : SpanID(UInt64(p + 1)), start: 1_700_000_000_000_000_000 + t,
                duration: dur * ms / 10, name: set.strings.intern(name), service: set.strings.intern(svc)))
        }
        return set
    }

    static func app(skewed: Bool = false, width: Int = 120, height: Int = 30) -> ExplorerApp {
        let s = set(skewed: skewed)
        return ExplorerApp(set: s, analysis: Analysis(s), width: width, height: height)
    }

    static func screen(_ keys: String, skewed: Bool = false, width: Int = 120, height: Int = 24) throws -> String {
        let s = set(skewed: skewed)
        let out = try ExplorerApp.renderHeadless(set: s, analysis: Analysis(s), width: width, height: height, keys: keys)
        return Snapshot.document(text: out.text, roles: out.roles)
    }
}

@Suite struct WaterfallViewsGoldenTests {
    static let cases: [(name: String, keys: String)] = [
        ("views-all", ""),
        ("views-critical-only", "C"),
        ("views-fold", "z"),
        ("views-fold-open", "zjjjj<Space>"),
        ("views-hide-short", "zzzz"),
        ("views-focus", "jjf"),
        ("views-zoom", "jjjjj[["),
        ("views-export-menu", "jjx"),
        ("views-skew-adjusted", "K"),
        ("views-fold-details", "zjjjj<Enter>"),
        ("views-hidden-details", "Cjjjjjjjjjjjjjjjj<Enter>"),
    ]

    @Test(arguments: cases.indices)
    func golden(_ i: Int) throws {
        let c = Self.cases[i]
        try Snapshot.expect(c.name + ".txt", try ProductPage.screen(c.keys, skewed: c.name.contains("skew")))
    }

    @Test func checkoutFocusAndZoom() throws {
        let (set, analysis) = try Fixture.checkout()
        for (name, keys) in [("checkout-focus", "jjjjf"), ("checkout-zoom", "jjjjjjjjj[[[")] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: 120, height: 24, keys: keys)
            try Snapshot.expect(name + ".txt", Snapshot.document(text: out.text, roles: out.roles))
        }
    }
}

@Suite struct WaterfallViewsTests {
    /// Rows with virtual rows spelled out (their numbering depends on how the rows were made).
    static func canon(_ m: RowModel) -> [String] {
        m.visibleRows.map { r in m.virtual(r).map { "\($0)" } ?? String(r) }
    }

    /// The rows equal a fresh walk's (no cached full or per-level rows).
    static func matchesRebuild(_ app: ExplorerApp) -> Bool {
        var fresh = RowModel()
        var w = app.wf.walk
        w.cache = nil
        w.allRows = nil
        fresh.rebuild(w, collapsed: app.wf.collapsed)
        return canon(fresh) == canon(app.wf.rows)
    }

    func names(_ app: ExplorerApp) -> [String] {
        let wf = app.wf
        let set = app.state.data.set
        return wf.rows.visibleRows.map { row in
            if let v = wf.rows.virtual(row) { return v.kind == .fold ? "fold \(v.members)" : "hidden \(v.spans)" }
            return set.name(set.spans[wf.index.tree.nodes[Int(row)].spanIndex])
        }
    }

    @Test func criticalOnlyHidesTheParallelCallAndComesBack() throws {
        var app = ProductPage.app()
        #expect(app.wf.rows.count == 18)
        _ = try app.press("C")
        #expect(names(app) == ["GET /product", "verify", "list", "cache get"] + Array(repeating: "SELECT products", count: 12)
                + ["hidden 1", "render"])
        #expect(app.state.message.contains("1 span hidden"))
        _ = try app.press("C")
        #expect(app.wf.rows.count == 18 && app.wf.rows.virtuals.isEmpty)
    }

    @Test func criticalSubtreeMarksAncestors() {
        let app = ProductPage.app()
        let crit = app.wf.index.criticalSubtree
        let tree = app.wf.index.tree
        for (i, n) in tree.nodes.enumerated() {
            let name = app.state.data.set.name(app.state.data.set.spans[n.spanIndex])
            #expect(crit[i] == (name != "track"), "\(name)")
        }
    }

    @Test func sameNameRunsFindTheFanOut() {
        let app = ProductPage.app()
        let runs = app.wf.index.sameNameRuns
        // catalog list is node 2 (preorder: root, verify, list, cache get, SELECT…); first SELECT is 4.
        #expect(runs[4] == 12)
        #expect(runs.enumerated().filter { $0.element > 0 }.count == 1)
    }

    @Test func zFoldsThenHidesShortSpans() throws {
        var app = ProductPage.app()
        _ = try app.press("z")
        #expect(names(app) == ["GET /product", "verify", "list", "cache get", "fold 12", "track", "render"])
        let fold = try #require(app.wf.rows.virtuals.first)
        #expect(fold.totalNs == 12 * 4 * ProductPage.ms && fold.maxNs == 4 * ProductPage.ms && fold.spans == 12)
        _ = try app.press("zz")  // < 1% = 1 ms: the cache get goes
        #expect(names(app) == ["GET /product", "verify", "list", "hidden 1", "fold 12", "track", "render"])
        _ = try app.press("z")  // < 5% = 5 ms: the 4 ms SELECTs go too, in the same run as the cache get
        #expect(names(app) == ["GET /product", "verify", "list", "hidden 13", "track", "render"])
        _ = try app.press("z")
        #expect(app.wf.rows.count == 18 && app.wf.sizeLevel == 0)
    }

    @Test func unfoldingInPlaceMatchesARebuild() throws {
        var app = ProductPage.app()
        _ = try app.press("zjjjj")
        #expect(app.wf.selectedVirtual?.kind == .fold)
        let before = app.wf.rows.rebuildCount
        _ = try app.press("<Space>")
        #expect(app.wf.rows.rebuildCount == before)
        #expect(app.wf.rows.count == 18 && app.wf.selectedNode == 4)
        #expect(Self.matchesRebuild(app))
        // Collapsing and expanding under a filter edit in place and still match a rebuild.
        for keys in ["zz", "gjj<Space>", "<Space>", "g<Space>", "<Space>"] {
            _ = try app.press(keys)
            #expect(Self.matchesRebuild(app), "after \(keys)")
        }
    }

    @Test func searchIntoAFoldOpensIt() throws {
        var app = ProductPage.app()
        _ = try app.press("z/SELECT<Enter>")
        #expect(app.wf.selectedVirtual == nil && app.wf.selectedNode == 4)
    }

    @Test func focusRerootsAndReturns() throws {
        var app = ProductPage.app()
        _ = try app.press("jj")
        #expect(app.wf.selectedNode == 2)
        _ = try app.press("f")
        #expect(app.state.focusStack.count == 1)
        let tree = app.wf.index.tree
        #expect(tree.nodes.count == 14 && tree.roots == [0] && tree.startNs == 1_700_000_000_000_000_000 + 12 * ProductPage.ms)
        #expect(tree.durationNs == 67 * ProductPage.ms)
        // The critical path is the focused subtree's own: its sections cover exactly its duration.
        #expect(tree.criticalPath.reduce(0) { $0 + $1.durationNs } == tree.durationNs)
        _ = try app.press("jF")
        #expect(app.state.focusStack.isEmpty && app.wf.selectedNode == 2)
        _ = try app.press("f<Esc>")
        #expect(app.state.focusStack.isEmpty && app.wf.selectedNode == 2)
        // Esc with details open closes the details first.
        _ = try app.press("f<Enter><Esc>")
        #expect(app.state.focusStack.count == 1 && !app.wf.detailsShown)
    }

    @Test func focusOnTheSingleRootReusesTheIndex() throws {
        var app = Synthetic.app(parents: Synthetic.tree(1_000, fanout: 3))
        let index = app.wf.index
        _ = try app.press("f")
        #expect(app.wf.index === index)
    }

    @Test func zoomHalvesAroundTheSelectionAndResets() throws {
        var app = ProductPage.app()
        let t0 = app.wf.index.tree.startNs
        _ = try app.press("jjjj[")  // selected: the first SELECT, at 14 ms
        #expect(app.wf.window == TimeWindow(start: t0, duration: 50 * ProductPage.ms))  // clamped at the trace start
        _ = try app.press("[")
        #expect(app.wf.window == TimeWindow(start: t0 + 14 * ProductPage.ms - 12_500_000, duration: 25 * ProductPage.ms))
        _ = try app.press("]")
        #expect(app.wf.window?.duration == 50 * ProductPage.ms)
        _ = try app.press("]")
        #expect(app.wf.window == nil)
        _ = try app.press("[[0")
        #expect(app.wf.window == nil)
        #expect(app.state.message == "zoom: whole trace")
    }

    @Test func exportWritesFilesAsEffects() throws {
        var app = ProductPage.app()
        let effects = try app.press("jjxo")
        #expect(app.state.exportMenu == false)
        guard case .writeFile(let path, let bytes)? = effects.first else {
            Issue.record("no write effect: \(effects)")
            return
        }
        #expect(path == "spanscope-00000000000000010000000000000002-0000000000000003.otlp.json")
        let json = String(decoding: bytes, as: UTF8.self)
        #expect(json.components(separatedBy: "\"spanId\"").count - 1 == 14)
        #expect(app.state.message.hasPrefix("wrote \(path) (14 spans"))
        let text = try app.press("xt")
        guard case .writeFile(let p2, let b2)? = text.first else { Issue.record("no text effect"); return }
        #expect(p2.hasSuffix("-0000000000000003.txt"))
        let lines = String(decoding: b2, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 14 && lines[0].hasPrefix("catalog: list  67.0 ms") && lines[1].hasPrefix("  catalog: cache get"))
        let whole = try app.press("xO")
        guard case .writeFile(let p3, _)? = whole.first else { Issue.record("no trace effect"); return }
        #expect(p3 == "spanscope-00000000000000010000000000000002.otlp.json")
        #expect(try app.press("xy").first.map { if case .copyToClipboard(let t) = $0 { t.hasPrefix("catalog: list") } else { false } } == true)
        #expect(try app.press("x<Esc>").isEmpty && !app.state.exportMenu)
    }

    @Test func clipboardExportIsCapped() throws {
        var app = Synthetic.app(parents: Synthetic.tree(3_000, fanout: 3))
        let effects = try app.press("xY")
        #expect(effects.isEmpty)
        #expect(app.state.message.contains("too big for the clipboard"))
    }

    @Test func skewToggleKeepsTheCursorAndCachesBothTrees() throws {
        var app = ProductPage.app(skewed: true)
        _ = try app.press("G")
        let raw = app.wf.index
        let span = raw.tree.nodes[Int(app.wf.selectedNode)].spanIndex
        _ = try app.press("K")
        #expect(app.wf.index.tree.skewAdjustedCount == 1)
        #expect(app.wf.index.tree.nodes[Int(app.wf.selectedNode)].spanIndex == span)
        #expect(app.state.message.hasPrefix("clock skew adjusted: 1 span moved"))
        let adjusted = app.wf.index
        // The index built it (and keeps it): prefetching on a large trace makes `K` a swap.
        #expect(adjusted === raw.otherTimes)
        _ = try app.press("K")
        #expect(app.wf.index === raw)
        _ = try app.press("K")
        #expect(app.wf.index === adjusted)
    }

    /// A large skewed trace prefetches its other skew times once: the other times' own prefetch
    /// must lead back to the original, not build again (that loop once grew memory without end).
    @Test func largeSkewedTraceBuildsTheOtherTreeOnce() throws {
        var set = Synthetic.set(parents: Synthetic.tree(Thresholds.prefetchSpans + 1_000, fanout: 4))
        // Every 50th span runs on another host whose clock is 5 ms early: K has work to do.
        let other = set.strings.intern("other")
        for i in stride(from: 1, to: set.spans.count, by: 50) {
            set.spans[i].service = other
            set.spans[i].start -= 5_000_000
        }
        var app = ExplorerApp(set: set, analysis: Analysis(set), width: 120, height: 30)
        _ = try app.press("<Enter>")
        let raw = app.wf.index
        #expect(raw.skewCandidates > 0)
        let adjusted = try #require(raw.otherTimes)  // waits for the prefetch when it runs
        #expect(adjusted.otherTimes === raw)
        // Give a runaway prefetch time to show itself; nothing else may build a tree.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(app.state.data.extraTreeBuilds.load(ordering: .relaxed) == 1)
        _ = try app.press("KKK")
        #expect(app.wf.index === adjusted)
        #expect(app.state.data.extraTreeBuilds.load(ordering: .relaxed) == 1)
    }

    @Test func noSkewNoRebuild() throws {
        var app = ProductPage.app()
        _ = try app.press("K")
        #expect(app.state.message.hasPrefix("no clock skew detected"))
        #expect(app.wf.otherTimes == nil)
    }

    /// Every `z` level's cached rows are what a walk gives, on a trace with folds and hidden runs.
    @Test(arguments: [false, true])
    func cachedLevelRowsMatchAWalk(checkout: Bool) throws {
        // Checkout has no fan-out: its fold level is the full rows.
        var app = checkout ? ExplorerApp(set: try Fixture.checkout().0, analysis: try Fixture.checkout().1) : ProductPage.app()
        for level in 1..<WaterfallState.sizeLevels.count {
            _ = try app.press("z")
            #expect(app.wf.sizeLevel == level)
            let filter = app.wf.filter
            #expect(app.wf.index.levelRows(filter) != nil)
            #expect(Self.matchesRebuild(app), "level \(level)")
        }
        _ = try app.press("z")
        #expect(app.wf.rows.visibleRows == app.wf.index.allRows && Self.matchesRebuild(app))
    }

    /// 200,000 spans: C, z, focus and zoom keep the rows consistent with a rebuild.
    @Test func largeTraceViews() throws {
        var app = Synthetic.app(parents: Synthetic.tree(200_000, fanout: 3), width: 200, height: 60)
        for keys in ["C", "G", "C", "z", "zz", "gj[", "]", "0", "zz", "jjjf", "F"] {
            _ = try app.press(keys)
            #expect(Self.matchesRebuild(app), "after \(keys)")
        }
    }
}

@Suite struct WaterfallViewsRobustnessTests {
    @Test(arguments: [(1, 1), (10, 3), (30, 6), (60, 10), (99, 12)])
    func tinyTerminalsDoNotCrash(width: Int, height: Int) throws {
        let set = ProductPage.set(skewed: true)
        for keys in ["Cx", "zjjjj<Enter>", "zzzzjjj<Enter>", "jjf[[[[]0F", "K[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[G", "jjxt", "Kzjjjjf<Esc>"] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: Analysis(set), width: width, height: height, keys: keys)
            #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == height)
            #expect(out.roles.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count == width })
        }
    }

    /// A folded run and the export menu show a hostile span name escaped.
    @Test func foldAndMenuTextIsSanitised() throws {
        var set = ProductPage.set()
        let evil = set.strings.intern("evil\u{1b}[2J\u{202e}name")
        for i in set.spans.indices where set.name(set.spans[i]) == "SELECT products" { set.spans[i].name = evil }
        for keys in ["zjjjj<Enter>", "zjjjjx"] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: Analysis(set), width: 140, height: 30, keys: keys)
            #expect(!out.text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e }, "\(keys)")
            #expect(out.text.contains("12 × db: evil\\u{1b}"), "\(keys)")
        }
    }

    @Test func emptyViewsKeysOnAOneSpanTrace() throws {
        var app = Synthetic.app(parents: [-1])
        for keys in ["C", "z", "f", "F", "[", "]", "0", "K", "xo", "xy"] { _ = try app.press(keys) }
        #expect(app.wf.rows.count == 1)
    }
}
