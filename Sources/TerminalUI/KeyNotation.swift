/// Vim-like key notation (`jj<Enter>`, `<C-d>`, `/err<Enter>`), so tests, docs and the key map
/// speak of keys as readable text. `describe` is the inverse of `parse` for every event.
public enum KeyNotation {
    public enum ParseError: Error, Equatable, Sendable {
        /// `<Foo>`: a name this notation does not know.
        case unknownKey(String)
        /// A `<` without a closing `>`.
        case unterminated(String)
    }

    /// Named keys, spelled as `describe` writes them; parsing ignores case.
    static let named: [(String, KeyEvent)] = [
        ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("S-Tab", .backTab),
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right),
        ("PgUp", .pageUp), ("PgDn", .pageDown), ("Home", .home), ("End", .end),
        ("BS", .backspace), ("Del", .delete), ("Space", .character(" ")), ("lt", .character("<")),
        ("Resize", .resize), ("WheelUp", .mouse(.wheelUp)), ("WheelDown", .mouse(.wheelDown)),
    ]

    /// Plain characters stand for themselves; `<Name>` is a special key. A literal `<` must be
    /// written `<lt>` so a typo like `<Entr>` is an error instead of five keystrokes.
    public static func parse(_ keys: String) throws(ParseError) -> [KeyEvent] {
        var out: [KeyEvent] = []
        var i = keys.startIndex
        while i < keys.endIndex {
            let ch = keys[i]
            guard ch == "<" else {
                out.append(.character(ch))
                i = keys.index(after: i)
                continue
            }
            let nameStart = keys.index(after: i)
            guard let close = keys[nameStart...].firstIndex(of: ">") else {
                throw .unterminated(String(keys[i...]))
            }
            out.append(try event(named: String(keys[nameStart..<close])))
            i = keys.index(after: close)
        }
        return out
    }

    static func event(named name: String) throws(ParseError) -> KeyEvent {
        let lower = name.lowercased()
        if let hit = named.first(where: { $0.0.lowercased() == lower }) { return hit.1 }
        if lower.hasPrefix("c-"), lower.count == 3, let c = lower.last, c.isLetter {
            return .ctrl(c)
        }
        if lower.hasPrefix("click:") {
            let parts = lower.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false)
            if parts.count == 2, let x = Int(parts[0]), let y = Int(parts[1]), x >= 0, y >= 0 {
                return .mouse(.click(x: x, y: y))
            }
        }
        throw .unknownKey(name)
    }

    /// The notation for one event: what help screens and generated docs show.
    public static func describe(_ event: KeyEvent) -> String {
        switch event {
        case .ctrl(let c): return "<C-\(c)>"
        case .mouse(.click(let x, let y)): return "<Click:\(x),\(y)>"
        case .character(let c) where c != " " && c != "<": return String(c)
        default:
            let name = named.first(where: { $0.1 == event })?.0 ?? "?"
            return "<\(name)>"
        }
    }

    /// The notation for a sequence, e.g. a multi-key binding like `gg`.
    public static func describe(_ events: [KeyEvent]) -> String {
        events.map { describe($0) }.joined()
    }
}

extension KeyNotation.ParseError: CustomStringConvertible {
    /// A sentence naming what was wrong, for `--keys` errors.
    public var description: String {
        switch self {
        case .unknownKey(let name): return "unknown key <\(name)>"
        case .unterminated(let rest): return "unterminated key name \(rest) (a literal < is written <lt>)"
        }
    }
}
