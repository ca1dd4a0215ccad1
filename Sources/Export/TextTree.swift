import TraceAnalysis
import TerminalUI
import TraceModel

/// A trace (or one span's subtree) as an indented text tree, one span a line:
/// `service: name  duration (self …)` with `[error]` and `[skew …]` marks. Trace text goes
/// through `Sanitize`, so the result is safe to print or paste.
public enum TextTree {
    /// Nodes `root ..< tree.nodes[root].subtreeEnd`, or the whole tree when `root` is nil.
    public static func write(set: TraceSet, tree: TraceTree, root: Int? = nil, to out: inout String) {
        let lo = root ?? 0
        let hi = root.map { Int(tree.nodes[$0].subtreeEnd) } ?? tree.nodes.count
        guard lo < hi else { return }
        let base = root.map { Int(tree.nodes[$0].depth) } ?? 0
        for i in lo..<hi {
            let n = tree.nodes[i]
            let span = set.spans[n.spanIndex]
            out += String(repeating: "  ", count: max(0, Int(n.depth) - base))
            out += Sanitize.text(set.strings[span.service]) + ": " + Sanitize.text(set.strings[span.name])
            out += "  " + Units.duration(n.duration) + " (self " + Units.duration(n.selfNs) + ")"
            if span.isError { out += " [error]" }
            if n.isOrphan { out += " [missing parent]" }
            if n.flags.contains(.skewAdjusted) { out += " [skew " + Units.duration(n.skewShiftNs) + "]" }
            out += "\n"
        }
    }

    public static func text(set: TraceSet, tree: TraceTree, root: Int? = nil) -> String {
        var s = ""
        write(set: set, tree: tree, root: root, to: &s)
        return s
    }
}
