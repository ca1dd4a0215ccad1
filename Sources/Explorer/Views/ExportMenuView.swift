import TerminalUI

/// `x`: the export choices (from the key map's export context) in a box at the bottom of the
/// waterfall body, naming the span whose subtree they export.
enum ExportMenuView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        guard let wf = state.waterfall else { return }
        let items = state.keyMap.bindings(for: .export).map { ($0.keyText, $0.help) }
        let kw = items.map { TextWidth.width($0.0) }.max() ?? 0
        let hw = items.map { TextWidth.width($0.1) }.max() ?? 0
        let w = min(area.width, kw + hw + 6)
        let h = min(area.height, items.count + 2)
        guard w > 10, h > 2 else { return }
        let box = Rect(x: area.x, y: area.maxY - h, width: w, height: h)
        let span = state.data.set.spans[wf.index.tree.nodes[Int(wf.selectedNode)].spanIndex]
        grid.fill(box)
        grid.box(box, role: .header, ascii: !state.unicode, title: "Export: " + state.data.set.name(span), titleRole: .header)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 1)
        for (r, item) in items.prefix(inner.height).enumerated() {
            grid.put(TextWidth.pad(item.0, to: kw), x: inner.x, y: inner.y + r, role: .header)
            grid.put(item.1, x: inner.x + kw + 2, y: inner.y + r, maxWidth: inner.width - kw - 2)
        }
    }
}
