import TraceAnalysis
import TraceModel
import TerminalUI

/// `spanscope analyze` without `--json`: a report per trace that fits 100 columns. Every piece
/// of trace text goes through `Sanitize`, so control characters never reach the terminal.
public enum AnalyzeText {
    public static let width = 100
    /// Critical-path sections and self-time rows shown per trace before "… n more".
    public static let maxPathSections = 25
    public static let maxSelfRows = 10
    public static let maxServiceRows = 20

    /// Text handed to the sink at a time: the report of 200,000 traces is never whole in memory.
    public static let chunkBytes = 64 << 10

    public static func write(_ analysis: Analysis, layout: ReportLayout = .init(), to out: inout String) {
        write(analysis, layout: layout) { out += $0 }
    }

    /// Writes the report in pieces of about `chunkBytes` (whole trace sections), in order.
    public static func write(_ analysis: Analysis, layout: ReportLayout = .init(), to sink: (String) -> Void) {
        var out = ""
        if let source = layout.source { out += "source    " + Sanitize.text(source.line) + "\n" }
        let spanTotal = analysis.trees.reduce(0) { $0 + $1.nodes.count }
        out += Units.counted(analysis.trees.count, "trace") + ", "
        out += Units.counted(spanTotal, "span") + "\n"
        let withLogs = !analysis.set.logs.isEmpty
        if withLogs { logSummary(analysis, &out) }
        layout.summary?.write(to: &out)
        for tree in layout.sections(analysis) {
            out += "\n"
            trace(tree, analysis.set, &out)
            if withLogs { out += "  logs      \(Units.count(analysis.logs.count(trace: tree.traceID)))   error logs \(Units.count(analysis.logs.errorCount(trace: tree.traceID)))\n" }
            details(tree, analysis.set, &out)
            if out.utf8.count >= chunkBytes {
                sink(out)
                out = ""
                out.reserveCapacity(chunkBytes * 2)
            }
        }
        if !out.isEmpty { sink(out) }
    }

    /// Only when logs were loaded, so trace-only reports stay as they were.
    static func logSummary(_ analysis: Analysis, _ out: inout String) {
        let total = analysis.set.logs.count
        let unlinked = analysis.logs.unlinked.count
        out += "\(Units.counted(total, "log record")): \(Units.count(total - unlinked)) linked, "
        out += "\(Units.count(unlinked)) unlinked (no trace id, or a trace that is not loaded)\n"
    }

    static func trace(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let services = orderedServices(tree, set)
        var errors = 0
        for node in tree.nodes where set.spans[node.spanIndex].isError { errors += 1 }
        out += "TRACE \(tree.traceID.hex)\n"
        if let r = tree.roots.first {
            let root = tree.nodes[Int(r)]
            let span = set.spans[root.spanIndex]
            let more = tree.roots.count > 1 ? "  (+\(Plural.counted(tree.roots.count - 1, "more root")))" : ""
            out += line("  root      ", "\(set.strings[span.service]): \(set.strings[span.name])", more)
        }
        out += line("  services  ", "\(services.count): " + services.joined(separator: ", "), "")
        out += "  spans     \(Units.count(tree.nodes.count))   errors \(Units.count(errors))"
        out += "   missing parents \(tree.missingParentCount)   duration \(Units.duration(tree.durationNs))\n"
    }

    static func details(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        for w in tree.warnings.prefix(10) { out += line("  warning   ", w, "") }
        if tree.warnings.count > 10 { out += "  warning   … \(tree.warnings.count - 10) more\n" }

        criticalPath(tree, set, &out)
        AnalyzeEndToEnd.write(tree, set, &out)
        selfTime(tree, set, &out)
        serviceTable(tree, set, &out)
    }

    /// One line, sanitised and cut to the report width.
    static func line(_ label: String, _ text: String, _ suffix: String) -> String {
        let room = width - label.count - suffix.count
        return label + Sanitize.fit(text, room) + suffix + "\n"
    }

    static func orderedServices(_ tree: TraceTree, _ set: TraceSet) -> [String] {
        var seen = [Bool](repeating: false, count: set.strings.count)
        var names: [String] = []
        for node in tree.nodes {
            let s = Int(set.spans[node.spanIndex].service.raw)
            if !seen[s] {
                seen[s] = true
                names.append(set.strings[StringID(UInt32(s))])
            }
        }
        return names
    }

