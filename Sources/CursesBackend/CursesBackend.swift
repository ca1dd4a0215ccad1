import CNcursesw
import CursesShim
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `TerminalBackend` over ncursesw: UTF-8 locale (falling back to C.UTF-8), raw keys through
/// `wget_wch`, wheel and click mouse events, role colours from `Theme`, and a terminal that is
/// always restored — by `restore()`, on SIGINT/SIGTERM/SIGHUP, and at exit.
public final class CursesBackend: TerminalBackend {
    public private(set) var size: (width: Int, height: Int) = (80, 24)
    /// False when no UTF-8 locale could be set: non-ASCII cells are then drawn as "?", and the
    /// app should switch to its ASCII fallback (and say so in the status bar).
    public private(set) var unicode = false
    public private(set) var theme: Theme = .monochrome
    /// Foreground colours by role from the config file, for 256-colour terminals (set before
    /// `setup`); `NO_COLOR` still wins.
    public var colorOverrides: [Role: Int] = [:]
    /// The colour count curses reported (0 when colours are off or unsupported).
    public private(set) var colorCount = 0
    public private(set) var mouseEnabled = false
    public var isActive: Bool { ss_is_active() != 0 }

    /// Set between this instance's setup() and restore(); the curses screen is process-wide.
    private var ownsScreen = false
    private var pairs: [Role: Int32] = [:]
    private var painted: (width: Int, height: Int)?
    private var needsFullRepaint = true
    /// Set when a read found the terminal gone (see `TerminalBackend.hungUp`).
    public private(set) var hungUp = false
    private let mouseMasks = CursesKeyMapping.MouseMasks.curses

    public init() {}

    public func setup() {
        guard !isActive else { return }
        unicode = ss_setup_locale() != 0
        if ss_was_initialized() == 0 {
            _ = initscr()
        } else {
            _ = refresh() // resuming after restore(): curses re-enters program mode
        }
        ss_mark_active()
        ownsScreen = true
        ss_install_handlers()
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = ss_keypad()
        _ = curs_set(0)
        _ = set_escdelay(25)
        mouseEnabled = ss_enable_mouse() != 0
        setUpColors()
        updateSize()
        needsFullRepaint = true
        painted = nil
    }

    public func restore() {
        guard ownsScreen else { return }
        ownsScreen = false
        _ = ss_restore()
    }

    deinit { restore() }

    private func setUpColors() {
        let noColor = Theme.noColorRequested(Self.environment("NO_COLOR"))
        var defaultColors = false
        colorCount = 0
        if !noColor, has_colors() {
            _ = start_color()
            defaultColors = use_default_colors() != ERR
            colorCount = Int(ss_colors())
        }
        theme = Theme.for(colors: colorCount, noColor: noColor)
        pairs = [:]
        guard theme.mode != .monochrome else { return }
        for (i, role) in Role.allCases.enumerated() {
            var s = theme.style(for: role)
            if theme.mode == .palette256, let fg = colorOverrides[role] { s.foreground = fg }
            guard s.usesColor else { continue }
            let fg = s.foreground < 0 && !defaultColors ? 7 : s.foreground
            let bg = s.background < 0 && !defaultColors ? 0 : s.background
            if init_pair(Int16(i + 1), Int16(fg), Int16(bg)) != ERR { pairs[role] = Int32(i + 1) }
        }
    }

    private static func environment(_ name: String) -> [String: String] {
        guard let v = getenv(name) else { return [:] }
        return [name: String(cString: v)]
    }

    private func updateSize() {
        size = (Int(ss_maxx()), Int(ss_maxy()))
    }

    // MARK: Output

    public func draw(_ grid: CellGrid, changes: [CellGrid.Change]) {
        guard isActive else { return }
        updateSize()
        let full = needsFullRepaint || grid.width != size.width || grid.height != size.height
            || painted?.width != grid.width || painted?.height != grid.height
        if full {
            _ = clear()
            for y in 0..<grid.height {
                for x in 0..<grid.width where !grid[x, y].isContinuation { paint(grid[x, y], x: x, y: y) }
            }
            needsFullRepaint = false
        } else {
            for change in changes {
                if change.cell.isContinuation {
                    // Its lead covers this column; repaint the lead in case only this half changed.
                    if change.x > 0, grid[change.x - 1, change.y].width == 2 {
                        paint(grid[change.x - 1, change.y], x: change.x - 1, y: change.y)
                    }
                } else {
                    paint(change.cell, x: change.x, y: change.y)
                }
            }
        }
        painted = (grid.width, grid.height)
        _ = refresh()
    }

    private func paint(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        let style = theme.style(for: cell.role)
        var attrs: Int32 = 0
        if style.bold || cell.bold { attrs |= Int32(SS_ATTR_BOLD) }
        if style.reverse || cell.reverse { attrs |= Int32(SS_ATTR_REVERSE) }
        if style.dim { attrs |= Int32(SS_ATTR_DIM) }
        if style.underline { attrs |= Int32(SS_ATTR_UNDERLINE) }
        let pair = pairs[cell.role] ?? 0
        var scalars = Self.wideChars(cell.character, unicode: unicode)
        if cell.width == 2, x + 1 >= size.width || scalars == [Self.question] {
            // A wide character that cannot be shown whole becomes "?" plus a blank.
            if x + 1 < size.width { _ = ss_put(Int32(y), Int32(x + 1), [32], 1, attrs, pair) }
            scalars = [Self.question]
        }
        _ = ss_put(Int32(y), Int32(x), scalars, Int32(scalars.count), attrs, pair)
    }

    private static let question = wchar_t(0x3F)

    /// The scalars to hand to `setcchar`: the spacing character plus up to four combining
    /// marks, with control characters replaced by "?" (and, without a UTF-8 locale, anything
    /// non-ASCII too).
    static func wideChars(_ c: Character, unicode: Bool) -> [wchar_t] {
        var out: [wchar_t] = []
        for s in c.unicodeScalars.prefix(5) {
            let v = s.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || (!unicode && v > 0x7E) {
                return [question]
            }
            out.append(wchar_t(v))
        }
        return out.isEmpty ? [32] : out
    }

    // MARK: Input

    public func readKey(timeoutMs: Int) -> KeyEvent? {
        guard isActive else { return nil }
        var code: UInt32 = 0
        return keyEvent(ss_get_wch(Int32(clamping: timeoutMs), &code), code)
    }

    public func readKey(timeoutMs: Int, wake: Int32) -> KeyEvent? {
        guard isActive else { return nil }
        var code: UInt32 = 0
        return keyEvent(ss_get_wch_wake(Int32(clamping: timeoutMs), wake, &code), code)
    }

    private func keyEvent(_ kind: Int32, _ code: UInt32) -> KeyEvent? {
        switch kind {
        case Int32(SS_INPUT_CHAR):
            return CursesKeyMapping.keyEvent(isKeyCode: false, code: code)
        case Int32(SS_INPUT_KEYCODE):
            if code == CursesKeyMapping.Code.mouse {
                var x: Int32 = 0, y: Int32 = 0
                var bstate: UInt64 = 0
                guard ss_get_mouse(&x, &y, &bstate) != 0 else { return nil }
                return CursesKeyMapping.mouseEvent(bstate: bstate, x: Int(x), y: Int(y), masks: mouseMasks)
            }
            if code == CursesKeyMapping.Code.resize {
                updateSize()
                needsFullRepaint = true
                return .resize
            }
            return CursesKeyMapping.keyEvent(isKeyCode: true, code: code)
        case Int32(SS_INPUT_HANGUP):
            hungUp = true
            return nil
        default:
            return nil
        }
    }
}
