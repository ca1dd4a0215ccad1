import Testing
import TraceAnalysis
import TraceModel
import TerminalUI
@testable import Reports

@Suite struct UnitsTests {
    @Test(arguments: [
        (Int64(0), "0"), (1, "0.001"), (10, "0.01"), (999, "0.999"), (1000, "1"), (1500, "1.5"),
        (1_234_567, "1234.567"), (-2500, "-2.5"), (1_700_000_000_123_456_789, "1700000000123456.789"),
        (Int64.max, "9223372036854775.807"),
    ])
    func microsecondsArePrintedExactlyFromNanoseconds(ns: Int64, text: String) {
        #expect(Units.micros(ns) == text)
    }

    @Test(arguments: [
        (Int64(0), "0 ns"), (850, "850 ns"), (1_000, "1.00 µs"), (12_400, "12.4 µs"), (999_499, "999 µs"),
        (1_234_567, "1.23 ms"), (45_600_000, "45.6 ms"), (4_560_000_000, "4.56 s"), (125_000_000_000, "2m05s"),
        (7_500_000_000_000, "2h05m"),
    ])
    func humanDurations(ns: Int64, text: String) {
        #expect(Units.duration(ns) == text)
    }

    @Test func percentAndCount() {
        #expect(Units.percent(1, of: 3) == "33.3%")
        #expect(Units.percent(5, of: 0) == "-")
        #expect(Units.percent(Int64.max, of: 1) == "900000000000000000.0%")
        #expect(Units.percent(-1, of: 4) == "-25.0%")
        #expect(Units.count(1_234_567) == "1,234,567")
        #expect(Units.count(999) == "999")
    }
}

@Suite struct SanitizeTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a\u{1B}[31mred", "a\\u{1b}[31mred"),
        ("line\nbreak\ttab\r", "line\\nbreak\\ttab\\r"),
        ("bell\u{07}del\u{7F}c1\u{9B}", "bell\\u{7}del\\u{7f}c1\\u{9b}"),
        ("bidi\u{202E}evil", "bidi\\u{202e}evil"),
        ("日本語 ok", "日本語 ok"),
    ])
    func controlCharactersBecomeVisibleEscapes(raw: String, shown: String) {
        #expect(Sanitize.text(raw) == shown)
    }

    @Test func fitCountsWideCharactersAsTwoColumns() {
        #expect(Sanitize.fit("日本語テキスト", 7) == "日本語…")
        #expect(Sanitize.columns(Sanitize.fit("日本語テキスト", 7)) <= 7)
        #expect(Sanitize.pad("ab", 4, right: true) == "  ab")
        #expect(Sanitize.fit("abcdef", 4) == "abc…")
    }
}
