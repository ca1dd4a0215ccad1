/// The screen as a value: views draw into it, tests dump it as text and roles, and the run loop
/// diffs two of them so the backend repaints only what changed. Nothing here touches a terminal.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major, `width * height` cells.
    public internal(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(width: width, height: height) }

    /// Out-of-range reads give a blank so callers can probe edges without bounds checks.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Writes one cell, repairing any wide character it overlaps: a half-overwritten wide
    /// character would otherwise leave the terminal drawing a glyph across our new cell.
    public mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let span = cell.width == 2 ? 2 : 1
        guard cell.width != 2 || x + 1 < width else { return }
        for cx in x..<(x + span) { detachWide(x: cx, y: y) }
        cells[y * width + x] = cell
        if cell.width == 2 { cells[y * width + x + 1] = .continuation(of: cell) }
    }

    /// Blanks the other half of a wide character that is about to lose one of its halves.
    private mutating func detachWide(x: Int, y: Int) {
        let i = y * width + x
        let old = cells[i]
        if old.width == 0, x > 0, cells[i - 1].width == 2 {
            cells[i - 1] = Cell(" ", role: cells[i - 1].role)
        } else if old.width == 2, x + 1 < width {
            cells[i + 1] = Cell(" ", role: old.role)
        }
        cells[i] = Cell(" ", role: old.role)
    }

    /// Draws sanitized `text` from (x, y), at most `maxWidth` columns and never past the right
    /// edge. A wide character that would not fit whole is not drawn at all. Returns the columns
    /// used, so callers can continue drawing after it.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal,
                             maxWidth: Int? = nil, bold: Bool = false, reverse: Bool = false) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - x)
        var used = 0
        for ch in TextWidth.sanitize(TextWidth.head(text, columns: limit)) {
            let w = TextWidth.width(ch)
            if w == 0 { continue }
            if used + w > limit { break }
            set(Cell(ch, role: role, bold: bold, reverse: reverse, width: w), x: x + used, y: y)
            used += w
        }
        return used
    }

    /// Paints every cell of `rect` (clipped to the grid); used to clear panes and colour rows.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", role: Role = .normal) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let w = TextWidth.width(character) == 1 ? character : " "
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { set(Cell(w, role: role), x: x, y: y) }
        }
    }

    /// Changes the role of existing cells without touching text, e.g. to highlight a selection
    /// drawn by another view.
    public mutating func setRole(_ role: Role, in rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].role = role }
        }
    }

    /// Keeps the overlapping top-left region; new cells are blank. A wide character cut by the
    /// new right edge is blanked rather than left as half a glyph.
    public mutating func resize(width newWidth: Int, height newHeight: Int) {
        var next = CellGrid(width: newWidth, height: newHeight)
        for y in 0..<min(height, next.height) {
            for x in 0..<min(width, next.width) {
                let cell = self[x, y]
                if cell.width == 2 && x + 1 >= next.width { continue }
                if cell.width == 0 { continue }
                next.set(cell, x: x, y: y)
            }
        }
        self = next
    }
}
