import Testing
@testable import TerminalUI

/// A row shows a few hundred columns at most: long texts are cut before they are sanitized.
@Suite struct LongTextTests {
    static let long = "\u{1b}[2J" + String(repeating: "é·", count: 1_000_000)

    @Test func headKeepsWhatARowCanShow() {
        #expect(TextWidth.head(Self.long, columns: 80).count == 80 + 256)
        #expect(TextWidth.head("short é", columns: 80) == "short é")
    }

    @Test func drawingALongTextMatchesDrawingItsStart() {
        var full = CellGrid(width: 60, height: 2)
        var start = CellGrid(width: 60, height: 2)
        full.put(Self.long, x: 2, y: 0, maxWidth: 50)
        start.put(String(Self.long.prefix(100)), x: 2, y: 0, maxWidth: 50)
        #expect(full.text() == start.text())
        #expect(full.text().hasPrefix("  \\u{1b}[2Jé·é·"))
        #expect(TextWidth.truncate(String(repeating: "é", count: 1_000_000), to: 5) == "éééé…")
    }
}
