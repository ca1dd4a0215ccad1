import Foundation
import Testing
@testable import Explorer
import TraceModel

/// The trace-list filter's aliases, and its mistakes said in the status line.
@Suite struct FilterLanguageTests {
    static func demo() throws -> ExplorerApp {
        let (set, analysis) = try Fixture.demo()
        return ExplorerApp(set: set, analysis: analysis, width: 140, height: 24)
    }

    static func rows(_ query: String, in app: ExplorerApp) -> Set<Int> {
        let data = app.state.data
        let f = TraceFilter(query)
        return Set(data.summaries.indices.filter { f.matches(data.summaries[$0], data: data) })
    }

    @Test func aliasesMatchWhatTheLongFormsMatch() throws {
        let app = try Self.demo()
        let data = app.state.data
        #expect(Self.rows("dur>200ms", in: app) == Self.rows("duration>200ms", in: app))
        #expect(Self.rows("status=error", in: app) == Self.rows("error", in: app))
        let withInventory = Set(data.summaries.indices.filter { t in
            data.analysis.trees[t].nodes.contains { data.set.service(data.set.spans[$0.spanIndex]) == "inventory" }
        })
        #expect(!withInventory.isEmpty && withInventory.count < data.summaries.count)
        #expect(Self.rows("service=inventory", in: app) == withInventory)
        #expect(Self.rows("svc=INVENTORY", in: app) == withInventory)
        let cart = Set(data.summaries.indices.filter { t in
            data.analysis.trees[t].nodes.contains { data.set.name(data.set.spans[$0.spanIndex]).contains("/api/cart") }
        })
        #expect(!cart.isEmpty)
        #expect(Self.rows("op=/api/cart", in: app) == cart)
        #expect(Self.rows("name=/api/cart", in: app) == cart)
        let id = data.summaries[7].traceID.hex
        #expect(Self.rows("trace=" + id.prefix(10), in: app) == [7])
        #expect(Self.rows("status=ok", in: app) == Set(data.summaries.indices.filter { data.summaries[$0].errorCount == 0 }))
    }

    @Test(arguments: [
        ("srvice=auth", "unknown field 'srvice' — did you mean service=…?"),
        ("duratoin>1s", "unknown field 'duratoin' — did you mean duration?"),
        ("dur>abc", "'abc' in 'dur>abc' is not a duration, e.g. duration>200ms or dur<1.5s"),
        ("trace=xyz", "'xyz' is not a trace id prefix (hex digits)"),
        ("service=", "'service=' needs a value after =, e.g. service=checkout"),
        ("status=maybe", "status is error or ok, not 'maybe'"),
        ("spans>3", "only duration compares with < and > ('spans>3')"),
    ])
    func mistakesAreSaidAndLeftOut(query: String, said: String) throws {
        var app = try Self.demo()
        let all = app.state.list.rows.count
        _ = try app.press("/" + query.replacingOccurrences(of: "<", with: "<lt>") + " error<Enter>")
        #expect(app.state.message == "filter: " + said)
        // The mistake is left out: the other term still filters.
        #expect(app.state.list.rows.count == Self.rows("error", in: app).count)
        #expect(app.state.list.rows.count < all)
    }

    @Test func attributeKeysStillWork() {
        // Dotted keys and words far from any field are attributes, not mistakes.
        for q in ["http.method=GET", "component=grpc", "service.name=auth"] {
            guard case .attribute = TraceFilter.term(q) else { Issue.record("\(q) is not an attribute term"); continue }
        }
    }

    @Test func theHelpAndTheDocsListTheLanguage() throws {
        var app = try Self.demo()
        _ = try app.press("?")
        let help = HelpOverlay.lines(app.state).map(\.help)
        for g in TraceFilter.guide { #expect(help.contains(g.meaning)) }
        let doc = KeyMap.default.markdown()
        #expect(doc.contains("| `service=auth` `svc=auth` | a span whose service name contains it (any case) |"))
    }
}

/// `?` explains every mark the waterfall and the list draw, from the table they are drawn from.
@Suite struct MarksLegendTests {
    @Test func theWaterfallHelpExplainsEveryMark() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("?")
        let items = HelpOverlay.lines(app.state)
        for mark in Mark.allCases where mark != .fresh && mark != .fetched {
            #expect(items.contains { $0.keys == "  " + mark.text(true) && $0.help == mark.meaning }, "\(mark)")
        }
        // The views draw the same characters.
        let g = Glyphs(unicode: false)
        #expect(g.orphanMark == Mark.orphan.text(false) && g.outlier == Mark.outlier.text(false) && String(g.event) == Mark.event.text(false))
    }

    @Test func theListHelpExplainsItsMarks() throws {
        var app = try FilterLanguageTests.demo()
        _ = try app.press("?")
        let items = HelpOverlay.lines(app.state)
        #expect(items.contains { $0.keys == "  ⚠" && $0.help == Mark.orphan.meaning })
        #expect(items.contains { $0.keys == "  +" && $0.help == Mark.fresh.meaning })
    }
}

/// A Zipkin server half names its parent as the client half of the same id, and `o` goes there.
@Suite struct SharedSpanParentTests {
    @Test func oJumpsFromTheServerHalfToItsClientHalf() throws {
        let (set, analysis) = try NewUserFixture.sharedSpan()
        var app = ExplorerApp(set: set, analysis: analysis, width: 140, height: 20)
        _ = try app.press("jj")
        let tree = app.wf.index.tree
        let server = tree.nodes[Int(app.wf.selectedNode)]
        #expect(server.flags.contains(.sharedServer))
        _ = try app.press("<Enter>")
        let text = app.render(width: 140, height: 20).text()
        #expect(text.contains("parent         client half of this id (o goes to it)"))
        _ = try app.press("o")
        let client = tree.nodes[Int(app.wf.selectedNode)]
        #expect(client.spanID == server.spanID && !client.flags.contains(.sharedServer))
        #expect(app.state.message == "the client half of span 00000000000000c1 (Zipkin shared span id)")
    }
}
