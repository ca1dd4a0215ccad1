/// Input as the app sees it, independent of the terminal: the curses backend, the headless
/// backend and key-notation scripts in tests all produce these.
public enum KeyEvent: Equatable, Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab
    case up, down, left, right
    case pageUp, pageDown, home, end
    case backspace, delete
    /// Control plus a letter, always stored lower-case (`<C-D>` and `<C-d>` are the same key).
    case ctrl(Character)
    /// The terminal changed size; the run loop re-reads `TerminalBackend.size` and redraws.
    case resize
    case mouse(Mouse)

    public enum Mouse: Equatable, Hashable, Sendable {
        case wheelUp, wheelDown
        /// A left click at a grid column and row.
        case click(x: Int, y: Int)
    }
}
