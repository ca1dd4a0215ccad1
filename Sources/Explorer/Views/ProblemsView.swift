import TerminalUI

/// `!`: every load error and warning, each as the command line prints it (file, byte, line,
/// message), wrapped to the width.
enum ProblemsView {
    static func lines(_ problems: LoadProblems, width: Int) -> [SpanDetailView.Line] {
        problems.lines.flatMap { SpanDetailView.wrap(.init(text: $0.text, role: $0.role), max(1, width - 2), indent: 4) }
    }

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let title = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        grid.fill(title, role: .header)
        let p = state.problems
        let head = "load errors and warnings · " + (p.counts ?? "none")
        grid.put(head, x: area.x + 1, y: area.y, role: .header, maxWidth: area.width - 1)
        let all = lines(p, width: area.width)
        let body = state.problemsBodyHeight
        let scroll = max(0, min(state.problemsScroll, all.count - body))
        for r in 0..<body where scroll + r < all.count {
            let line = all[scroll + r]
            grid.put(line.text, x: area.x + 1, y: area.y + 1 + r, role: line.role, maxWidth: area.width - 2)
        }
    }
}
