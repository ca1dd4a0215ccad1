import TraceAnalysis

/// What the waterfall leaves out besides collapsed subtrees: `C` (critical path only) and `z`
/// (short spans, same-name fan-outs). Hidden spans are stood for by "N spans hidden" rows.
public struct RowFilter: Sendable, Equatable {
    /// Only spans whose subtree holds a critical-path section (so their ancestors too).
    public var criticalOnly = false
    /// Non-root spans shorter than this are hidden with their subtrees; 0 = off.
    public var minDuration: Int64 = 0
    /// Runs of at least this many adjacent same-name siblings fold into one row; 0 = off.
    /// Not applied while `criticalOnly` is on (a fold would hide the critical member).
    public var foldMin = 0

    public init() {}

    public var isActive: Bool { criticalOnly || minDuration > 0 || foldMin > 0 }
}

/// A row that stands for several spans: a run of hidden ones, or a folded same-name fan-out.
public struct VirtualRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case hidden, fold }
    public var kind: Kind
    /// First span it stands for (its row sorts where that span's row would be).
    public var anchor: Int32
    /// Last sibling it stands for (for the tree guides).
    public var last: Int32
    /// One past the last node of the covered range (preorder).
    public var end: Int32
    /// Siblings it stands for (their subtrees come along).
    public var members: Int32
    /// Sum and maximum of the members' durations.
    public var totalNs: Int64
    public var maxNs: Int64
    /// Latest end of a member (the first member starts first: siblings sort by start).
    public var endNs: Int64
    public var spans: Int { Int(end - anchor) }
}

/// The waterfall's visible rows: node indices in preorder with collapsed subtrees skipped, plus
/// a placeholder row (encoded as `-(root + 1)`) above each orphan root for its missing parent,
/// and virtual rows (encoded from `Int32.min`, see `VirtualRow`) for hidden and folded spans.
/// Rebuilt only when the collapse state or the filter changes; moving and paging just index into it.
public struct RowModel: Sendable {
    public internal(set) var visibleRows: [Int32] = []
    /// How many times `rebuild` ran: lets tests prove plain moves never rebuild.
    public internal(set) var rebuildCount = 0
    /// Virtual rows by `row - Int32.min`; stale entries are dropped at each rebuild.
    public private(set) var virtuals: [VirtualRow] = []

    public init() {}

    public var count: Int { visibleRows.count }

    /// Row values at or below this are virtual rows; placeholders are above it and negative.
    static let virtualLimit: Int32 = Int32.min / 2
    public static func isVirtual(_ row: Int32) -> Bool { row <= virtualLimit }
    public static func isPlaceholder(_ row: Int32) -> Bool { row < 0 && row > virtualLimit }
    /// The node a (non-virtual) row shows (for a placeholder, the orphan root below it).
    public static func node(_ row: Int32) -> Int32 { row < 0 ? -row - 1 : row }
    public static func placeholder(for root: Int32) -> Int32 { -root - 1 }

    public func virtual(_ row: Int32) -> VirtualRow? {
        Self.isVirtual(row) ? virtuals[Int(row) - Int(Int32.min)] : nil
    }

    /// The node a row shows; for a virtual row, the first span it stands for.
    public func node(_ row: Int32) -> Int32 { virtual(row)?.anchor ?? Self.node(row) }

    public mutating func rebuild(tree: TraceTree, collapsed: Set<Int32>) {
        rebuild(Walk(tree: tree), collapsed: collapsed)
    }

    /// O(visible rows + hidden runs): a collapsed or hidden node jumps straight to its
    /// `subtreeEnd`. `collapsed` holds row values, so a collapsed placeholder hides its orphan's
    /// whole subtree. Collapsed nodes are walked in order beside the tree (no hash per row).
    mutating func rebuild(_ w: Walk, collapsed: Set<Int32>) {
        rebuildCount += 1
        virtuals = []
        if collapsed.isEmpty && !w.filter.isActive, let all = w.allRows {
            // Everything shown: the cached full row list (a 1,000,000-row rebuild is a copy).
            visibleRows = all
            return
        }
        if collapsed.isEmpty && w.unfolded.isEmpty, let cached = w.cache?.levelRows(w.filter) {
            // A plain `z` level: its rows were built once (in the background on large traces).
            visibleRows = cached.visibleRows
            virtuals = cached.virtuals
            return
        }
        let sorted = collapsed.filter { $0 >= 0 }.sorted()
        var out: [Int32] = []
        out.reserveCapacity(collapsed.isEmpty && !w.hiding ? w.tree.nodes.count + 16 : 1024)
        let nodes = w.tree.nodes
        let n = nodes.count
        var i = 0
        var c = 0
        while i < n {
            let node = nodes[i]
            let end = Int(node.subtreeEnd)
            if node.isRoot && node.isOrphan {
                let ph = Self.placeholder(for: Int32(i))
                out.append(ph)
                if collapsed.contains(ph) { i = end; continue }
            }
            out.append(Int32(i))
            while c < sorted.count && Int(sorted[c]) < i { c += 1 }
            if c < sorted.count && Int(sorted[c]) == i { i = end; continue }
            walk(w, i + 1, end, sorted, &c, &out)
            i = end
        }
        visibleRows = out
    }

