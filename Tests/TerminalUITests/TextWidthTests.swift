import Testing
@testable import TerminalUI

struct TextWidthTests {
    @Test("column width of one grapheme", arguments: [
        ("a", 1), ("~", 1), ("é", 1), ("e\u{301}", 1), ("日", 2), ("한", 2), ("Ａ", 2),
        ("😀", 2), ("👩‍👩‍👧", 2), ("🇫🇷", 2), ("❤", 1), ("❤️", 2),
        ("\u{301}", 0), ("\u{200D}", 0), ("\u{200B}", 0), ("\u{1b}", 0), ("\u{7f}", 0), ("\u{85}", 0),
        ("\u{202E}", 0),
    ] as [(Character, Int)])
    func characterWidth(_ c: Character, _ expected: Int) {
        #expect(TextWidth.width(c) == expected)
    }

    @Test("column width of a string", arguments: [
        ("", 0), ("hello", 5), ("abc日本", 7), ("e\u{301}x", 2), ("👍🏽ok", 4), ("日本語テキスト", 14),
    ])
    func stringWidth(_ s: String, _ expected: Int) {
        #expect(TextWidth.width(s) == expected)
    }

    @Test("controls become visible escapes", arguments: [
        ("plain", "plain"),
        ("a\u{1b}[31mb", "a\\u{1b}[31mb"),
        ("x\ny\tz\r", "x\\ny\\tz\\r"),
        ("\u{202E}evil", "\\u{202e}evil"),
        ("\u{2066}iso\u{2069}", "\\u{2066}iso\\u{2069}"),
        ("del\u{7f}", "del\\u{7f}"),
        ("c1\u{85}\u{9b}", "c1\\u{85}\\u{9b}"),
        ("\u{0}", "\\u{0}"),
        ("日本 é", "日本 é"),
    ])
    func sanitize(_ raw: String, _ expected: String) {
        let clean = TextWidth.sanitize(raw)
        #expect(clean == expected)
        #expect(!clean.unicodeScalars.contains { TextWidth.isControl($0.value) })
    }

    @Test("truncation never splits a wide character", arguments: [
        ("abcdef", 4, "abc…"), ("abc", 3, "abc"), ("abc", 0, ""), ("abcd", 1, "…"),
        ("日本語", 6, "日本語"), ("日本語", 5, "日本…"), ("日本語", 4, "日…"), ("日本語", 3, "日…"),
        ("a日本", 3, "a…"), ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
    ])
    func truncate(_ s: String, _ columns: Int, _ expected: String) {
        let cut = TextWidth.truncate(s, to: columns)
        #expect(cut == expected)
        #expect(TextWidth.width(cut) <= columns)
    }

    @Test("pad gives exactly the requested columns", arguments: [
        ("ab", 4, false, "ab  "), ("ab", 4, true, "  ab"), ("日本語", 4, false, "日… "),
        ("abcdef", 3, false, "ab…"), ("日", 3, true, " 日"),
    ])
    func pad(_ s: String, _ columns: Int, _ right: Bool, _ expected: String) {
        let padded = TextWidth.pad(s, to: columns, alignRight: right)
        #expect(padded == expected)
        #expect(TextWidth.width(padded) == columns)
    }
}
