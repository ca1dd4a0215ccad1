import Testing
@testable import Explorer
import TerminalUI

/// `M`: the service map as a tree with its table, at 80 columns; `<Enter>` filters the waterfall
/// or the trace list to the calls of one edge.
@Suite struct ServiceMapViewTests {
    static let cases: [(name: String, fixture: String, keys: String, width: Int, height: Int)] = [
        ("service-map-all", "demo", "M", 80, 14),
        ("service-map-all-by-p95", "demo", "Mssss", 80, 14),
        ("service-map-trace", "checkout", "M", 80, 10),
        ("service-map-trace-ascii", "checkout", "M", 80, 10),
        ("service-map-enter", "checkout", "Mjj<Enter>", 80, 12),
        ("service-map-list-enter", "demo", "Mjjjjj<Enter>", 80, 10),
    ]

    @Test(arguments: cases.indices)
    func golden(_ i: Int) throws {
        let c = Self.cases[i]
        let (set, analysis) = c.fixture == "demo" ? try Fixture.demo() : try Fixture.checkout()
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: c.width, height: c.height,
                                                 keys: c.keys, unicode: !c.name.hasSuffix("ascii"))
        try Snapshot.expect(c.name + ".txt", Snapshot.document(text: out.text, roles: out.roles))
    }

    @Test func enterOnAnEdgeKeepsItsCallsAndBackReturns() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: set, analysis: analysis, width: 80, height: 20)
        _ = app.handle(.character("M"))
        #expect(app.state.screen == .serviceMap)
        let rows = app.state.serviceMap!.rows
        let map = app.state.serviceMap!.map
        #expect(rows.map { map.names[$0.service]! } == ["frontend", "checkout", "payment", "inventory"])
        _ = app.handle(.character("j"))
        _ = app.handle(.character("j"))
        _ = app.handle(.enter)
        #expect(app.state.screen == .waterfall(0))
        #expect(app.state.waterfall?.spanFilter?.matchCount == 2)
        #expect(app.state.message == "2 calls checkout → payment")
        // Back on the map, an entry row has no calls to show.
        _ = app.handle(.character("M"))
        _ = app.handle(.enter)
        #expect(app.state.screen == .serviceMap)
        #expect(app.state.message.contains("entry service"))
        _ = app.handle(.character("q"))
        #expect(app.state.serviceMap == nil && app.state.screen == .waterfall(0))
    }

    @Test func sortingOrdersSiblings() throws {
        let (set, analysis) = try Fixture.demo()
        var app = ExplorerApp(set: set, analysis: analysis, width: 80, height: 20)
        _ = app.handle(.character("M"))
        let sm = app.state.serviceMap!
        func siblings(_ sm: ServiceMapState) -> [Int64] {
            sm.rows.filter { $0.depth == 1 && $0.edge != nil }.map { sm.map.edges[$0.edge!].calls }.map(Int64.init)
        }
        #expect(siblings(sm) == siblings(sm).sorted(by: >))
        _ = app.handle(.character("S"))
        #expect(siblings(app.state.serviceMap!) == siblings(sm).sorted())
    }
}
