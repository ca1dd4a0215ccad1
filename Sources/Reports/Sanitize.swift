/// Text from traces is data: before it reaches a terminal or a text report, control characters
/// (C0, DEL, C1, and the bidi overrides that can reorder a line) are shown as visible escapes.
public enum Sanitize {
    public static func text(_ s: String) -> String {
        // Fast path: most names are plain printable ASCII.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F:
                out += "\\u{" + String(v, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Sanitised, then cut to `width` terminal columns with "…" (wide East Asian characters
    /// count as two columns).
    public static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        // Fast path: printable ASCII is one column per byte (grapheme walking is slow).
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            if s.utf8.count <= width { return s }
            return String(decoding: s.utf8.prefix(width - 1), as: UTF8.self) + "…"
        }
        let clean = text(s)
        if columns(clean) <= width { return clean }
        var out = ""
        var used = 0
        for ch in clean {
            let w = columns(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    public static func columns(_ s: String) -> Int {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        return s.reduce(0) { $0 + columns($1) }
    }

    public static func columns(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 0 }
        if v < 0x1100 { return 1 }
        // East Asian Wide/Fullwidth ranges that matter in practice.
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// Pads (or cuts) to exactly `width` columns; `right` aligns numbers.
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let f = fit(s, width)
        let gap = String(repeating: " ", count: max(0, width - columns(f)))
        return right ? gap + f : f + gap
    }
}
