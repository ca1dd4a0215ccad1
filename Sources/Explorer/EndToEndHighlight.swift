import Foundation
import TerminalUI
import TraceAnalysis
import TraceModel
import TraceAnalysis

/// The end-to-end path of the trace the waterfall shows (`a`), with its sections grouped by node
/// for drawing. Computed for one `TraceIndex` (the whole trace, a focused subtree, or the other
/// skew times) and recomputed when the waterfall's index changes.
public struct EndToEndHighlight: Sendable {
    public let path: EndToEndPath
    let index: TraceIndex
    /// Sections (waits included) grouped by node: node i's are `sections[start[i] ..< start[i+1]]`.
    let start: [Int32]
    let sections: [EndToEndPath.Section]

    init(_ index: TraceIndex) {
        self.index = index
        path = EndToEndPath(index.tree)
        let n = index.tree.nodes.count
        var start = [Int32](repeating: 0, count: n + 1)
        for s in path.sections { start[Int(s.node) + 1] += 1 }
        for i in 0 ..< n { start[i + 1] += start[i] }
        var fill = start
        var grouped = path.sections
        for s in path.sections {
            grouped[Int(fill[Int(s.node)])] = s
            fill[Int(s.node)] += 1
        }
        self.start = start
        sections = grouped
    }

    func sections(of node: Int) -> ArraySlice<EndToEndPath.Section> {
        sections[Int(start[node]) ..< Int(start[node + 1])]
    }

    /// The status line when a trace with work after its root opens; nil when there is none
    /// (checked in O(roots) first, so an ordinary trace costs no walk).
    static func openingMessage(_ index: TraceIndex) -> String? {
        let tree = index.tree
        let rootsEnd = tree.roots.lazy.map { tree.nodes[Int($0)].end }.max() ?? tree.endNs
        guard tree.endNs > rootsEnd else { return nil }
        let path = EndToEndPath(tree)
        guard path.afterRootNs > 0 else { return nil }
        return path.headline
    }
}

/// Holds the highlight across key presses; a class so drawing (which cannot mutate the state)
/// can rebuild it for a new index. One per waterfall.
final class EndToEndCache: @unchecked Sendable {
    private var cached: EndToEndHighlight?
    private let lock = NSLock()

    func highlight(for index: TraceIndex) -> EndToEndHighlight {
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.index === index { return cached }
        let h = EndToEndHighlight(index)
        cached = h
        return h
    }
}

extension WaterfallState {
    /// `a`: the end-to-end path highlight on/off; the status line says what it found.
    mutating func toggleEndToEnd() -> String {
        if endToEnd != nil {
            endToEnd = nil
            return "end-to-end path off"
        }
        let cache = EndToEndCache()
        endToEnd = cache
        let path = cache.highlight(for: index).path
        var text = "end-to-end path on: \(Units.duration(path.endNs - path.startNs)), " + path.composition
        if path.afterRootNs > 0 { text += " · \(Units.duration(path.afterRootNs)) after the root returned" }
        return text
    }
}
