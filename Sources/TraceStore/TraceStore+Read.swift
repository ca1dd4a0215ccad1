import Foundation
import GRDB
import GRDBSQLite
import TraceModel

extension TraceStore {
    /// The trace list, newest first, from the per-trace rows alone (no span is read).
    /// `since`/`until` bound the trace's first start (Unix ns); `service` keeps traces with any
    /// span of that service.
    /// `byArrival`: newest received first instead (what the explorer's window of a store takes:
    /// traces that arrived together share batches, traces that merely started together may not).
    public func traceList(since: Int64? = nil, until: Int64? = nil, service: String? = nil, limit: Int? = nil,
                          byArrival: Bool = false) throws(StoreError) -> [StoredTrace] {
        let (filter, args) = Self.filter(since: since, until: until, service: service)
        let sql = """
            SELECT trace_id, start, stop, root_service, root_name, has_root, span_count, error_count, received
            FROM traces \(filter) ORDER BY \(byArrival ? "received" : "start") DESC, id DESC \(limit.map { "LIMIT \($0)" } ?? "")
            """
        return try run("cannot read the trace list") {
            try db.read { db in
                // Stepped through the C API: GRDB's `Row` costs allocations per row, and the
                // list of a large store has hundreds of thousands of rows.
                let statement = try db.makeStatement(sql: sql)
                try statement.setArguments(args)
                let st = statement.sqliteStatement
                defer { sqlite3_reset(st) }
                var out: [StoredTrace] = []
                while true {
                    let rc = sqlite3_step(st)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else { throw Raw(db, st).failure(rc) }
                    out.append(StoredTrace(
                        traceID: Raw.traceID(st, 0), start: sqlite3_column_int64(st, 1), end: sqlite3_column_int64(st, 2),
                        rootService: Raw.text(st, 3), rootName: Raw.text(st, 4), hasRoot: sqlite3_column_int64(st, 5) != 0,
                        spanCount: Int(sqlite3_column_int64(st, 6)), errorCount: Int(sqlite3_column_int64(st, 7)),
                        received: sqlite3_column_int64(st, 8)))
                }
                return out
            }
        }
    }

    /// Number of traces and spans held.
    public func counts() throws(StoreError) -> (traces: Int, spans: Int) {
        try run("cannot count the traces") {
            try db.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(span_count), 0) FROM traces")!
                return (row[0], row[1])
            }
        }
    }

    /// The spans (and linked log records) of these traces, as the decoders make them from the
    /// stored batches, in the order the batches arrived.
    public func load(traceIDs: [TraceID]) throws(StoreError) -> TraceSet {
        let wanted = Set(traceIDs)
        return try loadBatches(keep: wanted, looseLogsSince: nil) { db in
            var batches = Set<Int64>()
            for id in wanted {
                let blob = Data(TraceIDBytes.bytes(id))
                batches.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM spans WHERE trace = (SELECT id FROM traces WHERE trace_id = ?)", arguments: [blob]))
                batches.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM logs WHERE trace_id = ?", arguments: [blob]))
            }
            return batches
        }
    }

    /// Every trace that started at or after `since` (Unix ns) with a span of `service`, and,
    /// without a service, the log records without a trace from then on.
    public func loadAll(since: Int64? = nil, service: String? = nil) throws(StoreError) -> TraceSet {
        let (filter, args) = Self.filter(since: since, until: nil, service: service)
        let wanted: Set<TraceID> = try run("cannot read the traces") {
            try db.read { db in
                Set(try Data.fetchAll(db, sql: "SELECT trace_id FROM traces \(filter)", arguments: args).map { TraceIDBytes.id([UInt8]($0)) })
            }
        }
        let loose: Int64? = service == nil ? (since ?? Int64.min) : nil
        return try loadBatches(keep: wanted, looseLogsSince: loose) { db in
            if since == nil && service == nil { return Set(try Int64.fetchAll(db, sql: "SELECT id FROM batches")) }
            var batches = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM spans WHERE trace IN (SELECT id FROM traces \(filter))", arguments: args))
            batches.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM logs WHERE trace_id IN (SELECT trace_id FROM traces \(filter))", arguments: args))
            if let loose {
                batches.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT batch FROM logs WHERE trace_id = ? AND time >= ?", arguments: [Data(count: 16), loose]))
            }
            return batches
        }
    }

    /// Decodes the batches `select` names (in one read transaction, so a writer's later
    /// commits do not mix in), keeping spans and logs of `keep` and, when `looseLogsSince` is
    /// set, log records without a trace from that time on.
    func loadBatches(keep: Set<TraceID>, looseLogsSince: Int64?, select: @escaping (Database) throws -> Set<Int64>) throws(StoreError) -> TraceSet {
        let stored: [(Int64, Int, [UInt8])] = try run("cannot read the stored batches") {
            try db.read { db in
                try select(db).sorted().compactMap { id in
                    guard let r = try Row.fetchOne(db, sql: "SELECT format, bytes FROM batches WHERE id = ?", arguments: [id]) else { return nil }
                    return (id, r[0], [UInt8](r[1] as Data))
                }
            }
        }
        var out = TraceSet()
        var first = true
        for (id, raw, bytes) in stored {
            guard let format = BatchFormat(rawValue: raw) else {
                throw StoreError(file: path, message: "batch \(id) has an unknown format \(raw) (written by a newer spanscope?)")
            }
            var set = try decode(bytes, format, name: "\(path) batch \(id)")
            set.spans.removeAll { !keep.contains($0.traceID) }
            set.logs.removeAll { l in
                if keep.contains(l.traceID) { return false }
                if let since = looseLogsSince, l.traceID.isZero, l.time >= since { return false }
                return true
            }
            if set.spans.isEmpty && set.logs.isEmpty { continue }
            if first { out = set; first = false } else { out.merge(set) }
        }
        return out
    }

    static func filter(since: Int64?, until: Int64?, service: String?) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args: StatementArguments = []
        if let since { clauses.append("start >= ?"); args += [since] }
        if let until { clauses.append("start < ?"); args += [until] }
        if let service { clauses.append("id IN (SELECT trace FROM trace_services WHERE service = ?)"); args += [service] }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), args)
    }
}
