/// The columns a statistics table can be sorted by, and the sort itself. Rows are per
/// operation (or per service), so sorting is cheap even for a million-span trace.
public enum StatisticsColumn: String, CaseIterable, Sendable {
    case name, count, errors, total, selfTime = "self", critical, mean, p50, p95, max

    /// Largest first is what "where does the time go" wants; names read best A to Z.
    public var descendingByDefault: Bool { self != .name }

    /// The key this column sorts by (`name` sorts by text instead).
    public func value(_ row: TraceStatistics.Row) -> Int64 {
        switch self {
        case .name: return 0
        case .count: return Int64(row.count)
        case .errors: return Int64(row.errorCount)
        case .total: return row.totalNs
        case .selfTime: return row.selfNs
        case .critical: return row.criticalNs
        case .mean: return row.duration.meanNs
        case .p50: return row.duration.p50Ns
        case .p95: return row.duration.p95Ns
        case .max: return row.duration.maxNs
        }
    }
}

extension TraceStatistics {
    /// Indices of `rows` ordered by `column`; ties keep the rows' own (service, operation) order,
    /// whichever the direction, so the order is fully determined.
    public static func order(_ rows: [Row], by column: StatisticsColumn, descending: Bool) -> [Int] {
        RowOrder.indices(column == .name ? nil : rows.map(column.value), count: rows.count, descending: descending)
    }
}

enum RowOrder {
    /// Indices ordered by `keys`, ties by index; nil keys = the rows' own (name) order.
    static func indices(_ keys: [Int64]?, count: Int, descending: Bool) -> [Int] {
        guard let keys else { return descending ? Array((0..<count).reversed()) : Array(0..<count) }
        return (0..<count).sorted { a, b in
            keys[a] != keys[b] ? (descending ? keys[a] > keys[b] : keys[a] < keys[b]) : a < b
        }
    }
}
