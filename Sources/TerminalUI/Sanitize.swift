
/// Text from traces is data: before it reaches a terminal or a text report, control characters
/// (C0, DEL, C1, and the bidi overrides that can reorder a line) are shown as visible escapes.
/// The rules live in `TerminalUI.TextWidth` (the explorer draws with the same ones); this adds
/// the plain-ASCII fast paths the report needs on a million rows.
public enum Sanitize {
    public static func text(_ s: String) -> String {
        isPlainASCII(s) ? s : TextWidth.sanitize(s)
    }

    /// Sanitised, then cut to `width` terminal columns with "…" (wide East Asian characters
    /// count as two columns).
    public static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if isPlainASCII(s) {
            if s.utf8.count <= width { return s }
            return String(decoding: s.utf8.prefix(width - 1), as: UTF8.self) + "…"
        }
        return TextWidth.truncate(TextWidth.sanitize(s), to: width)
    }

    public static func columns(_ s: String) -> Int {
        isPlainASCII(s) ? s.utf8.count : TextWidth.width(s)
    }

    /// Pads (or cuts) to exactly `width` columns; `right` aligns numbers.
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let f = fit(s, width)
        let gap = String(repeating: " ", count: max(0, width - columns(f)))
        return right ? gap + f : f + gap
    }

    @inline(__always)
    static func isPlainASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
