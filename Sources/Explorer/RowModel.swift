import TraceAnalysis

/// The waterfall's visible rows: node indices in preorder with collapsed subtrees skipped, plus
/// a placeholder row (encoded as `-(root + 1)`) above each orphan root for its missing parent.
/// Rebuilt only when the collapse state changes; moving and paging just index into it.
public struct RowModel: Sendable {
    public private(set) var visibleRows: [Int32] = []
    /// How many times `rebuild` ran: lets tests prove plain moves never rebuild.
    public private(set) var rebuildCount = 0

    public init() {}

    public var count: Int { visibleRows.count }

    public static func isPlaceholder(_ row: Int32) -> Bool { row < 0 }
    /// The node a row shows (for a placeholder, the orphan root below it).
    public static func node(_ row: Int32) -> Int32 { row < 0 ? -row - 1 : row }
    public static func placeholder(for root: Int32) -> Int32 { -root - 1 }

    /// O(visible rows): a collapsed node jumps straight to its `subtreeEnd`. `collapsed` holds
    /// row values, so a collapsed placeholder hides its orphan's whole subtree.
    public mutating func rebuild(tree: TraceTree, collapsed: Set<Int32>) {
        rebuildCount += 1
        var out: [Int32] = []
        out.reserveCapacity(collapsed.isEmpty ? tree.nodes.count + 16 : 1024)
        let n = tree.nodes.count
        var i = 0
        while i < n {
            let node = tree.nodes[i]
            let end = Int(node.subtreeEnd)
            if node.isRoot && node.isOrphan {
                let ph = Self.placeholder(for: Int32(i))
                out.append(ph)
                if !collapsed.isEmpty && collapsed.contains(ph) { i = end; continue }
            }
            out.append(Int32(i))
            i = !collapsed.isEmpty && collapsed.contains(Int32(i)) ? end : i + 1
        }
        visibleRows = out
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
