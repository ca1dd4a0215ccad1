import Testing
import TerminalUI

struct HeadlessBackendTests {
    @Test func paintsOnlyChangesAndKeepsTheScreenInStep() {
        let backend = HeadlessBackend(width: 6, height: 2)
        var frame1 = CellGrid(width: 6, height: 2)
        frame1.put("hello", x: 0, y: 0)
        backend.draw(frame1, changes: frame1.diff(from: CellGrid(width: 0, height: 0)))
        #expect(backend.screen == frame1)
        #expect(backend.lastChangeCount == 12)

        var frame2 = frame1
        frame2.put("J", x: 0, y: 0, role: .selected)
        frame2.put("日", x: 4, y: 1)
        backend.draw(frame2, changes: frame2.diff(from: frame1))
        #expect(backend.screen == frame2)
        #expect(backend.screen.text() == "Jello \n    日")
        #expect(backend.lastChangeCount == 3)
        #expect(backend.drawCount == 2)
        #expect(backend.lastGrid == frame2)
    }

    @Test func missingChangesShowOnTheScreen() {
        let backend = HeadlessBackend(width: 3, height: 1)
        var frame = CellGrid(width: 3, height: 1)
        frame.put("abc", x: 0, y: 0)
        backend.draw(frame, changes: [])
        #expect(backend.screen.text() == "   ")
    }

    @Test func keysComeOutInOrderThenNil() throws {
        let backend = HeadlessBackend(width: 10, height: 5, keys: [.up])
        try backend.enqueue("j<C-d>")
        backend.resize(width: 20, height: 8)
        var seen: [KeyEvent] = []
        while let key = backend.readKey(timeoutMs: 100) { seen.append(key) }
        #expect(seen == [.up, .character("j"), .ctrl("d"), .resize])
        #expect(backend.size == (20, 8))
        #expect(throws: KeyNotation.ParseError.unknownKey("Nope")) { try backend.enqueue("<Nope>") }
    }

    @Test func setupAndRestore() {
        let backend = HeadlessBackend(width: 1, height: 1)
        backend.setup()
        #expect(backend.isSetUp)
        backend.restore()
        backend.restore()
        #expect(!backend.isSetUp && backend.restoreCount == 2)
    }
}
