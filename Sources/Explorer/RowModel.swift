import TraceAnalysis

/// The waterfall's visible rows: node indices in preorder with collapsed subtrees skipped, plus
/// a placeholder row (encoded as `-(root + 1)`) above each orphan root for its missing parent.
/// Rebuilt only when the collapse state changes; moving and paging just index into it.
public struct RowModel: Sendable {
    public internal(set) var visibleRows: [Int32] = []
    /// How many times `rebuild` ran: lets tests prove plain moves never rebuild.
    public internal(set) var rebuildCount = 0

    public init() {}

    public var count: Int { visibleRows.count }

    public static func isPlaceholder(_ row: Int32) -> Bool { row < 0 }
    /// The node a row shows (for a placeholder, the orphan root below it).
    public static func node(_ row: Int32) -> Int32 { row < 0 ? -row - 1 : row }
    public static func placeholder(for root: Int32) -> Int32 { -root - 1 }

    /// O(visible rows): a collapsed node jumps straight to its `subtreeEnd`. `collapsed` holds
    /// row values, so a collapsed placeholder hides its orphan's whole subtree. Collapsed nodes
    /// are walked in order beside the tree, so no row costs a hash lookup.
    public mutating func rebuild(tree: TraceTree, collapsed: Set<Int32>) {
        rebuildCount += 1
        let sorted = collapsed.filter { $0 >= 0 }.sorted()
        var out: [Int32] = []
        out.reserveCapacity(collapsed.isEmpty ? tree.nodes.count + 16 : 1024)
        let n = tree.nodes.count
        var i = 0
        var c = 0
        while i < n {
            let node = tree.nodes[i]
            if node.isRoot && node.isOrphan {
                let ph = Self.placeholder(for: Int32(i))
                out.append(ph)
                if collapsed.contains(ph) { i = Int(node.subtreeEnd); continue }
            }
            i = Self.appendNode(i, tree, sorted, &c, &out)
        }
        visibleRows = out
    }

    /// Appends node `i`, and returns where the walk continues: past its subtree when it is
    /// collapsed. `c` tracks the first collapsed node not yet passed.
    @inline(__always)
    static func appendNode(_ i: Int, _ tree: TraceTree, _ sorted: [Int32], _ c: inout Int, _ out: inout [Int32]) -> Int {
        out.append(Int32(i))
        while c < sorted.count && Int(sorted[c]) < i { c += 1 }
        if c < sorted.count && Int(sorted[c]) == i { return Int(tree.nodes[i].subtreeEnd) }
        return i + 1
    }

    /// Collapsing the row at `r`: its descendants' rows leave, without a rebuild.
    public mutating func collapse(at r: Int, tree: TraceTree) {
        guard r >= 0, r < visibleRows.count else { return }
        let row = visibleRows[r]
        let end = Int64(tree.nodes[Int(Self.node(row))].subtreeEnd) * 2
        var lo = r + 1, hi = visibleRows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Self.key(visibleRows[mid]) < end { lo = mid + 1 } else { hi = mid }
        }
        visibleRows.removeSubrange((r + 1)..<lo)
    }

    /// Expanding the row at `r`: its subtree's rows come back (honouring nested collapsed
    /// nodes, in `collapsed`, which must no longer hold this row).
    public mutating func expand(at r: Int, tree: TraceTree, collapsed: Set<Int32>) {
        guard r >= 0, r < visibleRows.count else { return }
        let row = visibleRows[r]
        let node = Int(Self.node(row))
        let end = Int(tree.nodes[node].subtreeEnd)
        let sorted = collapsed.filter { $0 >= 0 && Int($0) >= node && Int($0) < end }.sorted()
        var out: [Int32] = []
        var c = 0
        var i = Self.isPlaceholder(row) ? node : node + 1
        while i < end { i = Self.appendNode(i, tree, sorted, &c, &out) }
        visibleRows.insert(contentsOf: out, at: r + 1)
    }

    /// Rows are in preorder with a placeholder just before its root: this key is ascending.
    static func key(_ row: Int32) -> Int64 { row >= 0 ? Int64(row) * 2 + 1 : Int64(-row - 1) * 2 }

    /// Row index of a row value, if visible. O(log n).
    public func index(of row: Int32) -> Int? {
        let k = Self.key(row)
        var lo = 0, hi = visibleRows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let mk = Self.key(visibleRows[mid])
            if mk == k { return mid }
            if mk < k { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
