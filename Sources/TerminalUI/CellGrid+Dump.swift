/// Text and role dumps for golden screens, and the diff that drives minimal redraws.
extension CellGrid {
    /// One changed cell: where, and what it should now show.
    public struct Change: Equatable, Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var cell: Cell
        public init(x: Int, y: Int, cell: Cell) {
            self.x = x
            self.y = y
            self.cell = cell
        }
    }

    /// Exactly `height` rows of exactly `width` columns each; continuation cells are skipped
    /// because their lead character already covers two columns.
    public func lines() -> [String] {
        (0..<height).map { y in
            var row = ""
            for x in 0..<width where !self[x, y].isContinuation { row.append(self[x, y].character) }
            return row
        }
    }

    /// `lines()` joined with newlines (no trailing newline).
    public func text() -> String { lines().joined(separator: "\n") }

    /// One role code per *column* (a wide character repeats its code), so the dump lines up
    /// with the text dump in a monospaced snapshot file.
    public func roleLines() -> [String] {
        (0..<height).map { y in String((0..<width).map { self[$0, y].role.code }) }
    }

    /// `roleLines()` joined with newlines.
    public func roles() -> String { roleLines().joined(separator: "\n") }

    /// Cells of `self` that differ from `old`. A size change means everything is new (the
    /// terminal has re-laid out its contents), so every cell is returned.
    public func diff(from old: CellGrid) -> [Change] {
        var out: [Change] = []
        let sameSize = old.width == width && old.height == height
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                if !sameSize || cells[i] != old.cells[i] { out.append(Change(x: x, y: y, cell: cells[i])) }
            }
        }
        return out
    }

    /// Applies changes produced by `diff`; a backend holding a copy of the screen uses this to
    /// stay in step with the terminal it paints.
    public mutating func apply(_ changes: [Change]) {
        for c in changes where c.x >= 0 && c.x < width && c.y >= 0 && c.y < height {
            cells[c.y * width + c.x] = c.cell
        }
    }
}
