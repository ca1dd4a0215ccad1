#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TerminalUI
import TraceModel
import TraceAnalysis

/// The interactive explorer: state, update and views glued to a `TerminalBackend`.
public struct ExplorerApp: Sendable {
    public internal(set) var state: AppState
    /// The tracing backend the trace list searches (`connect`); it answers into the inbox.
    public internal(set) var remote: (any RemoteSource)?
    /// The live feed the remote source submits fetched spans and log lines to (`settle`
    /// waits for it to be idle).
    public internal(set) var feed: LiveFeed?

    /// One trace opens straight into its waterfall; several open the trace list. `traceID`
    /// (and `spanID` within it) pre-select where to start.
    /// `problems` are what the loader reported (shown in the titles and on `!`).
    public init(set: TraceSet, analysis: Analysis, traceID: TraceID? = nil, spanID: SpanID? = nil,
                width: Int = 80, height: Int = 24, unicode: Bool = true, problems: LoadProblems = LoadProblems(),
                clock: ListClock = ListClock()) {
        state = AppState(data: ExplorerData(set: set, analysis: analysis), width: width, height: height, unicode: unicode)
        state.clock = clock
        state.openStart(traceID: traceID, spanID: spanID)
        state.adopt(problems: problems)
    }

    /// Loads in the background while the explorer is already on screen: the status line says
    /// what loads (with the time it has taken), keys work, and the result arrives as a message
    /// (`.jobDone`) that replaces the empty data and opens what `traceID`/`spanID` ask for.
    public mutating func load(_ label: String, inbox: Inbox,
                              work: @escaping @Sendable () -> (ExplorerData, problems: LoadProblems, traceID: TraceID?, spanID: SpanID?)) {
        state.nextJobID += 1
        let job = Job(id: state.nextJobID, label: label, progress: JobProgress(), work: { _ in
            let (data, problems, traceID, spanID) = work()
            return .loaded(data, traceID: traceID, spanID: spanID, problems: problems)
        })
        state.running = job
        Background.run { inbox.post(.jobDone(job.id, job.work(job.progress))) }
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
        case .traceList:
            if s.remote != nil { RemoteListView.draw(s, into: &grid, area: area) } else { TraceListView.draw(s, into: &grid, area: area) }
        case .waterfall: WaterfallView.draw(s, into: &grid, area: area)
        case .unlinkedLogs: LogPaneView.drawUnlinked(s, into: &grid, area: area)
        case .statistics: StatisticsView.draw(s, into: &grid, area: area)
        case .compare: CompareView.draw(s, into: &grid, area: area)
        case .serviceMap: ServiceMapView.draw(s, into: &grid, area: area)
        case .problems: ProblemsView.draw(s, into: &grid, area: area)
        }
        StatusBar.draw(s, into: &grid, area: Rect(x: 0, y: s.height - 1, width: s.width, height: 1))
        if s.helpVisible { HelpOverlay.draw(s, into: &grid, area: Rect(width: s.width, height: max(0, s.height - 1))) }
        return grid
    }

    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> [Effect] { state.update(.key(key)) }

    /// Merges `batch` now, on this thread (headless runs and tests; the terminal gets its
    /// generations from a `LiveFeed`).
    public mutating func absorb(_ batch: TraceSet, at: Date = Date()) {
        let next = state.data.merging(batch)
        next.prepare(openTrace: state.waterfall?.traceIndex)
        state.update(.live(.data(next, spans: batch.spans.count, at: at)))
    }

    /// Key bindings edited by the config file (dispatch, hints and help follow them).
    public mutating func useKeyMap(_ map: KeyMap) { state.keyMap = map }

    /// A status-line message at start (a config problem, say).
    public mutating func showMessage(_ text: String) {
        if state.message.isEmpty { state.message = text }
    }

    /// Live sources feed this explorer: the title shows it from the start.
    /// `arriving`: mark traces that got spans in the last few seconds (`LiveState.marksArriving`).
    public mutating func markLive(arriving: Bool = false) {
        if state.live == nil { state.live = LiveState() }
        if arriving { state.live!.marksArriving = true }
    }

    @discardableResult
    public mutating func send(_ message: Message) -> [Effect] { state.update(message) }

    public mutating func resize(width: Int, height: Int) { _ = state.update(.resize(width, height)) }

    /// Feeds `keys` (KeyNotation) to a fresh explorer and returns the final screen: exactly
    /// `height` lines of text, and the matching role grid.
    public static func renderHeadless(set: TraceSet, analysis: Analysis, width: Int, height: Int,
                                      keys: String, unicode: Bool = true) throws -> (text: String, roles: String) {
        var app = ExplorerApp(set: set, analysis: analysis, width: width, height: height, unicode: unicode)
        for key in try KeyNotation.parse(keys) {
            let effects = app.handle(key)
            if effects.contains(.quit) { break }
            // Jobs finish before the next key, so the screen shows their results.
            for case .run(let job) in effects { app.send(.jobDone(job.id, job.work(job.progress))) }
        }
        let grid = app.render(width: width, height: height)
        return (grid.text(), grid.roles())
    }

    /// The interactive loop. Waits for a key or a message in `inbox` (posted from other threads:
    /// live data, finished background work), redraws only after a change and only the cells
    /// that changed, and always restores the terminal. `idleLimit` ends the loop after that many
    /// consecutive quiet waits of 250 ms (headless runs); nil runs until quit. `writeFile`
    /// performs `.writeFile` effects (returns an error text on failure); tests pass their own.
    /// `observe` sees the state after every change (the live feed learns the open trace).
    public mutating func run(backend: TerminalBackend, inbox: Inbox? = nil, observe: ((AppState) -> Void)? = nil,
                             clipboard: ((String) -> Void)? = nil,
                             writeFile: ((String, [UInt8]) -> String?)? = nil, idleLimit: Int? = nil) {
        backend.setup()
        defer { backend.restore() }
        let copy = clipboard ?? { Self.writeOSC52($0) }
        let save = writeFile ?? { Self.writeFile($0, $1) }
        resize(width: backend.size.width, height: backend.size.height)
        var last = CellGrid(width: state.width, height: state.height)
        var dirty = true
        var idle = 0
        // Jobs report back through an inbox: the caller's, or one of our own.
        let inbox = inbox ?? Inbox()
        while true {
            if dirty {
                let grid = Self.draw(state)
                backend.draw(grid, changes: grid.diff(from: last))
                last = grid
                dirty = false
                state.data.prefetchStatistics(for: state)
                observe?(state)
            }
            var messages: [Message] = []
            // While a job runs, wake often enough to show its progress.
            let timeout = state.running == nil ? 250 : 100
            if let key = backend.readKey(timeoutMs: timeout, wake: inbox.fd) {
                messages.append(key == .resize ? .resize(backend.size.width, backend.size.height) : .key(key))
            } else if backend.hungUp {
                return
            }
            // A backend that cannot wait on the inbox (headless) returns at once: wait here.
            if messages.isEmpty && backend is HeadlessBackend { _ = inbox.wait(timeoutMs: timeout) }
            messages += inbox.drain()
            if messages.isEmpty && state.running != nil { dirty = true }
            guard !messages.isEmpty else {
                idle += 1
                if let idleLimit, idle >= idleLimit { return }
                continue
            }
            idle = 0
            dirty = true
            for m in messages {
                for e in state.update(m) {
                    switch e {
                    case .quit: return
                    case .copyToClipboard(let text): copy(text)
                    case .writeFile(let path, let bytes):
                        if let error = save(path, bytes) { state.message = "could not write \(path): \(error)" }
                    case .run(let job):
                        Background.run { inbox.post(.jobDone(job.id, job.work(job.progress))) }
                    case .remote(let request): remote?.perform(request)
                    case .none: break
                    }
                }
            }
        }
    }

    /// Headless runs (`--render --keys`): files are written as in the terminal, so an export
    /// can be scripted; clipboard and quit effects have no meaning there.
    /// Jobs run here and now, so a script sees their results.
    public mutating func performFileEffects(_ effects: [Effect]) {
        for e in effects {
            switch e {
            case .writeFile(let path, let bytes):
                if let error = Self.writeFile(path, bytes) { state.message = "could not write \(path): \(error)" }
            case .run(let job):
                performFileEffects(state.update(.jobDone(job.id, job.work(job.progress))))
            case .remote(let request):
                remote?.perform(request)
            default:
                break
            }
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
        "\u{1b}]52;c;" + Base64.encode(Array(text.utf8)) + "\u{07}"
    }

    static func writeOSC52(_ text: String) {
        let bytes = Array(osc52(text).utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
