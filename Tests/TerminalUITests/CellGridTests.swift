import Testing
import TerminalUI

struct CellGridTests {
    @Test func boxWithTitleAndWideText() {
        var g = CellGrid(width: 10, height: 4)
        g.box(g.bounds, title: "Spans")
        let used = g.put("日本", x: 1, y: 1, role: .selected)
        g.put("err", x: 1, y: 2, role: .error)
        #expect(used == 4)
        #expect(g.lines() == [
            "┌─Spans──┐",
            "│日本    │",
            "│err     │",
            "└────────┘",
        ])
        #expect(g.roles() == """
            rrhhhhhrrr
            rssss....r
            reee.....r
            rrrrrrrrrr
            """)
    }

    @Test func asciiBoxAndLongTitle() {
        var g = CellGrid(width: 8, height: 3)
        g.box(g.bounds, ascii: true, title: "Waterfall")
        #expect(g.text() == "+-Wat…-+\n|      |\n+------+")
        #expect(g.roleLines()[0] == "rrhhhhrr")
    }

    @Test("a wide character at the right edge is never halved")
    func wideAtRightEdge() {
        var g = CellGrid(width: 5, height: 2)
        #expect(g.put("ab日本", x: 0, y: 0, role: .error) == 4)
        #expect(g.put("日本語", x: 0, y: 1, maxWidth: 3) == 2)
        #expect(g.lines() == ["ab日 ", "日   "])
        #expect(g.roles() == "eeee.\n.....")
        #expect(g[4, 0] == Cell.blank)
        #expect(g[2, 0].width == 2 && g[3, 0].isContinuation)
    }

    @Test func textIsExactlyWidthByHeight() {
        var g = CellGrid(width: 7, height: 3)
        g.put("日本語テキスト", x: 0, y: 0)
        g.put("x", x: 6, y: 2)
        let lines = g.lines()
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { TextWidth.width($0) == 7 })
        #expect(lines == ["日本語 ", "       ", "      x"])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var g = CellGrid(width: 4, height: 2)
        g.put("日本", x: 0, y: 0, role: .match)
        g.put("x", x: 1, y: 0)
        g.put("日本", x: 0, y: 1, role: .match)
        g.put("y", x: 2, y: 1)
        #expect(g.lines() == [" x本", "日y "])
        #expect(g.roles() == "m.mm\nmm.m")
        #expect(!g[0, 0].isContinuation && g[0, 0].width == 1)
    }

    @Test func controlsInTextAreDrawnAsEscapes() {
        var g = CellGrid(width: 12, height: 1)
        let used = g.put("a\u{1b}[2Jb", x: 0, y: 0)
        #expect(used == 11)
        #expect(g.text() == "a\\u{1b}[2Jb ")
    }

    @Test func putClipsToGridAndMaxWidth() {
        var g = CellGrid(width: 6, height: 1)
        #expect(g.put("abcdef", x: 3, y: 0) == 3)
        #expect(g.put("zz", x: 0, y: 0, maxWidth: 1) == 1)
        #expect(g.put("q", x: 0, y: 5) == 0)
        #expect(g.put("q", x: 6, y: 0) == 0)
        #expect(g.text() == "z  abc")
    }

    @Test func fillLinesAndSetRole() {
        var g = CellGrid(width: 5, height: 3)
        g.fill(Rect(x: 1, y: 1, width: 10, height: 10), "#", role: .bar)
        g.hLine(x: 0, y: 0, length: 5)
        g.vLine(x: 0, y: 0, length: 3, ascii: true)
        g.setRole(.criticalPath, in: Rect(x: 3, y: 2, width: 1, height: 1))
        #expect(g.lines() == ["|────", "|####", "|####"])
        #expect(g.roleLines() == ["rrrrr", "rbbbb", "rbbcb"])
    }

    @Test func diffFindsExactlyTheChangedCells() {
        var a = CellGrid(width: 5, height: 3)
        a.put("hello", x: 0, y: 0)
        var b = a
        #expect(b.diff(from: a).isEmpty)
        b.put("a", x: 1, y: 0)
        b.put("z", x: 4, y: 2, role: .selected)
        b.put("h", x: 0, y: 0, role: .dim)
        b.put("l", x: 2, y: 0)
        let changes = b.diff(from: a)
        #expect(changes.map { [$0.x, $0.y] } == [[0, 0], [1, 0], [4, 2]])
        #expect(changes[0].cell == Cell("h", role: .dim))
        #expect(changes[2].cell == Cell("z", role: .selected))
        var patched = a
        patched.apply(changes)
        #expect(patched == b)
    }

    @Test func diffCoversBothHalvesOfAReplacedWideCharacter() {
        var a = CellGrid(width: 3, height: 1)
        a.put("日", x: 0, y: 0)
        var b = CellGrid(width: 3, height: 1)
        b.put("ab", x: 0, y: 0)
        #expect(b.diff(from: a).map(\.x) == [0, 1])
    }

    @Test func diffAfterResizeIsEverything() {
        let a = CellGrid(width: 2, height: 2)
        let b = CellGrid(width: 3, height: 2)
        #expect(b.diff(from: a).count == 6)
    }

    @Test func resizeKeepsTopLeftAndNeverHalvesWideCharacters() {
        var g = CellGrid(width: 4, height: 2)
        g.put("a日b", x: 0, y: 0, role: .hint)
        g.put("cd", x: 0, y: 1)
        g.resize(width: 2, height: 3)
        #expect(g.lines() == ["a ", "cd", "  "])
        #expect(g.roles() == "i.\n..\n..")
        g.resize(width: 5, height: 1)
        #expect(g.text() == "a    ")
    }
}

struct CellGridEdgeTests {
    @Test func zeroWidthGraphemesTakeNoCell() {
        var g = CellGrid(width: 4, height: 1)
        #expect(g.put("\u{301}a\u{200B}b", x: 0, y: 0) == 2)
        #expect(g.text() == "ab  ")
    }

    @Test func fillWithAWideCharacterFallsBackToSpace() {
        var g = CellGrid(width: 3, height: 1)
        g.put("xyz", x: 0, y: 0)
        g.fill(g.bounds, "日", role: .dim)
        #expect(g.text() == "   ")
        #expect(g.roles() == "ddd")
    }

    @Test func boldAndReverseAreKeptOnBothHalves() {
        var g = CellGrid(width: 2, height: 1)
        g.put("日", x: 0, y: 0, role: .selected, bold: true, reverse: true)
        #expect(g[0, 0] == Cell("日", role: .selected, bold: true, reverse: true, width: 2))
        #expect(g[1, 0].isContinuation && g[1, 0].bold && g[1, 0].reverse && g[1, 0].role == .selected)
    }
}
