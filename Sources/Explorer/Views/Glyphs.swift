import TerminalUI

/// Characters that have an ASCII fallback.
struct Glyphs {
    let unicode: Bool

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let spark: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiSpark: [Character] = [".", ".", ":", ":", "-", "=", "+", "#"]

    var full: Character { unicode ? "█" : "#" }
    var expanded: String { unicode ? "▾" : "v" }
    var collapsed: String { unicode ? "▸" : ">" }
    var leaf: String { unicode ? "·" : "." }
    var guide: String { unicode ? "│ " : "| " }
    var tee: String { unicode ? "├─" : "|-" }
    var elbow: String { unicode ? "└─" : "`-" }
    var event: Character { unicode ? "◆" : "*" }
    var tick: Character { unicode ? "╷" : "|" }
    var skew: String { unicode ? "⇆" : "~" }
    var orphanMark: String { unicode ? "⚠" : "!" }
    var ellipsis: String { unicode ? "…" : "..." }
    /// Marks a span that has log lines.
    var logs: String { unicode ? "≡" : "=" }
    /// Marks a span far slower than its operation's median (an outlier).
    var outlier: String { unicode ? "▲" : "^" }

    /// A partial cell of `n` eighths (1...8).
    func partial(_ n: Int) -> Character {
        unicode ? Self.eighths[max(1, min(8, n)) - 1] : "#"
    }

    func sparkBar(_ level: Int) -> Character {
        (unicode ? Self.spark : Self.asciiSpark)[max(0, min(7, level))]
    }
}

extension CellGrid {
    /// A bar of `eighths` eighth-cells starting at column `x`, at most `maxCells` cells.
    mutating func bar(x: Int, y: Int, eighths: Int, maxCells: Int, role: Role, glyphs: Glyphs) {
        let e = max(1, min(eighths, maxCells * 8))
        for k in 0..<(e / 8) { set(Cell(glyphs.full, role: role), x: x + k, y: y) }
        if e % 8 > 0 { set(Cell(glyphs.partial(e % 8), role: role), x: x + e / 8, y: y) }
    }
}

/// Formatting shared by the views.
enum Format {
    /// Epoch nanoseconds as UTC time of day, "14:03:07.123".
    static func clock(_ ns: Int64) -> String {
        let ms = (ns / 1_000_000) % 86_400_000
        let m = ms < 0 ? ms + 86_400_000 : ms
        func p(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(p(m / 3_600_000, 2)):\(p(m / 60_000 % 60, 2)):\(p(m / 1000 % 60, 2)).\(p(m % 1000, 3))"
    }
}