    static func criticalPath(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        guard !tree.criticalPath.isEmpty else { return }
        out += "\n  CRITICAL PATH" + String(repeating: " ", count: width - 2 - 13 - 30) + header(["time", "share", "at"], [10, 8, 12]) + "\n"
        // Chronological order reads best; the rules' emission order is latest first (one walk
        // over all roots), so the whole path reversed. Indentation is the node's depth.
        let sections = tree.criticalPath.reversed()
        let nameWidth = width - 2 - 30
        for seg in sections.prefix(maxPathSections) {
            let node = tree.nodes[Int(seg.node)]
            let span = set.spans[node.spanIndex]
            let indent = String(repeating: "  ", count: min(Int(node.depth), 12))
            let label = indent + set.strings[span.name] + "  " + set.strings[span.service] + (span.isError ? "  (error)" : "")
            out += "  " + Sanitize.pad(label, nameWidth)
            out += Sanitize.pad(Units.duration(seg.durationNs), 10, right: true)
            out += Sanitize.pad(Units.percent(seg.durationNs, of: tree.durationNs), 8, right: true)
            out += Sanitize.pad("+" + Units.duration(seg.startNs - tree.startNs), 12, right: true) + "\n"
        }
        if sections.count > maxPathSections {
            out += "  … \(Plural.counted(sections.count - maxPathSections, "more section"))\n"
        }
    }

    /// "of trace": self time of parallel roots or children may add up past the trace's duration,
    /// unlike critical-path shares; the label says what the percentage is of.
    static func selfTime(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let top = topBySelfTime(tree, maxSelfRows)
        guard !top.isEmpty else { return }
        let nameWidth = width - 2 - 18 - 20
        out += "\n  TOP SELF TIME" + String(repeating: " ", count: nameWidth - 13 + 18) + header(["self", "of trace"], [10, 10]) + "\n"
        for i in top {
            let node = tree.nodes[i]
            let span = set.spans[node.spanIndex]
            out += "  " + Sanitize.pad(set.strings[span.name] + "  " + set.strings[span.service] + (span.isError ? "  (error)" : ""), nameWidth)
            out += "  " + Sanitize.pad(node.displayID, 16)
            out += Sanitize.pad(Units.duration(node.selfNs), 10, right: true)
            out += Sanitize.pad(Units.percent(node.selfNs, of: tree.durationNs), 10, right: true) + "\n"
        }
    }

    /// The `k` nodes with the most self time (ties: display order), in one pass: a full sort of
    /// a million nodes would cost more than the rest of the report.
    static func topBySelfTime(_ tree: TraceTree, _ k: Int) -> [Int] {
        var top: [Int] = []
        top.reserveCapacity(k + 1)
        for i in tree.nodes.indices {
            let v = tree.nodes[i].selfNs
            if top.count == k, let last = top.last, tree.nodes[last].selfNs >= v { continue }
            var pos = top.count
            while pos > 0 && tree.nodes[top[pos - 1]].selfNs < v { pos -= 1 }
            top.insert(i, at: pos)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    /// Per-service sums for the report (the distributions of `TraceStatistics` are not shown here,
    /// so one pass over arrays indexed by the interned service id is enough).
    struct ServiceRow {
        var service: String
        var count = 0, errorCount = 0
        var selfNs: Int64 = 0, criticalNs: Int64 = 0
    }

    static func serviceRows(_ tree: TraceTree, _ set: TraceSet) -> [ServiceRow] {
        var slot = [Int32](repeating: -1, count: set.strings.count)
        var rows: [ServiceRow] = []
        for node in tree.nodes {
            let span = set.spans[node.spanIndex]
            let key = Int(span.service.raw)
            if slot[key] < 0 {
                slot[key] = Int32(rows.count)
                rows.append(ServiceRow(service: set.strings[span.service]))
            }
            let r = Int(slot[key])
            rows[r].count += 1
            if span.isError { rows[r].errorCount += 1 }
            rows[r].selfNs = ModelTime.sum(rows[r].selfNs, node.selfNs)  // saturating: thousands of long spans
            rows[r].criticalNs = ModelTime.sum(rows[r].criticalNs, node.criticalNs)
        }
        return rows.sorted { $0.selfNs != $1.selfNs ? $0.selfNs > $1.selfNs : $0.service < $1.service }
    }

    static func serviceTable(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let rows = serviceRows(tree, set)
        guard !rows.isEmpty else { return }
        let nameWidth = width - 2 - 8 - 8 - 10 - 8 - 10 - 8 - 2
        out += "\n  " + Sanitize.pad("SERVICE", nameWidth)
        out += header(["spans", "errors", "self", "self%", "critical", "crit%"], [8, 8, 10, 8, 10, 8]) + "\n"
        for row in rows.prefix(maxServiceRows) {
            out += "  " + Sanitize.pad(row.service, nameWidth)
            out += Sanitize.pad(Units.count(row.count), 8, right: true)
            out += Sanitize.pad(Units.count(row.errorCount), 8, right: true)
            out += Sanitize.pad(Units.duration(row.selfNs), 10, right: true)
            out += Sanitize.pad(Units.percent(row.selfNs, of: tree.durationNs), 8, right: true)
            out += Sanitize.pad(Units.duration(row.criticalNs), 10, right: true)
            out += Sanitize.pad(Units.percent(row.criticalNs, of: tree.durationNs), 8, right: true) + "\n"
        }
        if rows.count > maxServiceRows { out += "  … \(Plural.counted(rows.count - maxServiceRows, "more service"))\n" }
    }

    static func header(_ titles: [String], _ widths: [Int]) -> String {
        zip(titles, widths).map { Sanitize.pad($0, $1, right: true) }.joined()
    }
}
