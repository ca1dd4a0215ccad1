/// Terminal column arithmetic. Grid layout depends on agreeing with the terminal about how many
/// columns a character takes; getting it wrong shifts every later cell on the row.
public enum TextWidth {
    /// Columns a grapheme takes: 2 for East Asian wide and emoji, 0 for marks, joiners and
    /// controls (controls are never drawn raw; `sanitize` makes them visible first), else 1.
    public static func width(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let v = first.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if isControl(v) || isZeroWidth(first) { return 0 }
        if isWide(first) { return 2 }
        // A text-default symbol followed by VS16 (U+FE0F) is drawn as an emoji: two columns.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    /// Columns a string takes, as drawn (no sanitizing: pass sanitized text to measure escapes).
    public static func width(_ s: String) -> Int {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        return s.reduce(0) { $0 + width($1) }
    }

    /// Trace text is data, never terminal control: C0, DEL, C1, and the bidi overrides that can
    /// reorder a line become visible escapes such as `\u{1b}`; newline, tab and CR become `\n`,
    /// `\t`, `\r` so a multi-line attribute stays on one row.
    public static func sanitize(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case _ where isControl(v):
                out += "\\u{" + String(v, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The start of `text` that can fill `columns` columns: a long text (a 100 MB span name) is
    /// cut before it is sanitized or measured, so drawing one row does not copy all of it.
    /// Every character drawn takes a column; the slack covers zero-width ones.
    public static func head(_ text: String, columns: Int) -> String {
        let keep = columns + 256
        guard text.utf8.count > 4 * keep else { return text }
        return String(text.prefix(keep))
    }

    /// Cuts to at most `columns` columns, ending in "…" when something was dropped. A wide
    /// character that would straddle the limit is dropped whole, so the result may be one short.
    public static func truncate(_ s: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        let start = head(s, columns: columns)
        if start.utf8.count == s.utf8.count, width(s) <= columns { return s }
        var out = ""
        var used = 0
        for ch in start {
            let w = width(ch)
            if used + w > columns - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Exactly `columns` columns: truncated, then padded with spaces (on the left when
    /// `alignRight`, for numbers). Wide-character cuts are filled so columns still line up.
    public static func pad(_ s: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(s, to: columns)
        let gap = String(repeating: " ", count: max(0, columns - width(cut)))
        return alignRight ? gap + cut : cut + gap
    }

    /// C0, DEL, C1, bidi embeddings/overrides/isolates and the LRM/RLM marks.
    static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
    }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return (0xFE00...0xFE0F).contains(s.value) || (0x1160...0x11FF).contains(s.value)
        }
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x1100 { return false }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F1E6...0x1F1FF).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return true
        }
        return s.properties.isEmojiPresentation
    }
}
