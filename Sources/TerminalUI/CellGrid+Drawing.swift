/// Lines and boxes. Unicode box drawing by default; the ASCII set is for terminals or locales
/// that cannot show it (see architecture.md on the C locale blanking non-ASCII cells).
extension CellGrid {
    struct BoxGlyphs {
        let h, v, tl, tr, bl, br: Character
        static let unicode = BoxGlyphs(h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘")
        static let ascii = BoxGlyphs(h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+")
    }

    public mutating func hLine(x: Int, y: Int, length: Int, role: Role = .border, ascii: Bool = false) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: length, height: 1), ascii ? "-" : "─", role: role)
    }

    public mutating func vLine(x: Int, y: Int, length: Int, role: Role = .border, ascii: Bool = false) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: 1, height: length), ascii ? "|" : "│", role: role)
    }

    /// Draws the outline of `rect` (the inside is left alone) with an optional title on the top
    /// edge, starting two columns in and truncated with "…" to stay inside the corners.
    public mutating func box(_ rect: Rect, role: Role = .border, ascii: Bool = false,
                             title: String? = nil, titleRole: Role = .header) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = ascii ? BoxGlyphs.ascii : BoxGlyphs.unicode
        hLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, role: role, ascii: ascii)
        hLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, role: role, ascii: ascii)
        vLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, role: role, ascii: ascii)
        vLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, role: role, ascii: ascii)
        set(Cell(g.tl, role: role), x: rect.x, y: rect.y)
        set(Cell(g.tr, role: role), x: rect.maxX - 1, y: rect.y)
        set(Cell(g.bl, role: role), x: rect.x, y: rect.maxY - 1)
        set(Cell(g.br, role: role), x: rect.maxX - 1, y: rect.maxY - 1)
        if let title, rect.width > 4 {
            let room = rect.width - 4
            put(TextWidth.truncate(TextWidth.sanitize(title), to: room), x: rect.x + 2, y: rect.y,
                role: titleRole, maxWidth: room)
        }
    }
}
