import TerminalUI
import TraceAnalysis
import TraceModel

/// One line of a logs list: a log record, or a span event shown as a log line of its span.
public struct LogEntry: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Index into `TraceSet.logs`.
        case record(Int32)
        /// Event `event` of the span at `node` (decoded from the span's details when shown).
        case event(node: Int32, event: Int32)
    }

    public var source: Source
    /// Epoch nanoseconds, shifted like the span's bar when its span was skew-adjusted.
    public var time: Int64
    /// Node of the line's span in the open trace; -1 when there is none (unlinked, or a span
    /// id that is not in the trace).
    public var node: Int32

    public var isEvent: Bool { if case .event = source { return true } else { return false } }
}

/// The logs of one opened trace, resolved to tree nodes. Built on first use (when the logs pane
/// opens or the first frame draws log marks), in O(the trace's logs) plus one pass over the
/// nodes only when the trace has logs: a trace without logs costs nothing.
struct TraceLogs: Sendable {
    struct Mark: Sendable, Equatable {
        var count = 0
        var errors = 0
    }

    /// The trace's log lines (records only), time order.
    var lines: [LogEntry] = []
    /// Positions in `lines` per node.
    var byNode: [Int32: [Int32]] = [:]
    /// Log count and error-log count per node, for the waterfall's marks.
    var marks: [Int32: Mark] = [:]

    init() {}

    init(data: ExplorerData, tree: TraceTree) {
        let records = data.logs.logs(trace: tree.traceID)
        guard !records.isEmpty else { return }
        let logs = data.set.logs
        var wanted = Set<SpanID>()
        for r in records where logs[Int(r)].spanID != .zero { wanted.insert(logs[Int(r)].spanID) }
        var nodeOf: [SpanID: Int32] = [:]
        if !wanted.isEmpty {
            // First node with the id wins (a duplicated id's later copies get no logs).
            for (i, n) in tree.nodes.enumerated() where wanted.contains(n.spanID) && nodeOf[n.spanID] == nil {
                nodeOf[n.spanID] = Int32(i)
            }
        }
        lines = records.map { r in
            let rec = logs[Int(r)]
            let node = rec.spanID == .zero ? -1 : nodeOf[rec.spanID] ?? -1
            let shift = node >= 0 ? tree.nodes[Int(node)].skewShiftNs : 0
            return LogEntry(source: .record(r), time: rec.time &+ shift, node: node)
        }
        lines.sortByTime()
        for (k, line) in lines.enumerated() where line.node >= 0 {
            byNode[line.node, default: []].append(Int32(k))
            if case .record(let r) = line.source {
                marks[line.node, default: Mark()].count += 1
                if logs[Int(r)].isError { marks[line.node]!.errors += 1 }
            }
        }
    }

    /// The span's log records and events, time order.
    func spanLines(node: Int32, data: ExplorerData, tree: TraceTree) -> [LogEntry] {
        var out = (byNode[node] ?? []).map { lines[Int($0)] }
        out += Self.events(of: node, data: data, tree: tree)
        out.sortByTime()
        return out
    }

    /// All the trace's log records, with the events of every span when the trace has at most
    /// `Thresholds.spanEventsInLogs` spans (decoding every span's details of a huge trace would
    /// stall the key).
    func traceLines(data: ExplorerData, tree: TraceTree) -> (lines: [LogEntry], eventsShown: Bool) {
        guard tree.nodes.count <= Thresholds.spanEventsInLogs else { return (lines, false) }
        var out = lines
        for (i, n) in tree.nodes.enumerated() where data.set.spans[n.spanIndex].eventCount > 0 {
            out += Self.events(of: Int32(i), data: data, tree: tree)
        }
        out.sortByTime()
        return (out, true)
    }

    static func events(of node: Int32, data: ExplorerData, tree: TraceTree) -> [LogEntry] {
        let n = tree.nodes[Int(node)]
        let span = data.set.spans[n.spanIndex]
        guard span.eventCount > 0 else { return [] }
        return data.set.details(span).events.enumerated().map { k, e in
            LogEntry(source: .event(node: node, event: Int32(k)), time: e.time &+ n.skewShiftNs, node: node)
        }
    }
}

extension Array where Element == LogEntry {
    /// Time order; ties keep records before events and the input order (a stable sort).
    mutating func sortByTime() {
        let keyed = enumerated().map { ($0.offset, $0.element) }
        self = keyed.sorted { a, b in
            if a.1.time != b.1.time { return a.1.time < b.1.time }
            if a.1.isEvent != b.1.isEvent { return !a.1.isEvent }
            return a.0 < b.0
        }.map(\.1)
    }
}

/// A scrollable list of log lines with a cursor, sideways scroll and a search: the waterfall's
/// logs pane and the unlinked-logs screen.
public struct LogPaneState: Sendable {
    public var lines: [LogEntry] = []
    public var cursor = 0
    public var scroll = 0
    /// Columns the bodies are scrolled to the left.
    public var hscroll = 0
    public var query = ""
    /// Matching line positions, ascending.
    public var matches: [Int] = []
    public var matchIndex: Int?
    /// All logs of the trace (`A`) instead of the selected span's.
    public var wholeTrace = false
    /// The node whose lines are listed in span mode (-1 = none yet).
    var node: Int32 = -2
    /// Trace mode on a huge trace lists records only; the title says so.
    var eventsOmitted = false

