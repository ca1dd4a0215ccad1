import TerminalUI
import TraceModel

/// The pure Elm-style step: `update(&state, message)` returns what the run loop must do.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    state.update(message)
}

extension AppState {
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .resize(let w, let h):
            width = max(1, w)
            height = max(1, h)
            clampScrolls()
            return []
        case .command(let cmd):
            return perform(cmd)
        case .live(let event):
            return receive(event)
        case .jobDone(let id, let result):
            return finish(job: id, result)
        case .remote(let reply):
            return receive(reply)
        case .key(let key):
            if key == .resize { return [] }
            markLiveSeen()
            if case .mouse(.click(let x, let y)) = key, keyMap.dispatch(key, context: context) == nil {
                return click(x: x, y: y)
            }
            let ctx = context
            if let cmd = keyMap.dispatch(key, context: ctx) { return perform(cmd) }
            if ctx == .search || ctx == .query, case .character(let c) = key { return perform(.searchAppend(c)) }
            return []
        }
    }

    mutating func perform(_ cmd: Command) -> [Effect] {
        if cmd == .quit { return [.quit] }
        if cmd == .escape { return escape() }
        switch context {
        case .help: return performHelp(cmd)
        case .search: return performPrompt(cmd)
        case .export: return performExport(cmd)
        case .query: return performQuery(cmd)
        default: break
        }
        message = ""
        switch cmd {
        case .help:
            helpVisible = true
            helpScroll = 0
            return []
        case .editQuery, .search where remote != nil && screen == .traceList:
            return editQuery()
        case .search:
            searchActive = true
            prompt = screen == .traceList ? list.filter : ""
            if screen == .traceList { refilter() }
            return []
        case .back:
            return back()
        case .toggleFollow:
            if remote != nil { return togglePolling() }
            toggleFollowing()
            return []
        case .refreshTrace:
            return refreshTrace()
        case .openProblems:
            openProblems()
            return []
        default:
            break
        }
        if let effects = performStatisticsKeys(cmd) { return effects }
        switch screen {
        case .traceList: return performList(cmd)
        case .waterfall: return performWaterfall(cmd)
        case .unlinkedLogs: return performUnlinked(cmd)
        case .statistics: return performStatistics(cmd)
        case .compare: return performCompare(cmd)
        case .serviceMap: return performServiceMap(cmd)
        case .problems: return performProblems(cmd)
        }
    }

    /// `<Esc>`: closes one layer, innermost first — a running job, the overlay (help, prompt,
    /// export menu), then what the screen shows: on the list the filter; in the waterfall the
    /// focused logs pane, else details, logs pane, span filter, focus (one per press); other
    /// screens go back. The one place that decides what Esc does.
    mutating func escape() -> [Effect] {
        if cancelJob() { return [] }
        if overlay == .none, let effects = cancelFetch() { return effects }
        switch overlay {
        case .help: return perform(.closeHelp)
        case .prompt, .query: return perform(.searchCancel)
        case .exportMenu: return perform(.exportCancel)
        case .none: break
        }
        switch screen {
        case .traceList: return perform(.clearFilter)
        case .waterfall: return perform(screenContext == .logs ? .closeLogs : .closeDetails)
        default: return perform(.back)
        }
    }

    mutating func back() -> [Effect] {
        guard stack.count > 1 else { return [.quit] }
        switch stack.removeLast() {
        case .traceList, .waterfall:
            waterfall = nil
            focusStack = []
        case .unlinkedLogs: unlinked = nil
        // Back from statistics / compare: the waterfall under them, focus and all, stays.
        case .statistics: statistics = nil
        case .compare: comparison = nil
        case .serviceMap: serviceMap = nil
        case .problems: problemsScroll = 0
        }
        exportMenu = false
        // Live data that waited for the person to leave a snapshot screen.
        if live?.held != nil { adoptHeld() }
        return []
    }

    mutating func performHelp(_ cmd: Command) -> [Effect] {
        switch cmd {
        case .closeHelp: helpVisible = false
        case .moveDown: helpScroll += 1
        case .moveUp: helpScroll = max(0, helpScroll - 1)
        default: break
        }
        return []
    }

    mutating func performPrompt(_ cmd: Command) -> [Effect] {
        switch cmd {
        case .searchAppend(let c): prompt.append(c)
        case .searchDelete: if !prompt.isEmpty { prompt.removeLast() }
        case .deleteWord: prompt = LineEditing.deletingWord(prompt)
        case .clearLine: prompt = ""
        case .searchConfirm:
            searchActive = false
            if screen == .traceList { list.filter = prompt; refilter() } else if !searchLogs(prompt) { return runSearch(prompt) }
            return []
        case .searchCancel:
            searchActive = false
            if screen == .traceList { list.filter = ""; refilter() }
            return []
        default: return []
        }
        if screen == .traceList {
            list.filter = prompt
            refilter(live: true)
        }
        return []
    }

    /// Moves a cursor by a motion command; returns nil for other commands.
    static func motion(_ cmd: Command, cursor: Int, count: Int, page: Int) -> Int? {
        guard count > 0 else { return nil }
        let target: Int
        switch cmd {
        case .moveDown: target = cursor + 1
        case .moveUp: target = cursor - 1
        case .top: target = 0
        case .bottom: target = count - 1
        case .halfPageDown: target = cursor + max(1, page / 2)
        case .halfPageUp: target = cursor - max(1, page / 2)
        case .pageDown: target = cursor + page
        case .pageUp: target = cursor - page
        default: return nil
        }
        return min(max(0, target), count - 1)
    }

    /// Keeps `cursor` inside `[scroll, scroll + page)`.
    static func follow(cursor: Int, scroll: Int, page: Int, count: Int) -> Int {
        var s = scroll
        if cursor < s { s = cursor }
        if cursor >= s + page { s = cursor - page + 1 }
        return max(0, min(s, max(0, count - page)))
    }

    mutating func clampScrolls() {
        list.scroll = Self.follow(cursor: list.cursor, scroll: list.scroll, page: listBodyHeight, count: list.rows.count)
        if var wf = waterfall {
            wf.scroll = Self.follow(cursor: wf.cursor, scroll: wf.scroll, page: waterfallBodyHeight, count: wf.rows.count)
            wf.logs.scroll = Self.follow(cursor: wf.logs.cursor, scroll: wf.logs.scroll, page: logsBodyHeight,
                                         count: wf.logs.lines.count)
            waterfall = wf
        }
        if var pane = unlinked {
            pane.scroll = Self.follow(cursor: pane.cursor, scroll: pane.scroll, page: unlinkedBodyHeight, count: pane.lines.count)
            unlinked = pane
        }
    }
}
