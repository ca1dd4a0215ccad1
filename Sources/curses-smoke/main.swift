// Manual/tmux smoke test of CursesBackend: a box, a title, wide and combining characters, every
// role's sample and a marker moved with the arrow keys. q quits; resizing redraws.
import CursesBackend
import TerminalUI

func frame(width: Int, height: Int, marker: (x: Int, y: Int), lastKey: String,
           backend: CursesBackend) -> CellGrid {
    var g = CellGrid(width: width, height: height)
    let ascii = !backend.unicode
    g.box(g.bounds, ascii: ascii, title: "curses-smoke")
    g.put(ascii ? "wide: (ascii fallback)" : "wide: 日本語 | combining: e\u{301} | box: ┼", x: 2, y: 1)
    var y = 2
    for role in Role.allCases where y < height - 2 {
        g.put("\(role.code) \(role.rawValue) sample", x: 2, y: y, role: role)
        y += 1
    }
    g.put(ascii ? "*" : "◆", x: marker.x, y: marker.y, role: .selected)
    let status = "size \(width)x\(height) unicode=\(backend.unicode) theme=\(backend.theme.mode.rawValue) "
        + "colors=\(backend.colorCount) key=\(lastKey) marker=\(marker.x),\(marker.y) (q quits)"
    g.put(status, x: 1, y: height - 1, role: .hint, maxWidth: width - 2)
    return g
}

func run() {
    let backend = CursesBackend()
    backend.setup()
    var marker = (x: 30, y: 4)
    var lastKey = "none"
    var previous: CellGrid?
    loop: while true {
        let (w, h) = backend.size
        marker.x = max(1, min(marker.x, w - 2))
        marker.y = max(1, min(marker.y, h - 2))
        let grid = frame(width: w, height: h, marker: marker, lastKey: lastKey, backend: backend)
        let changes = previous.map { grid.diff(from: $0) } ?? grid.diff(from: CellGrid(width: 0, height: 0))
        backend.draw(grid, changes: changes)
        previous = grid
        guard let key = backend.readKey(timeoutMs: 1000) else { continue }
        lastKey = "\(key)"
        switch key {
        case .character("q"), .ctrl("c"): break loop
        case .up: marker.y -= 1
        case .down: marker.y += 1
        case .left: marker.x -= 1
        case .right: marker.x += 1
        case .resize: previous = nil
        default: break
        }
    }
    backend.restore()
    print("curses-smoke: restored terminal (unicode=\(backend.unicode), theme=\(backend.theme.mode.rawValue), last key \(lastKey))")
}

run()
