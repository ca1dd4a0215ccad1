import CursesBackend
import CursesShim
import Testing
import TerminalUI

struct KeyMappingTests {
    typealias Code = CursesKeyMapping.Code

    @Test(arguments: [
        (false, UInt32(10), KeyEvent.enter),
        (false, 13, .enter),
        (false, 9, .tab),
        (false, 27, .escape),
        (false, 127, .backspace),
        (false, 8, .backspace),
        (false, 1, .ctrl("a")),
        (false, 3, .ctrl("c")),
        (false, 4, .ctrl("d")),
        (false, 21, .ctrl("u")),
        (false, 26, .ctrl("z")),
        (false, 0x61, .character("a")),
        (false, 0x51, .character("Q")),
        (false, 0x20, .character(" ")),
        (false, 0x2F, .character("/")),
        (false, 0x7E, .character("~")),
        (false, 0xE9, .character("é")),
        (false, 0x65E5, .character("日")),
        (false, 0x1F600, .character("😀")),
        (true, Code.up, .up),
        (true, Code.down, .down),
        (true, Code.left, .left),
        (true, Code.right, .right),
        (true, Code.pageUp, .pageUp),
        (true, Code.pageDown, .pageDown),
        (true, Code.home, .home),
        (true, Code.end, .end),
        (true, Code.backspace, .backspace),
        (true, Code.delete, .delete),
        (true, Code.backTab, .backTab),
        (true, Code.keypadEnter, .enter),
        (true, Code.resize, .resize),
    ] as [(Bool, UInt32, KeyEvent)])
    func maps(isKeyCode: Bool, code: UInt32, expected: KeyEvent) {
        #expect(CursesKeyMapping.keyEvent(isKeyCode: isKeyCode, code: code) == expected)
    }

    @Test(arguments: [
        (false, UInt32(0)), (false, 0x1C), (false, 0x1F), (false, 0x80), (false, 0x9B), (false, 0x9F),
        (false, 0xD800), (false, 0x110000),
        (true, Code.mouse), (true, 0o410), (true, 0o777), (true, 0x61),
    ] as [(Bool, UInt32)])
    func ignores(isKeyCode: Bool, code: UInt32) {
        #expect(CursesKeyMapping.keyEvent(isKeyCode: isKeyCode, code: code) == nil)
    }

    @Test func everyControlLetterMapsToLowerCaseCtrl() {
        for code in UInt32(1)...26 where ![8, 9, 10, 13].contains(code) {
            let letter = Character(Unicode.Scalar(0x60 + code)!)
            #expect(CursesKeyMapping.keyEvent(isKeyCode: false, code: code) == .ctrl(letter))
        }
    }

    @Test func keyCodesMatchTheLinkedCurses() {
        let codes: [Int] = [SS_KEY_DOWN, SS_KEY_UP, SS_KEY_LEFT, SS_KEY_RIGHT, SS_KEY_HOME, SS_KEY_BACKSPACE,
                            SS_KEY_DC, SS_KEY_NPAGE, SS_KEY_PPAGE, SS_KEY_ENTER, SS_KEY_BTAB, SS_KEY_END,
                            SS_KEY_MOUSE, SS_KEY_RESIZE].map { Int($0) }
        for c in codes { #expect(Int(ss_curses_key(Int32(c))) == c) }
    }

    @Test func mouseWheelAndClick() {
        let m = CursesKeyMapping.MouseMasks.curses
        #expect(m.wheelUp != 0 && m.wheelDown != 0 && m.button1Pressed != 0)
        #expect(CursesKeyMapping.mouseEvent(bstate: m.wheelUp, x: 3, y: 4, masks: m) == .mouse(.wheelUp))
        #expect(CursesKeyMapping.mouseEvent(bstate: m.wheelDown, x: 3, y: 4, masks: m) == .mouse(.wheelDown))
        #expect(CursesKeyMapping.mouseEvent(bstate: m.button1Pressed, x: 3, y: 4, masks: m) == .mouse(.click(x: 3, y: 4)))
        #expect(CursesKeyMapping.mouseEvent(bstate: m.button1Clicked, x: 0, y: 9, masks: m) == .mouse(.click(x: 0, y: 9)))
        #expect(CursesKeyMapping.mouseEvent(bstate: ss_mask_button1_released(), x: 3, y: 4, masks: m) == nil)
        #expect(CursesKeyMapping.mouseEvent(bstate: 0, x: 3, y: 4, masks: m) == nil)
    }
}
