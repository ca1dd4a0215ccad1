/// The only surface between the app and a real terminal. The run loop draws a `CellGrid`,
/// diffs it against the last one and hands both to the backend, so a backend only paints.
public protocol TerminalBackend: AnyObject {
    /// Current size in columns and rows; re-read after a `.resize` event.
    var size: (width: Int, height: Int) { get }
    /// Paint `changes` (cells of `grid` that differ from the previous frame). `grid` is the
    /// whole frame, for backends that prefer repainting everything.
    func draw(_ grid: CellGrid, changes: [CellGrid.Change])
    /// The next key, or nil when none arrived within `timeoutMs` (lets the loop poll sources).
    func readKey(timeoutMs: Int) -> KeyEvent?
    /// Like `readKey(timeoutMs:)`, but returns early (nil) when `wake` becomes readable: the
    /// run loop's inbox has a message. Backends that cannot wait on it wait for a key only.
    func readKey(timeoutMs: Int, wake: Int32) -> KeyEvent?
    /// Enter raw/alternate-screen mode.
    func setup()
    /// Leave the terminal as it was found; must be safe to call more than once.
    func restore()
    /// The terminal went away (hung up): the run loop must end, as no key will ever come.
    var hungUp: Bool { get }
}

extension TerminalBackend {
    public var hungUp: Bool { false }
    public func readKey(timeoutMs: Int, wake: Int32) -> KeyEvent? { readKey(timeoutMs: timeoutMs) }
}
