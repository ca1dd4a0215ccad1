import TerminalUI
import TraceAnalysis
import TraceModel

/// How `analyze --sort` orders the per-trace sections.
public enum TraceOrder: String, CaseIterable, Sendable {
    /// Longest first.
    case duration
    /// Most error spans first.
    case errors
    /// Most spans first.
    case spans
    /// Earliest first.
    case start
}

/// The overview `analyze` prints before the per-trace sections of a set of traces: the slowest
/// traces, the traces with errors, and the operations with the most self time and critical-path
/// time over the whole set (where latency comes from, across traces).
public struct AnalyzeSummary: Sendable {
    public struct TraceRow: Sendable, Equatable {
        public var index: Int
        public var traceID: TraceID
        public var root: String
        public var startNs: Int64
        public var durationNs: Int64
        public var spanCount: Int
        public var errorCount: Int
    }

    public struct OperationRow: Sendable, Equatable {
        public var service: String
        public var operation: String
        public var count: Int
        public var selfNs: Int64
        public var criticalNs: Int64
    }

    /// Every trace, in input order.
    public var traces: [TraceRow]
    public var top: Int
    /// Sum of the traces' durations: what the operation shares are of.
    public var totalDurationNs: Int64 = 0
    public var slowest: [TraceRow]
    /// Traces with at least one error span, most errors first (then longest); at most `top`.
    public var errorTraces: [TraceRow]
    public var errorTraceCount: Int
    public var bySelfTime: [OperationRow]
    public var byCriticalPath: [OperationRow]

    public init(_ analysis: Analysis, top: Int = 10) {
        let set = analysis.set
        self.top = top
        var traces: [TraceRow] = []
        traces.reserveCapacity(analysis.trees.count)
        // Operations keyed by the interned (service, name) pair: one pass over all spans.
        var slot: [UInt64: Int] = [:]
        var ops: [OperationRow] = []
        for (i, tree) in analysis.trees.enumerated() {
            var errors = 0
            for node in tree.nodes {
                let span = set.spans[node.spanIndex]
                if span.isError { errors += 1 }
                let key = UInt64(span.service.raw) << 32 | UInt64(span.name.raw)
                let k = slot[key] ?? {
                    slot[key] = ops.count
                    ops.append(OperationRow(service: set.strings[span.service], operation: set.strings[span.name], count: 0, selfNs: 0, criticalNs: 0))
                    return ops.count - 1
                }()
                ops[k].count += 1
                ops[k].selfNs = ModelTime.sum(ops[k].selfNs, node.selfNs)
                ops[k].criticalNs = ModelTime.sum(ops[k].criticalNs, node.criticalNs)
            }
            var root = ""
            if let r = tree.roots.first {
                let span = set.spans[tree.nodes[Int(r)].spanIndex]
                root = set.strings[span.service] + ": " + set.strings[span.name]
            }
            traces.append(TraceRow(index: i, traceID: tree.traceID, root: root, startNs: tree.startNs,
                                   durationNs: tree.durationNs, spanCount: tree.nodes.count, errorCount: errors))
            totalDurationNs = ModelTime.sum(totalDurationNs, tree.durationNs)
        }
        self.traces = traces
        slowest = Array(Self.order(traces, by: .duration).prefix(top).map { traces[$0] })
        let withErrors = traces.filter { $0.errorCount > 0 }
        errorTraceCount = withErrors.count
        errorTraces = Array(Self.order(withErrors, by: .errors).prefix(top).map { withErrors[$0] })
        func largest(_ value: (OperationRow) -> Int64) -> [OperationRow] {
            let sorted = ops.filter { value($0) > 0 }.sorted {
                value($0) != value($1) ? value($0) > value($1) : ($0.service, $0.operation) < ($1.service, $1.operation)
            }
            return Array(sorted.prefix(top))
        }
        bySelfTime = largest(\.selfNs)
        byCriticalPath = largest(\.criticalNs)
    }

    /// Positions in `rows` ordered by `order`; ties keep input order.
    public static func order(_ rows: [TraceRow], by order: TraceOrder) -> [Int] {
        rows.indices.sorted { a, b in
            let x = rows[a], y = rows[b]
            switch order {
            case .duration: if x.durationNs != y.durationNs { return x.durationNs > y.durationNs }
            case .errors:
                if x.errorCount != y.errorCount { return x.errorCount > y.errorCount }
                if x.durationNs != y.durationNs { return x.durationNs > y.durationNs }
            case .spans: if x.spanCount != y.spanCount { return x.spanCount > y.spanCount }
            case .start: if x.startNs != y.startNs { return x.startNs < y.startNs }
            }
            return a < b
        }
    }

    /// Tree indices of the per-trace sections in `order`.
    public func sectionOrder(_ order: TraceOrder) -> [Int] { Self.order(traces, by: order).map { traces[$0].index } }
}