    public var selected: LogEntry? { cursor < lines.count ? lines[cursor] : nil }

    mutating func setLines(_ new: [LogEntry], page: Int) {
        lines = new
        cursor = 0
        scroll = 0
        hscroll = 0
        matches = []
        matchIndex = nil
        query = ""
        setCursor(0, page: page)
    }

    mutating func setCursor(_ c: Int, page: Int) {
        cursor = Swift.min(Swift.max(0, c), Swift.max(0, lines.count - 1))
        scroll = AppState.follow(cursor: cursor, scroll: scroll, page: page, count: lines.count)
    }

    /// Motions, sideways scroll and match stepping shared by both log lists; nil when `cmd` is
    /// none of them. O(1) or O(log n) per key.
    mutating func perform(_ cmd: Command, page: Int) -> String? {
        if let c = AppState.motion(cmd, cursor: cursor, count: lines.count, page: page) {
            setCursor(c, page: page)
            return ""
        }
        switch cmd {
        case .scrollLeft: hscroll = Swift.max(0, hscroll - 8); return ""
        case .scrollRight: hscroll += 8; return ""
        case .nextMatch, .prevMatch:
            guard !matches.isEmpty else { return query.isEmpty ? "no search: press /" : "no matches for \(query)" }
            let k: Int
            if cmd == .nextMatch {
                let i = matches.firstIndex(where: { $0 > cursor }) ?? 0
                k = i
            } else {
                k = matches.lastIndex(where: { $0 < cursor }) ?? matches.count - 1
            }
            matchIndex = k
            setCursor(matches[k], page: page)
            return ""  // the status bar shows "/query k/n"
        default:
            return nil
        }
    }

    /// Finds lines whose body, attributes, severity or event name contain `q`
    /// (case-insensitive); selects the first at or after the cursor.
    mutating func search(_ q: String, data: ExplorerData, tree: TraceTree?, page: Int) -> String {
        query = q
        matches = []
        matchIndex = nil
        guard !q.isEmpty else { return "" }
        let needle = q.lowercased()
        for (i, line) in lines.enumerated() where LogText.searchText(line, data: data, tree: tree).contains(needle) {
            matches.append(i)
        }
        guard !matches.isEmpty else { return "no matches for \(q)" }
        let k = matches.firstIndex(where: { $0 >= cursor }) ?? 0
        matchIndex = k
        setCursor(matches[k], page: page)
        return ""
    }
}

/// Text of log lines for display and search.
enum LogText {
    /// "ERROR", "WARN", … from the OTLP severity number, else the record's own text.
    static func severityLabel(_ r: LogRecord) -> String {
        switch r.severityNumber {
        case 1...4: return "TRACE"
        case 5...8: return "DEBUG"
        case 9...12: return "INFO"
        case 13...16: return "WARN"
        case 17...20: return "ERROR"
        case 21...: return "FATAL"
        default: return r.severityText.isEmpty ? "-" : r.severityText.uppercased()
        }
    }

    /// The severity's role: errors in the error colour, below that by level.
    static func severityRole(_ r: LogRecord) -> Role {
        if r.isError { return .error }
        if r.severityNumber != 0 {
            return r.severityNumber >= 13 ? .logWarn : (r.severityNumber >= 9 ? .logInfo : .logDebug)
        }
        switch r.severityText.lowercased() {
        case "warn", "warning": return .logWarn
        case "info", "notice", "information": return .logInfo
        case "": return .normal
        default: return .logDebug
        }
    }

    static func event(_ line: LogEntry, data: ExplorerData, tree: TraceTree?) -> SpanEvent? {
        guard case .event(let node, let k) = line.source, let tree else { return nil }
        let events = data.set.details(data.set.spans[tree.nodes[Int(node)].spanIndex]).events
        return Int(k) < events.count ? events[Int(k)] : nil
    }

    /// One-line body: the record's body, or an event's name and attributes.
    static func body(_ line: LogEntry, data: ExplorerData, tree: TraceTree?) -> String {
        switch line.source {
        case .record(let r):
            let rec = data.set.logs[Int(r)]
            let body = rec.body.text
            return rec.eventName.isEmpty ? body : rec.eventName + ": " + body
        case .event:
            guard let e = event(line, data: data, tree: tree) else { return "" }
            if let summary = e.exceptionSummary { return "exception " + summary }
            let attrs = e.attributes.map { "\($0.key)=\($0.value.text)" }.joined(separator: " ")
            return attrs.isEmpty ? e.name : e.name + " " + attrs
        }
    }

    /// Lower-cased body, attributes and severity of a line.
    static func searchText(_ line: LogEntry, data: ExplorerData, tree: TraceTree?) -> String {
        var s = body(line, data: data, tree: tree)
        if case .record(let r) = line.source {
            let rec = data.set.logs[Int(r)]
            s += "\n" + rec.severityText
            for a in rec.attributes { s += "\n" + a.key + "=" + a.value.text }
        } else if let e = event(line, data: data, tree: tree) {
            for a in e.attributes { s += "\n" + a.key + "=" + a.value.text }
        }
        return s.lowercased()
    }
}
