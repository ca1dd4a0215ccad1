import Foundation
import Reports
import TerminalUI
import Testing
import TraceFormats
import TraceModel
import TraceAnalysis
@testable import Explorer

/// `o` follows the selected span's links to loaded spans, in this trace or another.
@Suite struct LinkTests {
    static func span(_ trace: String, _ id: String, parent: String = "", start: Int, links: [(String, String)] = []) -> String {
        let l = links.map { "{\"traceId\":\"\($0.0)\",\"spanId\":\"\($0.1)\"}" }.joined(separator: ",")
        return """
        {"traceId":"\(trace)","spanId":"\(id)","parentSpanId":"\(parent)","name":"s\(id.suffix(2))",
         "startTimeUnixNano":"\(start)","endTimeUnixNano":"\(start + 1000)","links":[\(l)]}
        """
    }

    static let a = String(repeating: "a", count: 32), b = String(repeating: "b", count: 32)
    static let missing = String(repeating: "c", count: 32)

    static func app() throws -> ExplorerApp {
        let spans = [
            span(a, "00000000000000a1", start: 1000, links: [(a, "00000000000000a2")]),
            span(a, "00000000000000a2", parent: "00000000000000a1", start: 1100,
                 links: [(missing, "00000000000000c1"), (b, "00000000000000b1")]),
            span(b, "00000000000000b1", start: 5000),
        ].joined(separator: ",")
        let json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc\"}}]},\"scopeSpans\":[{\"spans\":[\(spans)]}]}]}"
        let set = try TraceLoader.decode(FileBytes(json, name: "links.json")).set
        return ExplorerApp(set: set, analysis: Analysis(set), width: 100, height: 20)
    }

    @Test func followsLinksInsideTheTraceAndIntoOtherLoadedTraces() throws {
        var app = try Self.app()
        _ = try app.press("<Enter>")                       // open trace a from the list
        #expect(app.wf.index.tree.traceID.hex == Self.a)
        _ = try app.press("o")                             // a1 → a2 in the same trace
        #expect(app.wf.index.tree.nodes[Int(app.wf.selectedNode)].spanID.hex == "00000000000000a2")
        #expect(app.state.message.hasPrefix("link 1/1"))
        _ = try app.press("o")                             // a2: first link not loaded, second is in trace b
        #expect(app.wf.index.tree.traceID.hex == Self.b)
        #expect(app.wf.index.tree.nodes[Int(app.wf.selectedNode)].spanID.hex == "00000000000000b1")
        #expect(app.state.message.hasPrefix("link 2/2"))
        _ = try app.press("o")                             // b1 has no links
        #expect(app.state.message == "no links on this span")
    }

    /// Focused on a2 (`f`), a link to its parent a1 leaves the focus for the whole trace.
    @Test func aLinkOutOfTheFocusedSubtreeLeavesTheFocus() throws {
        let spans = [
            Self.span(Self.a, "00000000000000a1", start: 1000),
            Self.span(Self.a, "00000000000000a2", parent: "00000000000000a1", start: 1100, links: [(Self.a, "00000000000000a1")]),
        ].joined(separator: ",")
        let json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[\(spans)]}]}]}"
        let set = try TraceLoader.decode(FileBytes(json, name: "links.json")).set
        var app = ExplorerApp(set: set, analysis: Analysis(set), width: 100, height: 20)
        _ = try app.press("jf")
        #expect(app.state.focusStack.count == 1 && app.wf.index.tree.nodes.count == 1)
        _ = try app.press("o")
        #expect(app.state.focusStack.isEmpty)
        #expect(app.wf.index.tree.nodes[Int(app.wf.selectedNode)].spanID.hex == "00000000000000a1")
    }

    @Test func theKeyIsInTheTableAndTheHelp() {
        #expect(KeyMap.default.dispatch(.character("o"), context: .waterfall) == .followLink)
        #expect(KeyMap.default.markdown().contains("open the next linked span"))
    }
}