    /// Appends the rows of the nodes in `lo ..< hi` (whole subtrees of non-root nodes, in
    /// preorder). Hidden siblings next to each other become one "hidden" row; a long enough
    /// same-name run one "fold" row (unless its first member is in `w.unfolded`). A node is only
    /// read when it is hidden, folded or collapsed: the common row costs an append.
    mutating func walk(_ w: Walk, _ lo: Int, _ hi: Int, _ sorted: [Int32], _ c: inout Int, _ out: inout [Int32]) {
        let nodes = w.tree.nodes
        let runs = w.runs
        let folding = !runs.isEmpty
        let foldMin = Int32(w.filter.foldMin)
        let hiding = w.hiding
        var hidden: VirtualRow?
        var hiddenParent: Int32 = -2
        var i = lo
        while i < hi {
            if hiding && w.hides(i) {
                let node = nodes[i]
                let end = Int32(node.subtreeEnd)
                if hidden != nil && hiddenParent == node.parent {
                    hidden!.last = Int32(i); hidden!.end = end; hidden!.members += 1
                    hidden!.totalNs += node.duration; hidden!.maxNs = max(hidden!.maxNs, node.duration)
                    hidden!.endNs = max(hidden!.endNs, node.end)
                } else {
                    if let h = hidden { out.append(add(h)) }
                    hidden = VirtualRow(kind: .hidden, anchor: Int32(i), last: Int32(i), end: end, members: 1,
                                        totalNs: node.duration, maxNs: node.duration, endNs: node.end)
                    hiddenParent = node.parent
                }
                i = Int(end)
                continue
            }
            if let h = hidden { out.append(add(h)); hidden = nil }
            if folding && runs[i] >= foldMin && !w.unfolded.contains(Int32(i)) {
                var f = VirtualRow(kind: .fold, anchor: Int32(i), last: Int32(i), end: 0, members: 0, totalNs: 0, maxNs: 0,
                                   endNs: nodes[i].end)
                var j = i
                for _ in 0..<runs[i] {
                    let m = nodes[j]
                    f.last = Int32(j); f.members += 1; f.totalNs += m.duration; f.maxNs = max(f.maxNs, m.duration)
                    f.endNs = max(f.endNs, m.end)
                    j = Int(m.subtreeEnd)
                }
                f.end = Int32(j)
                out.append(add(f))
                i = j
                continue
            }
            out.append(Int32(i))
            if c < sorted.count {
                while c < sorted.count && Int(sorted[c]) < i { c += 1 }
                if c < sorted.count && Int(sorted[c]) == i { i = Int(nodes[i].subtreeEnd); continue }
            }
            i += 1
        }
        if let h = hidden { out.append(add(h)) }
    }

    private mutating func add(_ v: VirtualRow) -> Int32 {
        virtuals.append(v)
        return Int32(Int(Int32.min) + virtuals.count - 1)
    }

