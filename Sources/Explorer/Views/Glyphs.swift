import TerminalUI

/// Characters that have an ASCII fallback.
struct Glyphs {
    let unicode: Bool

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let spark: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiSpark: [Character] = [".", ".", ":", ":", "-", "=", "+", "#"]

    var full: Character { unicode ? "█" : "#" }
    var expanded: String { Mark.expanded.text(unicode) }
    var collapsed: String { Mark.collapsed.text(unicode) }
    var leaf: String { Mark.leaf.text(unicode) }
    var guide: String { unicode ? "│ " : "| " }
    var tee: String { unicode ? "├─" : "|-" }
    var elbow: String { unicode ? "└─" : "`-" }
    var event: Character { Character(Mark.event.text(unicode)) }
    var tick: Character { unicode ? "╷" : "|" }
    var skew: String { Mark.skew.text(unicode) }
    var orphanMark: String { Mark.orphan.text(unicode) }
    var ellipsis: String { unicode ? "…" : "..." }
    /// Marks a span that has log lines.
    var logs: String { Mark.logs.text(unicode) }
    /// Marks a span far slower than its operation's median (an outlier).
    var outlier: String { Mark.outlier.text(unicode) }
    /// A wait on the end-to-end path (before a consumer starts).
    var wait: Character { Character(Mark.wait.text(unicode)) }

    /// A partial cell of `n` eighths (1...8).
    func partial(_ n: Int) -> Character {
        unicode ? Self.eighths[max(1, min(8, n)) - 1] : "#"
    }

    func sparkBar(_ level: Int) -> Character {
        (unicode ? Self.spark : Self.asciiSpark)[max(0, min(7, level))]
    }
}

/// Every mark the trace list and the waterfall draw, with what it means: the views draw them
/// from here and `?` help builds its legend from here, so the two cannot drift apart.
enum Mark: CaseIterable {
    case expanded, collapsed, leaf, event, skew, orphan, placeholder, logs, outlier, fold, hidden, moreBelow, critical, endToEnd, wait, fresh, fetched, arriving

    /// The mark itself (ASCII fallback when `unicode` is false).
    func text(_ unicode: Bool) -> String {
        switch self {
        case .expanded: return unicode ? "▾" : "v"
        case .collapsed: return unicode ? "▸" : ">"
        case .leaf: return unicode ? "·" : "."
        case .event: return unicode ? "◆" : "*"
        case .skew: return unicode ? "⇆" : "~"
        case .orphan: return unicode ? "⚠" : "!"
        case .placeholder: return unicode ? "… missing parent" : "... missing parent"
        case .logs: return unicode ? "≡" : "="
        case .outlier: return unicode ? "▲" : "^"
        case .fold: return unicode ? "▸ 12 ×" : "> 12 x"
        case .hidden: return unicode ? "… 5 spans hidden" : "... 5 spans hidden"
        case .moreBelow: return "(+7)"
        case .critical: return unicode ? "█" : "#"
        case .endToEnd: return unicode ? "█" : "#"
        case .wait: return unicode ? "┄" : "-"
        case .fresh: return "+"
        case .fetched: return unicode ? "●" : "*"
        case .arriving: return unicode ? "…" : "~"
        }
    }

    /// What it means, for the legend in `?` help.
    var meaning: String {
        switch self {
        case .expanded: return "span with children, shown (Space folds)"
        case .collapsed: return "span with children, collapsed"
        case .leaf: return "span without children"
        case .event: return "a span event on the bar, at its time"
        case .skew: return "times shifted to correct clock skew (K: raw times)"
        case .orphan: return "parent missing: the span is shown as an extra root (list: the trace has one)"
        case .placeholder: return "a row for a parent that is not in the trace, its spans under it"
        case .logs: return "the span has n log lines (error colour: one is an error; L shows them)"
        case .outlier: return "before the duration: at least 3× the median of its operation"
        case .fold: return "12 same-name siblings folded into one row (z; Space unfolds)"
        case .hidden: return "spans hidden by C (critical path only) or z (short spans)"
        case .moreBelow: return "a collapsed span: 7 spans under it"
        case .critical: return "bar in the critical-path colour: time on the critical path (c toggles)"
        case .endToEnd: return "bar in the end-to-end colour: on the end-to-end path (a)"
        case .wait: return "a wait on the end-to-end path before a consumer starts"
        case .fresh: return "live data or a backend's poll: a trace that arrived since the last key press"
        case .fetched: return "a backend's search result already fetched: it opens at once"
        case .arriving: return "live data: the trace is still arriving (it got spans in the last 5 s)"
        }
    }

    /// The role the legend draws the mark in (as the views do).
    var role: Role {
        switch self {
        case .critical: return .criticalPath
        case .endToEnd, .wait: return .endToEndPath
        case .skew: return .skewed
        case .orphan, .outlier, .placeholder: return .orphan
        case .logs: return .logMark
        default: return .dim
        }
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
