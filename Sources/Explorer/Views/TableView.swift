import TerminalUI

/// A sortable table for the statistics and compare screens: a fill-width name column, then
/// fixed columns, as many as fit (the rest are dropped from the right on narrow terminals).
/// Only the rows on screen are drawn.
enum TableView {
    struct Column {
        var title: String
        var width: Int
    }

    /// One piece of a cell: text in a role (the name cell has a service part and a name part).
    typealias Piece = (text: String, role: Role)

    static let nameMinWidth = 24

    /// How many of `columns` fit beside the name column in `width`.
    static func fitting(_ columns: [Column], width: Int) -> Int {
        var used = 1 + nameMinWidth
        var n = 0
        for c in columns {
            guard used + 1 + c.width <= width - 1 else { break }
            used += 1 + c.width
            n += 1
        }
        return n
    }

    /// Draws the header (the sorted column's title gets an arrow) and the visible rows.
    /// `cell(row, column)` gives the pieces of a cell; column -1 is the name column.
    static func draw(into grid: inout CellGrid, header: Rect, body: Rect, nameTitle: String, columns: [Column],
                     sorted: Int?, descending: Bool, rowCount: Int, table: TableCursor, unicode: Bool,
                     cell: (Int, Int) -> [Piece]) {
        let shown = Array(columns.prefix(fitting(columns, width: header.width)))
        let fixed = shown.reduce(0) { $0 + 1 + $1.width }
        let nameW = max(1, header.width - 2 - fixed)
        let arrow = descending ? (unicode ? "↓" : "v") : (unicode ? "↑" : "^")
        grid.put(sorted == -1 ? nameTitle + " " + arrow : nameTitle, x: header.x + 1, y: header.y, role: .header, maxWidth: nameW)
        var x = header.x + 1 + nameW
        for (k, c) in shown.enumerated() {
            let title = sorted == k ? arrow + c.title : c.title
            grid.put(TextWidth.pad(title, to: c.width, alignRight: true), x: x + 1, y: header.y, role: .header, maxWidth: c.width)
            x += 1 + c.width
        }
        let scroll = AppState.follow(cursor: table.cursor, scroll: table.scroll, page: body.height, count: rowCount)
        for r in 0..<body.height {
            let i = scroll + r
            guard i < rowCount else { break }
            let y = body.y + r
            var cx = body.x + 1
            for p in cell(i, -1) { cx += grid.put(p.text, x: cx, y: y, role: p.role, maxWidth: body.x + 1 + nameW - cx) }
            x = body.x + 1 + nameW
            for k in shown.indices {
                let text = cell(i, k).map(\.text).joined()
                let role = cell(i, k).first?.role ?? .normal
                grid.put(TextWidth.pad(text, to: shown[k].width, alignRight: true), x: x + 1, y: y, role: role, maxWidth: shown[k].width)
                x += 1 + shown[k].width
            }
            if i == table.cursor { grid.setRole(.selected, in: Rect(x: body.x, y: y, width: body.width, height: 1)) }
        }
        if rowCount == 0 { grid.put("no spans", x: body.x + 2, y: body.y, role: .dim) }
    }

    /// The title row, in the header role.
    static func drawTitle(_ text: String, into grid: inout CellGrid, area: Rect) {
        grid.fill(area, role: .header)
        grid.put(text, x: area.x + 1, y: area.y, role: .header, maxWidth: area.width - 1)
    }

    /// "12.3%" (one decimal).
    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The name cell: `service:` in the service's palette colour, then the operation.
    static func name(service: String, operation: String?) -> [Piece] {
        guard let operation else { return [(service, .service(named: service))] }
        return [(service + ":", .service(named: service)), (" " + operation, .normal)]
    }
}
