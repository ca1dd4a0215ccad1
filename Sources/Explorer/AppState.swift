import TerminalUI
import TraceModel

public enum Screen: Equatable, Sendable {
    case traceList
    /// Index into `Analysis.trees`.
    case waterfall(Int)
    /// Logs whose trace id is missing or names no loaded trace.
    case unlinkedLogs
    /// Statistics of a trace or of every loaded trace (`AppState.statistics`).
    case statistics
    /// Two traces' operations side by side (`AppState.comparison`).
    case compare
    /// Caller → callee edges between services (`AppState.serviceMap`).
    case serviceMap
    /// Every load error and warning (`AppState.problems`).
    case problems
}

extension Screen {
    /// Screens computed once from the data when opened (live data does not change them), which
    /// hold trace numbers of their own: a replacement that renumbers the traces waits while one
    /// is shown.
    public var isSnapshot: Bool {
        switch self {
        case .traceList, .waterfall: return false
        case .unlinkedLogs, .statistics, .compare, .serviceMap, .problems: return true
        }
    }
}

public enum Pane: Sendable, Equatable { case tree, details, logs }

/// Drawn over the screen, taking the keys first; opening one closes the other.
public enum Overlay: Sendable, Equatable {
    case none
    /// `?`: every key of the screen below, and the marks' legend.
    case help
    /// `/`: the filter (trace list) or search (waterfall, logs) prompt.
    case prompt
    /// `x`: the export menu.
    case exportMenu
    /// `:` on a backend's trace list: the search query line (`RemoteState.draft`).
    case query
}

public enum Message: Sendable, Equatable {
    case key(KeyEvent)
    case resize(Int, Int)
    case command(Command)
    /// From another thread: live data, a source's notice.
    case live(LiveEvent)
    /// A job (`Effect.run`) finished.
    case jobDone(Int, JobResult)
    /// A tracing backend answered (`Effect.remote`).
    case remote(RemoteReply)
}

/// Side effects `update` asks the run loop to perform.
public enum Effect: Sendable, Equatable {
    case quit
    /// The run loop writes it to the terminal as OSC 52.
    case copyToClipboard(String)
    /// The run loop writes `bytes` to `path` (export, `x`); a failure replaces the status message.
    case writeFile(path: String, bytes: [UInt8])
    /// The run loop runs the job off the UI thread and sends its result back (`.jobDone`).
    case run(Job)
    /// The run loop hands the request to the remote source (`ExplorerApp.connect`).
    case remote(RemoteRequest)
    case none
}

public enum SortField: String, CaseIterable, Sendable {
    case start, duration, spans, errors
}

public struct TraceListState: Sendable {
    /// Trace indices after filter and sort.
    public var rows: [Int] = []
    public var cursor = 0
    public var scroll = 0
    public var sort: SortField = .start
    public var descending = false
    public var filter = ""
    /// Traces that have an operation picked in the all-traces statistics (`<Enter>` there):
    /// an exact restriction the text filter cannot express; `<Esc>` clears it with the filter.
    public var only: (label: String, traces: Set<Int>)?
}

public struct WaterfallState: Sendable {
    /// Changes only with `K` (the other skew setting).
    public internal(set) var index: TraceIndex
    public var rows = RowModel()
    /// Row values (node indices, or placeholder codes) whose children are hidden.
    public var collapsed: Set<Int32> = []
    /// Row index into `rows.visibleRows`.
    public var cursor = 0
    public var scroll = 0
    public var detailsShown = false
    public var focus: Pane = .tree
    public var detailScroll = 0
    public var query = ""
    /// Matching node indices, ascending.
    public var matches: [Int32] = []
    public var matchIndex: Int?
    /// Bars highlight critical-path sections (`c` toggles).
    public var criticalShown = true
    /// The end-to-end path highlight (`a`); nil when off.
    var endToEnd: EndToEndCache?
    /// Last section `p` / `P` selected, into `index.critByTime`.
    public var criticalIndex: Int?
    /// Last rank `s` / `S` selected, into `index.selfOrder`.
    public var selfRankIndex: Int?
    /// The logs pane (`L`, `A`) below the tree.
    public var logsShown = false
    public var logs = LogPaneState()
    /// The details pane describes the log line under the logs cursor instead of the span (set
    /// when the logs pane takes the focus, cleared when the tree does).
    public var detailsShowLog = false
    /// Only these spans (and their ancestors) are shown: set from the statistics view.
    public var spanFilter: SpanFilter?
    // Waterfall views: critical-path-only, size collapsing, zoom, skew.
    /// What `C` and `z` hide.
    public var filter = RowFilter()
    /// `z` level: index into `WaterfallState.sizeLevels`.
    public var sizeLevel = 0
    /// First members of folded runs the user opened (cleared when `z` changes).
    public var unfolded: Set<Int32> = []
    /// Zoomed time window (`[` / `]`); nil shows the whole (focused) tree.
    public var window: TimeWindow?
    /// The same trace with the other skew setting (`K`), kept so toggling back is instant.
    var otherTimes: TraceIndex?

