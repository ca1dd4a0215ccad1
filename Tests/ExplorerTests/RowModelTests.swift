import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TraceAnalysis

@Suite struct RowModelTests {
    /// 0 root; 1,2 under 0; 3 orphan (parent missing) with child 4.
    static let orphanShape = [-1, 0, 0, -2, 3]

    @Test func orphanPlaceholderRows() throws {
        var app = Synthetic.app(parents: Self.orphanShape)
        let rows = app.wf.rows.visibleRows
        #expect(rows == [0, 1, 2, RowModel.placeholder(for: 3), 3, 4])
        #expect(app.wf.index.isUnderOrphan(4) && !app.wf.index.isUnderOrphan(2))
        // h on the orphan goes to its placeholder; collapsing the placeholder hides the subtree.
        _ = try app.press("jjjj")
        #expect(app.wf.selectedNode == 3 && !app.wf.isPlaceholderSelected)
        _ = try app.press("h")  // expanded orphan with a child: collapses
        _ = try app.press("h")  // now collapsed: to the placeholder
        #expect(app.wf.isPlaceholderSelected && app.wf.cursor == 3)
        _ = try app.press("<Space>")
        #expect(app.wf.rows.visibleRows == [0, 1, 2, RowModel.placeholder(for: 3)])
        #expect(try app.press("y") == [.copyToClipboard(SpanID(0xdead_0000 + 3).hex)])
        _ = try app.press("*")
        #expect(app.wf.rows.count == 6)
    }

    @Test func orphanScreen() throws {
        let s = Synthetic.set(parents: Self.orphanShape, errors: [2])
        let out = try ExplorerApp.renderHeadless(set: s, analysis: Analysis(s), width: 100, height: 12, keys: "jjj<Enter>")
        #expect(out.text.contains("missing parent 00000000dead0003"))
        try Snapshot.expect("synthetic-orphan.txt", Snapshot.document(text: out.text, roles: out.roles))
    }

    @Test func rowIndexLookup() {
        let app = Synthetic.app(parents: Self.orphanShape)
        for (i, r) in app.wf.rows.visibleRows.enumerated() { #expect(app.wf.rows.index(of: r) == i) }
        #expect(app.wf.rows.index(of: 99) == nil)
    }

    /// 200,000 spans: moving and paging never rebuild the row model and draw only visible rows.
    @Test(arguments: [Synthetic.chain(200_000), Synthetic.tree(200_000, fanout: 3)])
    func virtualised(parents: [Int]) throws {
        var app = Synthetic.app(parents: parents, width: 200, height: 60)
        #expect(app.wf.rows.count == 200_000 && app.wf.rows.rebuildCount == 1)
        let page = app.state.waterfallBodyHeight
        for keys in ["j", "<PgDn>", "<C-d>", "G", "<PgUp>", "k", "<C-u>", "g", "e", "<Enter>", "<Tab>j<Tab>"] {
            _ = try app.press(keys)
            var grid = CellGrid(width: 200, height: 60)
            let drawn = WaterfallView.draw(app.state, into: &grid, area: grid.bounds)
            #expect(drawn <= page)
        }
        #expect(app.wf.rows.rebuildCount == 1)
        _ = try app.press("G")
        #expect(app.wf.cursor == 199_999)
        // Collapsing and expanding one span edit the rows in place: no rebuild.
        _ = try app.press("g<Space>")
        #expect(app.wf.rows.count == 1)
        #expect(app.wf.rows.rebuildCount == 1)
        _ = try app.press("<Space>")
        #expect(app.wf.rows.count == 200_000)
        #expect(app.wf.rows.rebuildCount == 1)
    }

    /// In-place collapse/expand gives exactly the rows a full rebuild gives, nested collapses
    /// and orphan placeholders included.
    @Test(arguments: [Synthetic.tree(3_000, fanout: 3), RowModelTests.orphanShape])
    func inPlaceEditsMatchARebuild(parents: [Int]) throws {
        var app = Synthetic.app(parents: parents, width: 120, height: 40)
        for keys in ["jj<Space>", "g<Space>", "<Space>", "jjj-", "G<Space>", "gj<Space>", "g*", "jjjjjj<Space>k<Space>"] {
            _ = try app.press(keys)
            var fresh = RowModel()
            fresh.rebuild(tree: app.wf.index.tree, collapsed: app.wf.collapsed)
            #expect(app.wf.rows.visibleRows == fresh.visibleRows, "after \(keys)")
        }
    }

    @Test func deepChainGuidesAreBounded() throws {
        let app = Synthetic.app(parents: Synthetic.chain(5_000), width: 100, height: 20)
        let s = WaterfallView.prefix(app.wf.index, node: 4_999, room: 20, glyphs: Glyphs(unicode: true))
        #expect(TextWidth.width(s) <= 20 && s.hasPrefix("…"))
    }
}
