import TerminalUI
import TraceAnalysis

/// Draws the end-to-end path (`a`) on one waterfall row, over the bar already drawn: the span's
/// sections in the path's role, and a wait (a consumer waiting for its producer's message) as a
/// dotted run before the bar, where no span was running.
enum EndToEndBars {
    static func paint(_ h: EndToEndHighlight, node: Int, area: Rect, into grid: inout CellGrid, glyphs g: Glyphs,
                      cell: (Int64) -> Double) {
        for seg in h.sections(of: node) {
            let a = min(area.width - 1, max(0, Int(cell(seg.startNs))))
            let b = min(area.width, max(a + 1, Int(cell(seg.endNs).rounded(.up))))
            guard a < b else { continue }
            for cx in a ..< b {
                var c = grid[area.x + cx, area.y]
                if seg.isWait {
                    // Only where the row is empty: the wait ends where the span's bar begins.
                    guard c.role == .normal, c.character == " " else { continue }
                    c = Cell(g.wait, role: .endToEndPath)
                } else {
                    guard c.role == .bar || c.role == .criticalPath || c.role == .error else { continue }
                    c.role = .endToEndPath
                }
                grid.set(c, x: area.x + cx, y: area.y)
            }
        }
    }
}
