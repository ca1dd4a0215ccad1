import Foundation
import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceFormats
import TraceModel

/// A span whose name and attribute are megabytes long: the details show a bounded start and
/// the length, instead of wrapping every byte into rows.
@Suite struct HugeTextTests {
    static let nameBytes = 3 << 20

    static func app() throws -> ExplorerApp {
        let name = String(repeating: "n", count: nameBytes)
        let value = String(repeating: "v", count: 2 << 20)
        let json = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0000000000000000000000000000000a","spanId":"000000000000000a","#
            + #""name":"\#(name)","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000","#
            + #""attributes":[{"key":"big","value":{"stringValue":"\#(value)"}}]}]}]}]}"#
        let set = try TraceLoader.decode(FileBytes(json, name: "big.json")).set
        return ExplorerApp(set: set, analysis: Analysis(set), width: 120, height: 40)
    }

    @Test func detailsOfAHugeNameAreBoundedAndShowTheLength() throws {
        var app = try Self.app()
        _ = try app.press("<Enter>")
        let wf = try #require(app.state.waterfall)
        let lines = SpanDetailView.lines(app.state, wf, width: 60)
        // 40 rows of name, 40 of the attribute, a few of fields: not 3 MB / 60 columns.
        #expect(lines.count < 2 * SpanDetailView.maxValueRows + 30)
        #expect(lines.contains { $0.text.hasSuffix("… (3,145,728 bytes)") })
        #expect(lines.contains { $0.text.hasSuffix("… (2,097,152 bytes)") })
        #expect(lines.allSatisfy { TextWidth.width($0.text) <= 60 })
        let screen = app.render(width: 120, height: 40).text()
        #expect(screen.contains("Span details"))
    }

    @Test func shortValuesAreUntouched() {
        #expect(SpanDetailView.bounded("short", 60) == "short")
        let exact = String(repeating: "x", count: 60 * SpanDetailView.maxValueRows)
        #expect(SpanDetailView.bounded(exact, 60) == exact)
        #expect(SpanDetailView.bounded(exact + "y", 60) == exact + " … (2,401 bytes)")
    }
}

/// The explorer keeps decoding details from the mapped file; cutting the file under it must not
/// end the session.
@Suite struct ChangedFileDetailsTests {
    @Test func detailsOfATruncatedFileSayItChanged() throws {
        let json = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0000000000000000000000000000000a","spanId":"000000000000000a","#
            + #""name":"op","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000","#
            + #""attributes":[{"key":"pad","value":{"stringValue":""# + String(repeating: "p", count: 1 << 20) + #""}}]}]}]}]}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-changed-\(getpid()).json").path
        try json.write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try TraceLoader.load(path: path).set
        var app = ExplorerApp(set: set, analysis: Analysis(set), width: 100, height: 30)
        _ = try app.press("<Enter>")
        #expect(app.render(width: 100, height: 30).text().contains("pad"))
        #expect(truncate(path, 0) == 0)
        _ = try app.press("j")  // any key: the pane is decoded again
        let text = app.render(width: 100, height: 30).text()
        #expect(text.contains("! \(path)"))
        #expect(text.contains("changed after loading (it shrank);"))
        #expect(!text.contains("pad "))
    }
}
