#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Reports
import TerminalUI
import TraceModel

/// The interactive explorer: state, update and views glued to a `TerminalBackend`.
public struct ExplorerApp: Sendable {
    public private(set) var state: AppState

    /// One trace opens straight into its waterfall; several open the trace list. `traceID`
    /// (and `spanID` within it) pre-select where to start.
    public init(set: TraceSet, analysis: Analysis, traceID: TraceID? = nil, spanID: SpanID? = nil,
                width: Int = 80, height: Int = 24, unicode: Bool = true) {
        state = AppState(data: ExplorerData(set: set, analysis: analysis), width: width, height: height, unicode: unicode)
        // A span id alone is enough: its trace is the one that holds it.
        let trace = traceID ?? spanID.flatMap { id in set.spans.first { $0.spanID == id }?.traceID }
        if let trace, state.select(traceID: trace, spanID: spanID) { return }
        if traceID != nil || spanID != nil { state.message = "not found: \(traceID?.hex ?? spanID?.hex ?? "")" }
        if analysis.trees.count == 1 { state.openTrace(0) }
    }

    /// Draws the current state at the given size (the state's own size is left alone).
    public func render(width: Int, height: Int) -> CellGrid {
        var s = state
        if s.width != width || s.height != height { _ = s.update(.resize(width, height)) }
        return Self.draw(s)
    }

    static func draw(_ s: AppState) -> CellGrid {
        var grid = CellGrid(width: s.width, height: s.height)
        let area = grid.bounds
        switch s.screen {
        case .traceList: TraceListView.draw(s, into: &grid, area: area)
        case .waterfall: WaterfallView.draw(s, into: &grid, area: area)
        case .unlinkedLogs: LogPaneView.drawUnlinked(s, into: &grid, area: area)
        case .statistics: StatisticsView.draw(s, into: &grid, area: area)
        case .compare: CompareView.draw(s, into: &grid, area: area)
        case .serviceMap: ServiceMapView.draw(s, into: &grid, area: area)
        }
        StatusBar.draw(s, into: &grid, area: Rect(x: 0, y: s.height - 1, width: s.width, height: 1))
        if s.helpVisible { HelpOverlay.draw(s, into: &grid, area: Rect(width: s.width, height: max(0, s.height - 1))) }
        return grid
    }

    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> [Effect] { state.update(.key(key)) }

    @discardableResult
    public mutating func send(_ message: Message) -> [Effect] { state.update(message) }

    public mutating func resize(width: Int, height: Int) { _ = state.update(.resize(width, height)) }

    /// Feeds `keys` (KeyNotation) to a fresh explorer and returns the final screen: exactly
    /// `height` lines of text, and the matching role grid.
    public static func renderHeadless(set: TraceSet, analysis: Analysis, width: Int, height: Int,
                                      keys: String, unicode: Bool = true) throws -> (text: String, roles: String) {
        var app = ExplorerApp(set: set, analysis: analysis, width: width, height: height, unicode: unicode)
        for key in try KeyNotation.parse(keys) {
            if app.handle(key).contains(.quit) { break }
        }
        let grid = app.render(width: width, height: height)
        return (grid.text(), grid.roles())
    }

    /// The interactive loop. Blocks on input (250 ms timeout), redraws only after a change and
    /// only the cells that changed, and always restores the terminal. `idleLimit` ends the loop
    /// after that many consecutive timeouts (headless runs); nil runs until quit.
    /// `writeFile` performs `.writeFile` effects (returns an error text on failure); tests pass
    /// their own.
    public mutating func run(backend: TerminalBackend, clipboard: ((String) -> Void)? = nil,
                             writeFile: ((String, [UInt8]) -> String?)? = nil, idleLimit: Int? = nil) {
        backend.setup()
        defer { backend.restore() }
        let copy = clipboard ?? { Self.writeOSC52($0) }
        let save = writeFile ?? { Self.writeFile($0, $1) }
        resize(width: backend.size.width, height: backend.size.height)
        var last = CellGrid(width: state.width, height: state.height)
        var dirty = true
        var idle = 0
        while true {
            if dirty {
                let grid = Self.draw(state)
                backend.draw(grid, changes: grid.diff(from: last))
                last = grid
                dirty = false
                state.data.prefetchStatistics(for: state)
            }
            guard let key = backend.readKey(timeoutMs: 250) else {
                if backend.hungUp { return }
                idle += 1
                if let idleLimit, idle >= idleLimit { return }
                continue
            }
            idle = 0
            let effects: [Effect]
            if key == .resize {
                effects = state.update(.resize(backend.size.width, backend.size.height))
            } else {
                effects = state.update(.key(key))
            }
            dirty = true
            for e in effects {
                switch e {
                case .quit: return
                case .copyToClipboard(let text): copy(text)
                case .writeFile(let path, let bytes):
                    if let error = save(path, bytes) { state.message = "could not write \(path): \(error)" }
                case .none: break
                }
            }
        }
    }

    /// Headless runs (`--render --keys`): files are written as in the terminal, so an export
    /// can be scripted; clipboard and quit effects have no meaning there.
    public mutating func performFileEffects(_ effects: [Effect]) {
        for case .writeFile(let path, let bytes) in effects {
            if let error = Self.writeFile(path, bytes) { state.message = "could not write \(path): \(error)" }
        }
    }

    /// Writes (creating or truncating) `path`; returns an error text on failure.
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 { return String(cString: strerror(errno)) }
            done += n
        }
        return nil
    }

    /// `ESC ] 52 ; c ; <base64> BEL`: asks the terminal to put `text` on the clipboard.
    public static func osc52(_ text: String) -> String {
        "\u{1b}]52;c;" + base64(Array(text.utf8)) + "\u{07}"
    }

    static func writeOSC52(_ text: String) {
        let bytes = Array(osc52(text).utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            let n = UInt32(b0) << 16 | UInt32(b1) << 8 | UInt32(b2)
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(n >> 6 & 63)] : "=")
            out.append(i + 2 < bytes.count ? table[Int(n & 63)] : "=")
            i += 3
        }
        return out
    }
}
