import TerminalUI
import TraceAnalysis
import TraceModel

/// The end-to-end path in the reports, beside the critical path: only for traces where it says
/// something the critical path does not (work after the root returned, or an asynchronous link
/// on the path); elsewhere it is the critical path.
public enum AnalyzeEndToEnd {
    static func isShown(_ path: EndToEndPath) -> Bool { path.afterRootNs > 0 || path.crossesAsyncLink }

    public static func headline(_ path: EndToEndPath) -> String { path.headline }
    public static func composition(_ path: EndToEndPath) -> String { path.composition }

    static func write(_ tree: TraceTree, _ set: TraceSet, _ out: inout String) {
        let path = EndToEndPath(tree)
        guard isShown(path) else { return }
        let width = AnalyzeText.width
        out += "\n" + AnalyzeText.line("  ", headline(path), "")
        out += "  " + Sanitize.pad("END-TO-END PATH  " + composition(path), width - 2 - 30)
        out += AnalyzeText.header(["time", "share", "at"], [10, 8, 12]) + "\n"
        let total = path.endNs - path.startNs
        let nameWidth = width - 2 - 30
        // Chronological, as the critical path is printed.
        let sections = path.sections.reversed()
        for seg in sections.prefix(AnalyzeText.maxPathSections) {
            let node = tree.nodes[Int(seg.node)]
            let span = set.spans[node.spanIndex]
            let indent = String(repeating: "  ", count: min(Int(node.depth), 12))
            let what = seg.isWait ? "(waiting) → " + set.strings[span.name] : set.strings[span.name]
            let label = indent + what + "  " + set.strings[span.service] + (span.isError && !seg.isWait ? "  (error)" : "")
            out += "  " + Sanitize.pad(label, nameWidth)
            out += Sanitize.pad(Units.duration(seg.durationNs), 10, right: true)
            out += Sanitize.pad(Units.percent(seg.durationNs, of: total), 8, right: true)
            out += Sanitize.pad("+" + Units.duration(seg.startNs - tree.startNs), 12, right: true) + "\n"
        }
        if sections.count > AnalyzeText.maxPathSections {
            out += "  … \(Plural.counted(sections.count - AnalyzeText.maxPathSections, "more section"))\n"
        }
    }

    /// `,"endToEndPath":{…}` for `analyze --json` (docs/analyze-json.md).
    static func writeJSON(_ tree: TraceTree, _ out: inout [UInt8]) {
        let path = EndToEndPath(tree)
        out.append(contentsOf: ",\"endToEndPath\":{\"afterRootUs\":".utf8)
        AnalyzeJSON.micros(path.afterRootNs, &out)
        out.append(contentsOf: ",\"waitUs\":".utf8)
        AnalyzeJSON.micros(path.waitNs, &out)
        out.append(contentsOf: ",\"crossesAsyncLink\":\(path.crossesAsyncLink),\"sections\":[".utf8)
        for (i, seg) in path.sections.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: "\n{\"spanId\":".utf8)
            AnalyzeJSON.id(tree.nodes[Int(seg.node)], &out)
            AnalyzeJSON.field(",\"startUs\":", seg.startNs, &out)
            AnalyzeJSON.field(",\"endUs\":", seg.endNs, &out)
            if seg.isWait { out.append(contentsOf: ",\"wait\":true".utf8) }
            out.append(0x7D)
        }
        out.append(contentsOf: "]}".utf8)
    }
}