    /// `filter` and `sizeLevel` carry the views over into a focused subtree.
    init(index: TraceIndex, filter: RowFilter = RowFilter(), sizeLevel: Int = 0) {
        self.index = index
        self.filter = filter
        self.sizeLevel = sizeLevel
        applySizeLevel()
        rows.rebuild(walk, collapsed: collapsed)
    }

    public var traceIndex: Int { index.traceIndex }
    public var selectedRow: Int32 { rows.visibleRows.isEmpty ? 0 : rows.visibleRows[min(cursor, rows.count - 1)] }
    public var selectedNode: Int32 { rows.node(selectedRow) }
    public var isPlaceholderSelected: Bool { RowModel.isPlaceholder(selectedRow) }
    public var selectedVirtual: VirtualRow? { rows.virtual(selectedRow) }
    /// The time range the ruler and bars show.
    public var timeWindow: TimeWindow { window ?? TimeWindow(start: index.tree.startNs, duration: index.tree.durationNs) }
}

/// A stretch of trace time, in nanoseconds.
public struct TimeWindow: Sendable, Equatable {
    public var start: Int64
    public var duration: Int64
    public var end: Int64 { start &+ duration }
    public init(start: Int64, duration: Int64) {
        self.start = start
        self.duration = duration
    }
}

/// Everything the explorer shows, as a value. Only `update` changes it.
public struct AppState: Sendable {
    /// Replaced only by a later generation of the same data (live sources; `adopt`).
    public internal(set) var data: ExplorerData
    /// Set once live data has arrived or a live source is attached.
    public var live: LiveState?
    /// The job whose result `update` waits for (at most one; a new one cancels it).
    public var running: Job?
    var nextJobID = 0
    public var stack: [Screen] = [.traceList]
    public var list = TraceListState()
    public var waterfall: WaterfallState?
    /// The unlinked-logs screen's list, while it is open.
    public var unlinked: LogPaneState?
    /// Waterfalls `f` focused away from, innermost last; `F` / Esc go back to them.
    public var focusStack: [WaterfallState] = []
    /// What is drawn over the screen and takes the keys first: at most one at a time.
    public var overlay: Overlay = .none
    /// The `/` prompt's text.
    public var prompt = ""
    public var helpScroll = 0
    public var message = ""
    /// Which link `followLink` tries next (reset by any other waterfall command).
    var linkCursor = 0
    public var width: Int
    public var height: Int
    /// Box drawing and eighth-block bars; false = ASCII fallback.
    public var unicode: Bool
    public var keyMap: KeyMap = .default
    // Statistics and compare.
    public var statistics: StatisticsState?
    public var comparison: CompareState?
    public var serviceMap: ServiceMapState?
    /// The trace `m` marked: the A side of the next comparison.
    public var markedTrace: Int?
    /// What failed or was repaired while loading; `problemsScroll` is the first line the
    /// problems screen shows.
    public var problems = LoadProblems()
    /// The trace list's time zone and today (dates when needed).
    public var clock = ListClock()
    public var problemsScroll = 0
    /// Connected to a tracing backend: the trace list is its search (nil for files).
    public var remote: RemoteState?

    public init(data: ExplorerData, width: Int = 80, height: Int = 24, unicode: Bool = true) {
        self.data = data
        self.width = width
        self.height = height
        self.unicode = unicode
        refilter()
    }

    public var screen: Screen { stack.last ?? .traceList }

    public var context: Context {
        switch overlay {
        case .help: return .help
        case .prompt: return .search
        case .exportMenu: return .export
        case .query: return .query
        case .none: return screenContext
        }
    }

    // Readable names for the overlay (views and tests); setting one true replaces any other,
    // setting it false closes it only if it is the open one.
    public var helpVisible: Bool {
        get { overlay == .help }
        set { set(.help, newValue) }
    }
    public var searchActive: Bool {
        get { overlay == .prompt }
        set { set(.prompt, newValue) }
    }
    public var exportMenu: Bool {
        get { overlay == .exportMenu }
        set { set(.exportMenu, newValue) }
    }

    private mutating func set(_ o: Overlay, _ on: Bool) {
        if on { overlay = o } else if overlay == o { overlay = .none }
    }

    /// Context whose bindings the help overlay lists (the screen under the overlay).
    public var screenContext: Context {
        switch screen {
        case .traceList: return .traceList
        case .unlinkedLogs: return .unlinkedLogs
        case .waterfall:
            guard let wf = waterfall else { return .waterfall }
            if wf.focus == .details && wf.detailsShown { return .details }
            if wf.focus == .logs && wf.logsShown { return .logs }
            return .waterfall
        case .statistics: return .statistics
        case .compare: return .compare
        case .serviceMap: return .serviceMap
        case .problems: return .problems
        }
    }
}
