/// One terminal column. A wide character occupies its lead cell (width 2) and a continuation
/// cell (width 0) to its right, so column arithmetic never needs to re-measure text.
public struct Cell: Equatable, Hashable, Sendable {
    /// A single grapheme cluster; a continuation cell holds a space that is never drawn.
    public var character: Character
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    /// 1 for ordinary cells, 2 for the lead of a wide character, 0 for its continuation.
    public var width: Int

    public init(_ character: Character = " ", role: Role = .normal, bold: Bool = false,
                reverse: Bool = false, width: Int = 1) {
        self.character = character
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.width = width
    }

    public static let blank = Cell()

    public var isContinuation: Bool { width == 0 }

    /// The right half of a wide character; it inherits the styling so a selected row stays solid.
    static func continuation(of lead: Cell) -> Cell {
        Cell(" ", role: lead.role, bold: lead.bold, reverse: lead.reverse, width: 0)
    }
}
