import TerminalUI

/// `?`: every binding of the screen underneath, straight from the key map; on the trace list
/// and the waterfall also the marks they draw (from `Mark`) and, on the list, the filter language.
enum HelpOverlay {
    typealias Item = (keys: String, help: String, role: Role)

    static func lines(_ state: AppState) -> [Item] {
        let ctx = state.screenContext
        var out: [Item] = state.keyMap.bindings(for: ctx).map { ($0.keyText, $0.help, .header) }
        out += state.keyMap.bindings(for: .search).map { ("(prompt) " + $0.keyText, $0.help, .header) }
        out += state.keyMap.bindings(for: .help).map { ("(help) " + $0.keyText, $0.help, .header) }
        let marks: [Mark]
        switch ctx {
        case .traceList: marks = [.orphan, .fresh] + (state.remote == nil ? [] : [.fetched])
        case .waterfall, .details, .logs: marks = Mark.allCases.filter { $0 != .fresh && $0 != .fetched }
        default: marks = []
        }
        if !marks.isEmpty {
            out += [("", "", .normal), ("Marks", "", .header)]
            out += marks.map { ("  " + $0.text(state.unicode), $0.meaning, $0.role) }
        }
        if ctx == .traceList, state.remote != nil {
            out += state.keyMap.bindings(for: .query).map { ("(query) " + $0.keyText, $0.help, .header) }
            out += [("", "", .normal), ("Query (: or /)", "words separated by spaces; all must match", .header)]
            out += QueryLine.guide(traceQL: state.remote!.acceptsTraceQL).map { ("  " + $0.term, $0.meaning, .header) }
        } else if ctx == .traceList {
            out += [("", "", .normal), ("Filter (/)", "terms separated by spaces; all must match", .header)]
            out += TraceFilter.guide.map { ("  " + $0.term, $0.meaning, .header) }
        }
        return out
    }

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let items = lines(state)
        let kw = min(28, items.map { TextWidth.width($0.keys) }.max() ?? 0)
        let hw = items.map { TextWidth.width($0.help) }.max() ?? 0
        let w = min(area.width - 2, kw + hw + 6)
        let h = min(area.height - 2, items.count + 2)
        guard w > 10, h > 2 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        grid.fill(box)
        grid.box(box, role: .border, ascii: !state.unicode, title: "Help: \(state.screenContext.title)")
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
        let scroll = max(0, min(state.helpScroll, items.count - inner.height))
        for r in 0..<inner.height where scroll + r < items.count {
            let item = items[scroll + r]
            grid.put(TextWidth.pad(item.keys, to: kw), x: inner.x, y: inner.y + r, role: item.role)
            grid.put(item.help, x: inner.x + kw + 2, y: inner.y + r, maxWidth: inner.width - kw - 2)
        }
    }
}
