import TraceAnalysis
import TraceModel

/// Cursor and scroll of a table screen (statistics, compare).
public struct TableCursor: Sendable, Equatable {
    public var cursor = 0
    public var scroll = 0

    /// Applies a motion command; false for any other command.
    mutating func move(_ cmd: Command, count: Int, page: Int) -> Bool {
        guard let c = AppState.motion(cmd, cursor: cursor, count: count, page: page) else { return false }
        cursor = c
        scroll = AppState.follow(cursor: c, scroll: scroll, page: page, count: count)
        return true
    }
}

/// A table screen whose rows can be sorted by a column (statistics, compare).
protocol SortableTable {
    associatedtype Column: CaseIterable & Equatable & RawRepresentable<String>
    var sort: Column { get }
    var descending: Bool { get }
    var table: TableCursor { get set }
    var order: [Int] { get }
    mutating func setSort(_ column: Column, descending: Bool)
}

extension SortableTable {
    /// Motions, `s` (next column, in its default direction) and `S` (reverse). Returns nil for
    /// other commands, else the status message.
    mutating func step(_ cmd: Command, page: Int, defaultDescending: (Column) -> Bool) -> String? {
        if table.move(cmd, count: order.count, page: page) { return "" }
        switch cmd {
        case .sortNext:
            let all = Array(Column.allCases)
            let next = all[(all.firstIndex(of: sort)! + 1) % all.count]
            setSort(next, descending: defaultDescending(next))
            return "sorted by \(next.rawValue)"
        case .sortReverse:
            setSort(sort, descending: !descending)
            return ""
        default:
            return nil
        }
    }
}

/// The statistics screen: one trace's (or every loaded trace's) per-operation or per-service
/// table, in the chosen order.
public struct StatisticsState: Sendable, SortableTable {
    /// Index into `Analysis.trees`; nil = every loaded trace.
    public let trace: Int?
    public let stats: TraceStatistics
    /// Nodes per operation of a focused subtree (`f`), whose node numbers are its own; nil uses
    /// the whole trace's cached index.
    var focusedOperations: OperationIndex?
    public var byService = false
    public private(set) var sort: StatisticsColumn
    public private(set) var descending: Bool
    public var table = TableCursor()
    /// Indices into `rows`, in display order.
    public private(set) var order: [Int] = []

    init(trace: Int?, stats: TraceStatistics) {
        self.trace = trace
        self.stats = stats
        // One trace: where its own time goes (self time); many: what blocks them (critical path).
        sort = trace == nil ? .critical : .selfTime
        descending = true
        order = TraceStatistics.order(rows, by: sort, descending: descending)
    }

    public var rows: [TraceStatistics.Row] { byService ? stats.services : stats.operations }

    public var selectedRow: TraceStatistics.Row? {
        table.cursor < order.count ? rows[order[table.cursor]] : nil
    }

    /// Re-sorts, keeping the cursor on the same row.
    mutating func setSort(_ column: StatisticsColumn, descending d: Bool) {
        let keep = table.cursor < order.count ? order[table.cursor] : 0
        sort = column
        descending = d
        order = TraceStatistics.order(rows, by: sort, descending: descending)
        table.cursor = order.firstIndex(of: keep) ?? 0
    }

    mutating func toggleGrouping() {
        byService.toggle()
        order = TraceStatistics.order(rows, by: sort, descending: descending)
        table = TableCursor()
    }
}

/// The compare screen: trace A (marked) against trace B, per operation.
public struct CompareState: Sendable, SortableTable {
    public let a: Int
    public let b: Int
    public let comparison: TraceComparison
    public private(set) var sort: TraceComparison.Column = .total
    public private(set) var descending = true
    public var table = TableCursor()
    public private(set) var order: [Int]

    init(a: Int, b: Int, comparison: TraceComparison) {
        self.a = a
        self.b = b
        self.comparison = comparison
        order = comparison.order(by: sort, descending: descending)
    }

    mutating func setSort(_ column: TraceComparison.Column, descending d: Bool) {
        sort = column
        descending = d
        order = comparison.order(by: sort, descending: descending)
        table = TableCursor()
    }
}

/// The waterfall shows only the spans of one operation (or service) and their ancestors.
public struct SpanFilter: Sendable {
    /// What the filter keeps, as the status bar says it ("checkout: charge").
    public var label: String
    public var matchCount: Int
    /// The first matching node (where the cursor goes); 0 when nothing matched.
    public var firstMatch: Int32
    /// Matching nodes and all their ancestors, ascending (= display order).
    public var nodes: [Int32]
    /// The matching nodes alone, ascending (live data and `K` map them to the new tree).
    var matchNodes: [Int32]
    /// The unfiltered rows from before the filter, kept up to date by collapse and expand, so
    /// clearing the filter does not rebuild a million rows; nil when they must be rebuilt.
    var unfiltered: RowModel?

    /// `matches` ascending. Ancestors are added walking up until an already kept node, so the
    /// cost is O(matches + their ancestors) plus one byte per span for the marks.
    init(tree: TraceTree, matches: [Int32], label: String) {
        self.label = label
        matchCount = matches.count
        matchNodes = matches
        firstMatch = matches.first ?? 0
        var keep = [Bool](repeating: false, count: tree.nodes.count)
        var kept: [Int32] = []
        for m in matches {
            var k = Int(m)
            while k >= 0 && !keep[k] {
                keep[k] = true
                kept.append(Int32(k))
                k = Int(tree.nodes[k].parent)
            }
        }
        if kept.count * 32 < keep.count {
            kept.sort()
            nodes = kept
        } else {
            // Many kept spans: one scan of the marks is cheaper than sorting them.
            nodes = []
            nodes.reserveCapacity(kept.count)
            for i in keep.indices where keep[i] { nodes.append(Int32(i)) }
        }
    }

    func contains(_ node: Int32) -> Bool {
        let i = Search.upperBound(nodes, node)
        return i > 0 && nodes[i - 1] == node
    }
}
