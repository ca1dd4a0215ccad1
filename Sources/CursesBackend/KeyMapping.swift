import CursesShim
import TerminalUI

/// Pure translation of what `wget_wch` returned into `KeyEvent`s, kept free of any terminal
/// state so it is unit-tested without one.
public enum CursesKeyMapping {
    /// Curses key codes (the `KEY_*` values) the mapping understands.
    public enum Code {
        public static let down = UInt32(SS_KEY_DOWN)
        public static let up = UInt32(SS_KEY_UP)
        public static let left = UInt32(SS_KEY_LEFT)
        public static let right = UInt32(SS_KEY_RIGHT)
        public static let home = UInt32(SS_KEY_HOME)
        public static let backspace = UInt32(SS_KEY_BACKSPACE)
        public static let delete = UInt32(SS_KEY_DC)
        public static let pageDown = UInt32(SS_KEY_NPAGE)
        public static let pageUp = UInt32(SS_KEY_PPAGE)
        public static let keypadEnter = UInt32(SS_KEY_ENTER)
        public static let backTab = UInt32(SS_KEY_BTAB)
        public static let end = UInt32(SS_KEY_END)
        public static let mouse = UInt32(SS_KEY_MOUSE)
        public static let resize = UInt32(SS_KEY_RESIZE)
    }

    /// `isKeyCode` is true when `wget_wch` returned `KEY_CODE_YES` (a function key), false for
    /// a character. Returns nil for input the app has no use for. `KEY_MOUSE` also returns nil:
    /// the backend reads the mouse event itself (see `mouseEvent`).
    public static func keyEvent(isKeyCode: Bool, code: UInt32) -> KeyEvent? {
        if isKeyCode {
            switch code {
            case Code.up: return .up
            case Code.down: return .down
            case Code.left: return .left
            case Code.right: return .right
            case Code.home: return .home
            case Code.end: return .end
            case Code.pageUp: return .pageUp
            case Code.pageDown: return .pageDown
            case Code.backspace: return .backspace
            case Code.delete: return .delete
            case Code.backTab: return .backTab
            case Code.keypadEnter: return .enter
            case Code.resize: return .resize
            default: return nil
            }
        }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            guard let scalar = Unicode.Scalar(UInt32(0x60) + code) else { return nil }
            return .ctrl(Character(scalar))
        case 0..<0x20, 0x7F...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Bits of an `MEVENT.bstate` that the mapping looks at.
    public struct MouseMasks: Sendable {
        public var button1Pressed: UInt64
        public var button1Clicked: UInt64
        public var wheelUp: UInt64
        public var wheelDown: UInt64

        public init(button1Pressed: UInt64, button1Clicked: UInt64, wheelUp: UInt64, wheelDown: UInt64) {
            self.button1Pressed = button1Pressed
            self.button1Clicked = button1Clicked
            self.wheelUp = wheelUp
            self.wheelDown = wheelDown
        }

        /// The masks of the linked ncurses.
        public static var curses: MouseMasks {
            MouseMasks(button1Pressed: ss_mask_button1_pressed(), button1Clicked: ss_mask_button1_clicked(),
                       wheelUp: ss_mask_button4_pressed(), wheelDown: ss_mask_button5_pressed())
        }
    }

    /// A mouse event from `getmouse`: wheel (button 4/5 pressed) or a left click at x, y.
    public static func mouseEvent(bstate: UInt64, x: Int, y: Int, masks: MouseMasks) -> KeyEvent? {
        if masks.wheelUp != 0, bstate & masks.wheelUp != 0 { return .mouse(.wheelUp) }
        if masks.wheelDown != 0, bstate & masks.wheelDown != 0 { return .mouse(.wheelDown) }
        if bstate & (masks.button1Pressed | masks.button1Clicked) != 0 {
            return .mouse(.click(x: x, y: y))
        }
        return nil
    }
}
