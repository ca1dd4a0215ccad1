/// What a cell *means*, not how it looks. Views pick roles; a theme maps roles to colours later,
/// so the same golden screen holds for 256 colours, 8 colours and NO_COLOR.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal, dim, header, selected, criticalPath, error, match, orphan, skewed, border, hint, bar

    /// One letter per role so a role dump lines up column for column with the text dump.
    public var code: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .header: "h"
        case .selected: "s"
        case .criticalPath: "c"
        case .error: "e"
        case .match: "m"
        case .orphan: "o"
        case .skewed: "k"
        case .border: "r"
        case .hint: "i"
        case .bar: "b"
        }
    }

    /// The inverse of `code`, for reading role dumps back (snapshot tooling).
    public init?(code: Character) {
        guard let role = Role.allCases.first(where: { $0.code == code }) else { return nil }
        self = role
    }
}
