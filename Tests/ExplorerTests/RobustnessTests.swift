import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TraceAnalysis

@Suite struct RobustnessTests {
    @Test(arguments: [(1, 1), (10, 3), (30, 6), (60, 10), (99, 12)])
    func tinyTerminalsDoNotCrash(width: Int, height: Int) throws {
        let (set, analysis) = try Fixture.demo()
        for keys in ["", "?", "j<Enter>", "j<Enter><Enter>", "j<Enter><Enter><Tab>jjj", "/err", "j<Enter>/a<Enter>nNeE?",
                     "t", "tjsS<Tab>?", "j<Enter>t<Enter>h<Esc>", "mjv", "mjvGsS?"] {
            let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: width, height: height, keys: keys)
            #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == height)
            #expect(out.roles.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count == width })
        }
    }

    @Test func traceTextIsSanitised() throws {
        var set = Synthetic.set(parents: [-1, 0])
        set.spans[1].name = set.strings.intern("evil\u{1b}[2J\u{202e}name\nnext")
        let out = try ExplorerApp.renderHeadless(set: set, analysis: Analysis(set), width: 120, height: 10, keys: "j<Enter>")
        #expect(!out.text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
        #expect(out.text.contains("evil\\u{1b}[2J\\u{202e}name\\nnext"))
    }

    @Test func skewAdjustedSpansAreMarked() throws {
        // Child on another service starts before its parent: skew adjustment moves it.
        var set = Synthetic.set(parents: [-1, 0])
        set.spans[1].service = set.strings.intern("other")
        set.spans[1].start = set.spans[0].start - 50_000
        set.spans[1].duration = 1_000
        let analysis = Analysis(set, options: .init(adjustSkew: true))
        let node = try #require(analysis.trees[0].nodes.first { $0.flags.contains(.skewAdjusted) })
        #expect(node.spanID == SpanID(2))
        var app = ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
        let first = app.render(width: 120, height: 24)
        #expect(first.text().contains("⇆ other: op1"))
        #expect(first.roleLines()[3].contains("k"))  // the marker keeps its role off the cursor row
        _ = app.handle(.character("j"))
        _ = app.handle(.enter)
        #expect(app.render(width: 120, height: 24).text().contains("skew-adjusted by"))
    }
}
