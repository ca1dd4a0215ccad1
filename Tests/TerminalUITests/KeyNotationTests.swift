import Testing
import TerminalUI

struct KeyNotationTests {
    @Test("parse", arguments: [
        ("jj<Enter>", [.character("j"), .character("j"), .enter]),
        ("<C-d><C-U>", [.ctrl("d"), .ctrl("u")]),
        ("<lt>a>", [.character("<"), .character("a"), .character(">")]),
        ("<S-Tab><Tab><BS><Del><Esc>", [.backTab, .tab, .backspace, .delete, .escape]),
        ("<Up><Down><Left><Right>", [.up, .down, .left, .right]),
        ("<pgup><PgDn><Home><END>", [.pageUp, .pageDown, .home, .end]),
        ("/a b<Space>", [.character("/"), .character("a"), .character(" "), .character("b"), .character(" ")]),
        ("日é", [.character("日"), .character("é")]),
        ("", []),
    ] as [(String, [KeyEvent])])
    func parse(_ notation: String, _ expected: [KeyEvent]) throws {
        #expect(try KeyNotation.parse(notation) == expected)
    }

    @Test("unknown or malformed names are errors", arguments: [
        ("<Foo>", KeyNotation.ParseError.unknownKey("Foo")),
        ("a<Entr>b", .unknownKey("Entr")),
        ("<C-1>", .unknownKey("C-1")),
        ("<C-dd>", .unknownKey("C-dd")),
        ("<>", .unknownKey("")),
        ("<Click:1>", .unknownKey("Click:1")),
        ("x<Enter", .unterminated("<Enter")),
    ])
    func errors(_ notation: String, _ expected: KeyNotation.ParseError) {
        #expect(throws: expected) { try KeyNotation.parse(notation) }
    }

    static let everyKind: [KeyEvent] = [
        .character("q"), .character(" "), .character("<"), .character(">"), .character("日"),
        .enter, .escape, .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
        .backspace, .delete, .ctrl("d"), .ctrl("u"), .resize,
        .mouse(.wheelUp), .mouse(.wheelDown), .mouse(.click(x: 12, y: 3)),
    ]

    @Test("describe then parse gives the event back", arguments: everyKind)
    func roundTrip(_ event: KeyEvent) throws {
        let text = KeyNotation.describe(event)
        #expect(try KeyNotation.parse(text) == [event])
    }

    @Test func sequenceRoundTrip() throws {
        let text = KeyNotation.describe(Self.everyKind)
        #expect(try KeyNotation.parse(text) == Self.everyKind)
    }

    @Test("describe spells keys for help screens", arguments: [
        (.ctrl("d"), "<C-d>"), (.character(" "), "<Space>"), (.character("<"), "<lt>"),
        (.character("g"), "g"), (.backTab, "<S-Tab>"), (.pageDown, "<PgDn>"), (.escape, "<Esc>"),
        (.mouse(.click(x: 1, y: 2)), "<Click:1,2>"),
    ] as [(KeyEvent, String)])
    func describe(_ event: KeyEvent, _ expected: String) {
        #expect(KeyNotation.describe(event) == expected)
    }
}
