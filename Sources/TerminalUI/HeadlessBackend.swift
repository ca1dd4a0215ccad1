/// An in-memory terminal: tests and `--render WxH` drive the app with a queue of keys and read
/// the screen back. It paints only the `changes` it is given, like a real terminal, so a diff
/// that missed a cell shows up as a wrong screen rather than passing silently.
public final class HeadlessBackend: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    /// What a real terminal would now show.
    public private(set) var screen: CellGrid
    /// The grid passed to the most recent `draw`, if any.
    public private(set) var lastGrid: CellGrid?
    public private(set) var drawCount = 0
    /// How many cells the most recent `draw` painted: checks redraws stay minimal.
    public private(set) var lastChangeCount = 0
    public private(set) var isSetUp = false
    public private(set) var restoreCount = 0
    private var pending: [KeyEvent]
    /// Acts like a terminal that hangs up once its scripted keys are used up.
    public var hangUpWhenEmpty = false
    public var hungUp: Bool { hangUpWhenEmpty && pending.isEmpty }

    public init(width: Int, height: Int, keys: [KeyEvent] = []) {
        size = (width, height)
        screen = CellGrid(width: width, height: height)
        pending = keys
    }

    /// Queues keys written in `KeyNotation`, e.g. `"jj<Enter>"`.
    public func enqueue(_ notation: String) throws(KeyNotation.ParseError) {
        pending += try KeyNotation.parse(notation)
    }

    public func enqueue(_ keys: [KeyEvent]) { pending += keys }

    /// Simulates the user resizing the window: the size changes and a `.resize` key is queued.
    public func resize(width: Int, height: Int) {
        size = (width, height)
        pending.append(.resize)
    }

    public func draw(_ grid: CellGrid, changes: [CellGrid.Change]) {
        // A terminal that was resized starts from blank; only the changes are painted on it.
        if screen.width != grid.width || screen.height != grid.height {
            screen = CellGrid(width: grid.width, height: grid.height)
        }
        screen.apply(changes)
        lastGrid = grid
        lastChangeCount = changes.count
        drawCount += 1
    }

    /// Never waits: an empty queue means "no key within the timeout".
    public func readKey(timeoutMs: Int) -> KeyEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func setup() { isSetUp = true }

    public func restore() {
        isSetUp = false
        restoreCount += 1
    }
}
