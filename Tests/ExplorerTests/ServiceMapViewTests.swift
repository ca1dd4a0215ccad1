import Testing
@testable import Explorer
import TerminalUI

/// `M`: the service map as a tree with its table; `<Enter>` filters the waterfall or the trace
/// list to the calls of one edge. Golden screens: `SnapshotTests` (service-map-*).
@Suite struct ServiceMapViewTests {
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
