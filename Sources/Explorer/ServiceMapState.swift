import TraceAnalysis
import TraceModel

/// What the service map's rows (siblings in the tree) can be sorted by.
public enum ServiceMapColumn: String, CaseIterable, Sendable {
    case calls, errors, total, p50, p95, critical = "crit%", name

    public var descendingByDefault: Bool { self != .name }

    func value(_ e: ServiceMap.Edge) -> Int64 {
        switch self {
        case .calls: return Int64(e.calls)
        case .errors: return Int64(e.errors)
        case .total: return e.totalNs
        case .p50: return e.p50Ns
        case .p95: return e.p95Ns
        case .critical: return e.criticalNs
        case .name: return 0
        }
    }
}

/// The service map screen (`M`): the services of one trace (the one the waterfall shows) or of
/// every loaded trace, as a tree of caller → callee edges with their numbers.
public struct ServiceMapState: Sendable, SortableTable {
    /// Index into `Analysis.trees`; nil = every loaded trace.
    public let trace: Int?
    public let map: ServiceMap
    public private(set) var sort: ServiceMapColumn = .calls
    public private(set) var descending = true
    public var table = TableCursor()
    public private(set) var rows: [ServiceMap.Row] = []
    public var order: [Int] { Array(rows.indices) }

    init(trace: Int?, map: ServiceMap) {
        self.trace = trace
        self.map = map
        rows = Self.rows(map, sort, descending)
    }

    /// Siblings in `column` order (ties: caller then callee name, then first appearance).
    static func rows(_ map: ServiceMap, _ column: ServiceMapColumn, _ descending: Bool) -> [ServiceMap.Row] {
        map.tree { a, b in
            let x = map.edges[a], y = map.edges[b]
            let vx = column.value(x), vy = column.value(y)
            if vx != vy { return descending ? vx > vy : vx < vy }
            if x.calleeName != y.calleeName { return (x.calleeName < y.calleeName) != (column == .name && descending) }
            return a < b
        }
    }

    var selectedRow: ServiceMap.Row? { table.cursor < rows.count ? rows[table.cursor] : nil }

    /// Re-sorts, keeping the cursor on the same edge when it is still drawn.
    mutating func setSort(_ column: ServiceMapColumn, descending d: Bool) {
        let keep = selectedRow
        sort = column
        descending = d
        rows = Self.rows(map, sort, descending)
        table.cursor = rows.firstIndex { $0.edge == keep?.edge && $0.service == keep?.service } ?? 0
    }
}
