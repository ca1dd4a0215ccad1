import GRDB
import GRDBSQLite
import TraceModel

/// Inserts one decoded batch: its bytes, a row per span and log record, and the per-trace rows
/// of the list. Statements are bound through the C API: the per-span insert is the ingest
/// path's hot loop, and GRDB's argument arrays cost an allocation per value.
struct BatchWriter {
    let db: Database

    /// What one batch adds to a trace's row.
    struct TraceDelta {
        var start = Int64.max, stop = Int64.min
        var rootService = "", rootName = "", hasRoot = false, rootStart = Int64.max
        var spans = 0, errors = 0, bytes = 0
        var services: Set<StringID> = []
    }

    func insert(_ set: TraceSet, _ bytes: [UInt8], _ format: BatchFormat, _ received: Int64) throws {
        let batch = try Raw(db, "INSERT INTO batches(received, format, rows, bytes) VALUES (?, ?, ?, ?)")
        batch.int(1, received); batch.int(2, Int64(format.rawValue)); batch.int(3, Int64(set.spans.count + set.logs.count))
        batch.blob(4, bytes)
        try batch.done()
        let batchID = db.lastInsertedRowID

        var order: [TraceID] = []
        var deltas: [TraceID: TraceDelta] = [:]
        for s in set.spans {
            if deltas[s.traceID] == nil { order.append(s.traceID) }
            deltas[s.traceID, default: TraceDelta()].add(s, set)
        }
        let upsert = try Raw(db, Self.upsertTrace)
        let service = try Raw(db, "INSERT OR IGNORE INTO trace_services(service, trace) VALUES (?, ?)")
        var rowIDs: [TraceID: Int64] = [:]
        for id in order {
            let d = deltas[id]!
            upsert.traceID(1, id); upsert.int(2, d.start); upsert.int(3, d.stop); upsert.int(4, received)
            upsert.text(5, d.rootService); upsert.text(6, d.rootName); upsert.int(7, d.hasRoot ? 1 : 0)
            upsert.int(8, Int64(d.spans)); upsert.int(9, Int64(d.errors)); upsert.int(10, Int64(d.bytes))
            let row = try upsert.returning()
            rowIDs[id] = row
            for s in d.services {
                service.text(1, set.strings[s]); service.int(2, row)
                try service.done()
            }
        }
        let span = try Raw(db, """
            INSERT INTO spans(trace, span_id, parent_id, start, duration, service, name, status, kind, batch,
                              detail_offset, detail_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Names and services repeat: each distinct one is bound from the same Swift string.
        for s in set.spans {
            span.int(1, rowIDs[s.traceID]!); span.int(2, Int64(bitPattern: s.spanID.value))
            span.int(3, Int64(bitPattern: s.parentID.value)); span.int(4, s.start); span.int(5, s.duration)
            span.text(6, set.strings[s.service]); span.text(7, set.strings[s.name])
            span.int(8, Int64(s.status.rawValue)); span.int(9, Int64(s.kind.rawValue)); span.int(10, batchID)
            span.int(11, Int64(s.detail.offset)); span.int(12, Int64(s.detail.length))
            try span.done()
        }
        let log = try Raw(db, "INSERT INTO logs(trace_id, time, batch) VALUES (?, ?, ?)")
        for l in set.logs {
            log.traceID(1, l.traceID); log.int(2, l.time); log.int(3, batchID)
            try log.done()
        }
    }

    /// Earliest start, latest end and counts add up; the root is the span without a parent
    /// (the earliest span until one arrives). In SQLite's UPDATE every column read is the old value.
    static let upsertTrace = """
        INSERT INTO traces(trace_id, start, stop, received, root_service, root_name, has_root, span_count, error_count, bytes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(trace_id) DO UPDATE SET
          root_service = CASE WHEN excluded.has_root > has_root OR (excluded.has_root = has_root AND excluded.start < start)
                              THEN excluded.root_service ELSE root_service END,
          root_name = CASE WHEN excluded.has_root > has_root OR (excluded.has_root = has_root AND excluded.start < start)
                           THEN excluded.root_name ELSE root_name END,
          has_root = max(has_root, excluded.has_root),
          start = min(start, excluded.start), stop = max(stop, excluded.stop), received = max(received, excluded.received),
          span_count = span_count + excluded.span_count, error_count = error_count + excluded.error_count,
          bytes = bytes + excluded.bytes
        RETURNING id
        """
}

extension BatchWriter.TraceDelta {
    mutating func add(_ s: Span, _ set: TraceSet) {
        start = min(start, s.start)
        stop = max(stop, s.end)
        spans += 1
        if s.isError { errors += 1 }
        // The span's bytes and its row: what dropping the trace frees, roughly.
        bytes += Int(s.detail.length) + 64
        services.insert(s.service)
        let isRoot = s.parentID.isZero
        if (isRoot && !hasRoot) || (isRoot == hasRoot && s.start < rootStart) {
            hasRoot = isRoot
            rootStart = s.start
            rootService = set.strings[s.service]
            rootName = set.strings[s.name]
        }
    }
}

/// A cached statement bound and stepped through the C API. Text and blobs are copied by
/// SQLite (`SQLITE_TRANSIENT`), so Swift's buffers need not outlive the call.
struct Raw {
    let db: Database
    let st: OpaquePointer
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        st = try db.cachedStatement(sql: sql).sqliteStatement
    }

    init(_ db: Database, _ st: OpaquePointer) {
        self.db = db
        self.st = st
    }

    static func text(_ st: OpaquePointer, _ column: Int32) -> String {
        guard let p = sqlite3_column_text(st, column) else { return "" }
        let n = Int(sqlite3_column_bytes(st, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// A 16-byte trace id column, read in place.
    static func traceID(_ st: OpaquePointer, _ column: Int32) -> TraceID {
        guard sqlite3_column_bytes(st, column) == 16, let p = sqlite3_column_blob(st, column) else { return .zero }
        return TraceIDBytes.id(UnsafeRawBufferPointer(start: p, count: 16))
    }

    func int(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(st, i, v) }

    func text(_ i: Int32, _ s: String) {
        var s = s
        s.withUTF8 { u in _ = sqlite3_bind_text(st, i, UnsafeRawPointer(u.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(u.count), Self.transient) }
    }

    func blob(_ i: Int32, _ b: [UInt8]) {
        // A null pointer would bind NULL; an empty blob is a zero-length one.
        guard !b.isEmpty else { sqlite3_bind_zeroblob(st, i, 0); return }
        b.withUnsafeBytes { p in _ = sqlite3_bind_blob(st, i, p.baseAddress, Int32(p.count), Self.transient) }
    }

    /// Trace ids are 16 bytes, big-endian high then low: the order of their hex text.
    func traceID(_ i: Int32, _ id: TraceID) { blob(i, TraceIDBytes.bytes(id)) }

    func done() throws {
        let rc = sqlite3_step(st)
        sqlite3_reset(st)
        guard rc == SQLITE_DONE else { throw failure(rc) }
    }

    /// Steps a statement with `RETURNING` one integer.
    func returning() throws -> Int64 {
        let rc = sqlite3_step(st)
        guard rc == SQLITE_ROW else { sqlite3_reset(st); throw failure(rc) }
        let v = sqlite3_column_int64(st, 0)
        let rc2 = sqlite3_step(st)
        sqlite3_reset(st)
        guard rc2 == SQLITE_DONE else { throw failure(rc2) }
        return v
    }

    func failure(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

enum TraceIDBytes {
    static func bytes(_ id: TraceID) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: id.high >> (56 - 8 * UInt64(i)))
            out[8 + i] = UInt8(truncatingIfNeeded: id.low >> (56 - 8 * UInt64(i)))
        }
        return out
    }

    static func id<C: Collection<UInt8>>(_ b: C) -> TraceID where C.Index == Int {
        guard b.count == 16 else { return .zero }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<8 {
            high = high << 8 | UInt64(b[i])
            low = low << 8 | UInt64(b[8 + i])
        }
        return TraceID(high: high, low: low)
    }
}
