import TraceModel

/// Two traces side by side, per (service, operation): how many spans, how long in total and on
/// average, and how much self time, in A and in B, with B − A. Operations found in only one
/// trace have zeros on the other side.
public struct TraceComparison: Sendable, Equatable {
    public struct Side: Sendable, Equatable {
        public var count = 0
        public var totalNs: Int64 = 0
        public var selfNs: Int64 = 0
        public var meanNs: Int64 = 0

        public init() {}

        init(_ row: TraceStatistics.Row) {
            count = row.count
            totalNs = row.totalNs
            selfNs = row.selfNs
            meanNs = row.duration.meanNs
        }
    }

    public struct Row: Sendable, Equatable {
        public var service: String
        public var operation: String
        /// Interned ids of `service` and `operation` (both traces come from one set).
        public var serviceID: StringID
        public var operationID: StringID
        public var a: Side
        public var b: Side

        public var countDelta: Int { b.count - a.count }
        public var totalDelta: Int64 { b.totalNs &- a.totalNs }
        public var selfDelta: Int64 { b.selfNs &- a.selfNs }
        public var meanDelta: Int64 { b.meanNs &- a.meanNs }

        init(_ names: TraceStatistics.Row, a: Side, b: Side) {
            service = names.service
            operation = names.operation ?? ""
            serviceID = names.serviceID
            operationID = names.operationID
            self.a = a
            self.b = b
        }
    }

    /// Sorted by service, then operation.
    public var rows: [Row]
    public var durationA: Int64
    public var durationB: Int64

    /// Merges the per-operation tables (both already sorted by service, then operation).
    public init(a: TraceStatistics, b: TraceStatistics) {
        durationA = a.traceDurationNs
        durationB = b.traceDurationNs
        rows = []
        var i = 0, j = 0
        let ra = a.operations, rb = b.operations
        func key(_ r: TraceStatistics.Row) -> (String, String) { (r.service, r.operation ?? "") }
        while i < ra.count || j < rb.count {
            if j == rb.count || (i < ra.count && key(ra[i]) < key(rb[j])) {
                rows.append(Row(ra[i], a: Side(ra[i]), b: Side()))
                i += 1
            } else if i == ra.count || key(rb[j]) < key(ra[i]) {
                rows.append(Row(rb[j], a: Side(), b: Side(rb[j])))
                j += 1
            } else {
                rows.append(Row(ra[i], a: Side(ra[i]), b: Side(rb[j])))
                i += 1
                j += 1
            }
        }
    }

    /// What the comparison can be sorted by: the name, or one of the B − A differences.
    public enum Column: String, CaseIterable, Sendable {
        case total = "Δ total", selfTime = "Δ self", mean = "Δ mean", count = "Δ count", name

        public var descendingByDefault: Bool { self != .name }

        func value(_ row: Row) -> Int64 {
            switch self {
            case .name: return 0
            case .count: return Int64(row.countDelta)
            case .total: return row.totalDelta
            case .selfTime: return row.selfDelta
            case .mean: return row.meanDelta
            }
        }
    }

    /// Row indices by `column` (signed: descending puts B's largest increases first); ties keep
    /// the name order.
    public func order(by column: Column, descending: Bool) -> [Int] {
        RowOrder.indices(column == .name ? nil : rows.map(column.value), count: rows.count, descending: descending)
    }
}