    /// Collapsing the row at `r`: its descendants' rows leave, without a rebuild.
    public mutating func collapse(at r: Int, tree: TraceTree) {
        guard r >= 0, r < visibleRows.count, !Self.isVirtual(visibleRows[r]) else { return }
        let row = visibleRows[r]
        let end = Int64(tree.nodes[Int(Self.node(row))].subtreeEnd) * 2
        var lo = r + 1, hi = visibleRows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(visibleRows[mid]) < end { lo = mid + 1 } else { hi = mid }
        }
        visibleRows.removeSubrange((r + 1)..<lo)
    }

    public mutating func expand(at r: Int, tree: TraceTree, collapsed: Set<Int32>) {
        expand(at: r, Walk(tree: tree), collapsed: collapsed)
    }

    /// Expanding the row at `r`: its subtree's rows come back (honouring nested collapsed
    /// nodes, in `collapsed`, which must no longer hold this row, and the filter).
    mutating func expand(at r: Int, _ w: Walk, collapsed: Set<Int32>) {
        guard r >= 0, r < visibleRows.count, !Self.isVirtual(visibleRows[r]) else { return }
        let row = visibleRows[r]
        let node = Int(Self.node(row))
        let end = Int(w.tree.nodes[node].subtreeEnd)
        var out: [Int32] = []
        var c = 0
        if Self.isPlaceholder(row) {
            // The orphan root itself, then its subtree.
            let sorted = collapsed.filter { $0 >= 0 && Int($0) >= node && Int($0) < end }.sorted()
            out.append(Int32(node))
            if !(sorted.first.map { Int($0) == node } ?? false) { walk(w, node + 1, end, sorted, &c, &out) }
        } else {
            let sorted = collapsed.filter { $0 > node && Int($0) < end }.sorted()
            walk(w, node + 1, end, sorted, &c, &out)
        }
        visibleRows.insert(contentsOf: out, at: r + 1)
    }

    /// Replaces the fold row at `r` by its members' rows (`w.unfolded` must hold its anchor).
    mutating func unfold(at r: Int, _ w: Walk, collapsed: Set<Int32>) {
        guard r >= 0, r < visibleRows.count, let v = virtual(visibleRows[r]), v.kind == .fold else { return }
        let sorted = collapsed.filter { $0 >= v.anchor && $0 < v.end }.sorted()
        var out: [Int32] = []
        var c = 0
        walk(w, Int(v.anchor), Int(v.end), sorted, &c, &out)
        visibleRows.replaceSubrange(r...r, with: out)
    }

    /// Rows are in preorder with a placeholder just before its root and a virtual row where its
    /// first span would be: this key is ascending.
    func key(_ row: Int32) -> Int64 {
        if let v = virtual(row) { return Int64(v.anchor) * 2 + 1 }
        return row >= 0 ? Int64(row) * 2 + 1 : Int64(-row - 1) * 2
    }

    /// Row index of a row value, if visible. O(log n).
    public func index(of row: Int32) -> Int? {
        let k = key(row)
        let i = lastIndex(atOrBefore: k)
        // A virtual row shares its key with its (hidden) first span: compare the values too.
        return i.flatMap { visibleRows[$0] == row ? $0 : nil }
    }

    /// The row showing `node`, or the row that stands for it (hidden or folded). O(log n).
    public func index(covering node: Int32) -> Int? {
        lastIndex(atOrBefore: Int64(node) * 2 + 1)
    }

    private func lastIndex(atOrBefore k: Int64) -> Int? {
        var lo = 0, hi = visibleRows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(visibleRows[mid]) <= k { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }
}

/// The inputs of a rows walk: the tree, the filter and the per-node facts it needs (taken from
/// `TraceIndex`'s lazy caches only when the filter asks for them).
struct Walk {
    var tree: TraceTree
    var filter = RowFilter()
    /// Per node: its subtree holds a critical-path section (only read when `criticalOnly`).
    var critical: [Bool] = []
    /// Per node: length of the same-name sibling run it starts, else 0 (only read when folding).
    var runs: [Int32] = []
    /// First members of runs the user unfolded.
    var unfolded: Set<Int32> = []
    /// Every row, when nothing is collapsed or filtered (`TraceIndex.allRows`).
    var allRows: [Int32]?
    /// Where the rows of plain `z` levels are cached (nil while building that cache).
    var cache: TraceIndex?
    /// Some spans are hidden (not just folded).
    var hiding: Bool { filter.criticalOnly || filter.minDuration > 0 }

    init(tree: TraceTree) { self.tree = tree }

    init(index: TraceIndex, filter: RowFilter, unfolded: Set<Int32>) {
        tree = index.tree
        self.filter = filter
        self.unfolded = unfolded
        if filter.criticalOnly { critical = index.criticalSubtree }
        if filter.foldMin > 0 && !filter.criticalOnly { runs = index.sameNameRuns }
        if !filter.isActive { allRows = index.allRows }
        cache = index
    }

    /// Only asked about non-root nodes (roots always show).
    @inline(__always)
    func hides(_ i: Int) -> Bool {
        if filter.criticalOnly && !critical[i] { return true }
        return filter.minDuration > 0 && tree.nodes[i].duration < filter.minDuration
    }
}