extension AnalyzeSummary {
    /// The text form: at most `AnalyzeText.width` columns, trace text sanitised.
    public func write(to out: inout String) {
        let width = AnalyzeText.width
        out += "\nSUMMARY   \(Units.counted(traces.count, "trace")), \(Units.count(errorTraceCount)) with errors\n"
        let nameWidth = width - 2 - 34 - 26
        func traceTable(_ title: String, _ rows: [TraceRow]) {
            guard !rows.isEmpty else { return }
            out += "\n  " + Sanitize.pad(title, 34 + nameWidth) + AnalyzeText.header(["duration", "spans", "errors"], [10, 8, 8]) + "\n"
            for r in rows {
                out += "  " + Sanitize.pad(r.traceID.hex, 34) + Sanitize.pad(r.root, nameWidth)
                out += Sanitize.pad(Units.duration(r.durationNs), 10, right: true)
                out += Sanitize.pad(Units.count(r.spanCount), 8, right: true)
                out += Sanitize.pad(Units.count(r.errorCount), 8, right: true) + "\n"
            }
        }
        traceTable("SLOWEST TRACES", slowest)
        traceTable("TRACES WITH ERRORS", errorTraces)
        if errorTraceCount > errorTraces.count {
            out += "  … \(Plural.counted(errorTraceCount - errorTraces.count, "more trace")) with errors\n"
        }
        let opWidth = width - 2 - 8 - 36
        func operationTable(_ title: String, _ rows: [OperationRow]) {
            guard !rows.isEmpty else { return }
            out += "\n  " + Sanitize.pad(title, opWidth) + AnalyzeText.header(["spans", "self", "self%", "critical", "crit%"], [8, 10, 8, 10, 8]) + "\n"
            for r in rows {
                out += "  " + Sanitize.pad(r.service + ": " + r.operation, opWidth)
                out += Sanitize.pad(Units.count(r.count), 8, right: true)
                out += Sanitize.pad(Units.duration(r.selfNs), 10, right: true)
                out += Sanitize.pad(Units.percent(r.selfNs, of: totalDurationNs), 8, right: true)
                out += Sanitize.pad(Units.duration(r.criticalNs), 10, right: true)
                out += Sanitize.pad(Units.percent(r.criticalNs, of: totalDurationNs), 8, right: true) + "\n"
            }
        }
        operationTable("MOST SELF TIME (all traces)", bySelfTime)
        operationTable("MOST CRITICAL-PATH TIME (all traces)", byCriticalPath)
    }

    /// The `"summary"` member of `analyze --json` (docs/analyze-json.md), without the key.
    public func writeJSON(to out: inout [UInt8]) {
        out.append(contentsOf: "{\"traceCount\":\(traces.count),\"errorTraceCount\":\(errorTraceCount),\"top\":\(top)".utf8)
        out.append(contentsOf: ",\"totalDurationUs\":\(Units.micros(totalDurationNs))".utf8)
        func traceList(_ name: String, _ rows: [TraceRow]) {
            AnalyzeJSON.list(name, rows, &out) { r, out in
                out.append(contentsOf: "{\"traceId\":\"\(r.traceID.hex)\",\"root\":".utf8)
                AnalyzeJSON.string(r.root, &out)
                out.append(contentsOf: ",\"startUs\":\(Units.micros(r.startNs)),\"durationUs\":\(Units.micros(r.durationNs))".utf8)
                out.append(contentsOf: ",\"spanCount\":\(r.spanCount),\"errorCount\":\(r.errorCount)}".utf8)
            }
        }
        func operationList(_ name: String, _ rows: [OperationRow]) {
            AnalyzeJSON.list(name, rows, &out) { r, out in
                out.append(contentsOf: "{\"service\":".utf8)
                AnalyzeJSON.string(r.service, &out)
                out.append(contentsOf: ",\"name\":".utf8)
                AnalyzeJSON.string(r.operation, &out)
                out.append(contentsOf: ",\"spanCount\":\(r.count),\"selfUs\":\(Units.micros(r.selfNs)),\"criticalUs\":\(Units.micros(r.criticalNs))}".utf8)
            }
        }
        traceList("slowestTraces", slowest)
        traceList("errorTraces", errorTraces)
        operationList("operationsBySelfTime", bySelfTime)
        operationList("operationsByCriticalPath", byCriticalPath)
        out.append(0x7D)
    }
}

/// What `analyze` prints besides the per-trace sections: the set summary (when asked for, or
/// when there are several traces) and the order of the sections.
public struct ReportLayout: Sendable {
    public var summary: AnalyzeSummary?
    /// Tree indices of the per-trace sections, in print order; nil = input order.
    public var order: [Int]?
    /// Only the summary: no per-trace sections.
    public var summaryOnly: Bool
    /// Where the traces came from when that was a backend: shown first in both reports.
    public var source: ReportSource?

    public init(summary: AnalyzeSummary? = nil, order: [Int]? = nil, summaryOnly: Bool = false) {
        self.summary = summary
        self.order = order
        self.summaryOnly = summaryOnly
    }

    /// The layout for `analyze` options: the summary for a set of several traces (or with
    /// `--summary`), sections in `sort` order.
    public init(_ analysis: Analysis, top: Int, sort: TraceOrder?, summaryOnly: Bool) {
        let wanted = summaryOnly || analysis.trees.count > 1
        let summary = wanted || sort != nil ? AnalyzeSummary(analysis, top: top) : nil
        self.init(summary: wanted ? summary : nil, order: sort.flatMap { summary?.sectionOrder($0) }, summaryOnly: summaryOnly)
    }

    /// The trees to print, in order.
    public func sections(_ analysis: Analysis) -> [TraceTree] {
        if summaryOnly { return [] }
        guard let order else { return analysis.trees }
        return order.map { analysis.trees[$0] }
    }
}
