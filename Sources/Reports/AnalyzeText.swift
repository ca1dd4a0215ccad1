import TraceAnalysis
import TraceModel

/// `spanscope analyze` without `--json`: a report per trace that fits 100 columns. Every piece
/// of trace text goes through `Sanitize`, so control characters never reach the terminal.
public enum AnalyzeText {
    public static let width = 100
    /// Critical-path sections and self-time rows shown per trace before "… n more".
    public static let maxPathSections = 25
    public static let maxSelfRows = 10
    public static let maxServiceRows = 20

    public static func write(_ analysis: Analysis, to out: inout String) {
        let spanTotal = analysis.trees.reduce(0) { $0 + $1.nodes.count }
        out += "\(Units.count(analysis.trees.count)) trace\(analysis.trees.count == 1 ? "" : "s"), "
        out += "\(Units.count(spanTotal)) spans\n"
        for tree in analysis.trees {
            out += "\n"
            trace(tree, analysis.set, &out)
        }
    }

    static func trace(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let spans = tree.nodes.map { set.spans[$0.spanIndex] }
        let services = orderedServices(tree, set)
        let errors = spans.filter(\.isError).count
        out += "TRACE \(tree.traceID.hex)\n"
        if let r = tree.roots.first {
            let root = tree.nodes[Int(r)]
            let span = set.spans[root.spanIndex]
            let more = tree.roots.count > 1 ? "  (+\(tree.roots.count - 1) more roots)" : ""
            out += line("  root      ", "\(set.strings[span.service]): \(set.strings[span.name])", more)
        }
        out += line("  services  ", "\(services.count): " + services.joined(separator: ", "), "")
        out += "  spans     \(Units.count(tree.nodes.count))   errors \(Units.count(errors))"
        out += "   missing parents \(tree.missingParentCount)   duration \(Units.duration(tree.durationNs))\n"
        for w in tree.warnings.prefix(10) { out += line("  warning   ", w, "") }
        if tree.warnings.count > 10 { out += "  warning   … \(tree.warnings.count - 10) more\n" }

        criticalPath(tree, set, &out)
        selfTime(tree, set, &out)
        serviceTable(tree, set, &out)
    }

    /// One line, sanitised and cut to the report width.
    static func line(_ label: String, _ text: String, _ suffix: String) -> String {
        let room = width - label.count - suffix.count
        return label + Sanitize.fit(text, room) + suffix + "\n"
    }

    static func orderedServices(_ tree: TraceTree, _ set: TraceSet) -> [String] {
        var seen = Set<StringID>()
        var names: [String] = []
        for node in tree.nodes {
            let s = set.spans[node.spanIndex].service
            if seen.insert(s).inserted { names.append(set.strings[s]) }
        }
        return names
    }

    static func criticalPath(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        guard !tree.criticalPath.isEmpty else { return }
        out += "\n  CRITICAL PATH" + String(repeating: " ", count: width - 2 - 13 - 30) + header(["time", "share", "at"], [10, 8, 12]) + "\n"
        // Chronological order reads best; the rules' emission order is latest first per root,
        // so reverse each root's run. Roots come before descendants in preorder, so one pass
        // finds every node's root.
        var rootOf = [Int32](repeating: 0, count: tree.nodes.count)
        for (i, n) in tree.nodes.enumerated() { rootOf[i] = n.parent < 0 ? Int32(i) : rootOf[Int(n.parent)] }
        var sections: [TraceTree.PathSegment] = []
        var runStart = 0
        let path = tree.criticalPath
        for i in 1...path.count where i == path.count || rootOf[Int(path[i].node)] != rootOf[Int(path[runStart].node)] {
            sections.append(contentsOf: path[runStart..<i].reversed())
            runStart = i
        }
        let nameWidth = width - 2 - 30
        for seg in sections.prefix(maxPathSections) {
            let node = tree.nodes[Int(seg.node)]
            let span = set.spans[node.spanIndex]
            let indent = String(repeating: "  ", count: min(Int(node.depth), 12))
            let label = indent + set.strings[span.name] + "  " + set.strings[span.service]
            out += "  " + Sanitize.pad(label, nameWidth)
            out += Sanitize.pad(Units.duration(seg.durationNs), 10, right: true)
            out += Sanitize.pad(Units.percent(seg.durationNs, of: tree.durationNs), 8, right: true)
            out += Sanitize.pad("+" + Units.duration(seg.startNs - tree.startNs), 12, right: true) + "\n"
        }
        if sections.count > maxPathSections {
            out += "  … \(sections.count - maxPathSections) more sections\n"
        }
    }

    static func selfTime(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let top = tree.nodes.indices.sorted {
            let a = tree.nodes[$0].selfNs, b = tree.nodes[$1].selfNs
            return a != b ? a > b : $0 < $1
        }.prefix(maxSelfRows)
        guard !top.isEmpty else { return }
        let nameWidth = width - 2 - 18 - 20
        out += "\n  TOP SELF TIME" + String(repeating: " ", count: nameWidth - 13 + 18) + header(["self", "share"], [10, 10]) + "\n"
        for i in top {
            let node = tree.nodes[i]
            let span = set.spans[node.spanIndex]
            out += "  " + Sanitize.pad(set.strings[span.name] + "  " + set.strings[span.service], nameWidth)
            out += "  " + Sanitize.pad(node.displayID, 16)
            out += Sanitize.pad(Units.duration(node.selfNs), 10, right: true)
            out += Sanitize.pad(Units.percent(node.selfNs, of: tree.durationNs), 10, right: true) + "\n"
        }
    }

    static func serviceTable(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let stats = TraceStatistics(set, tree: tree)
        let rows = stats.services.sorted { $0.selfNs != $1.selfNs ? $0.selfNs > $1.selfNs : $0.service < $1.service }
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
        if rows.count > maxServiceRows { out += "  … \(rows.count - maxServiceRows) more services\n" }
    }

    static func header(_ titles: [String], _ widths: [Int]) -> String {
        zip(titles, widths).map { Sanitize.pad($0, $1, right: true) }.joined()
    }
}
