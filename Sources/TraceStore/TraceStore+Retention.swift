import GRDB
import TraceModel

extension TraceStore {
    /// Drops whole traces, those received longest ago first: every trace last received more
    /// than `maxAge` ns before `now`, then more until the pages in use fit in `maxBytes`.
    /// A batch goes when no span or log row points into it any more; freed pages are reused
    /// by later appends (the file does not shrink).
    ///
    /// With `slice`, at most about that many traces go in this call (each step is its own
    /// transaction), and `more` says whether a further call has more to drop: a writer that
    /// also ingests interleaves slices with its appends instead of stalling them for seconds.
    @discardableResult
    public func enforceRetention(maxAge: Int64?, maxBytes: Int?, now: Int64? = nil, slice: Int? = nil) throws(StoreError) -> RetentionResult {
        let before = try usedBytes()
        let budget = slice ?? Int.max
        var dropped = 0
        var more = false
        if let maxAge {
            let cutoff = (now ?? Self.now()) - maxAge
            let limit = slice.map { " ORDER BY received, id LIMIT \($0)" } ?? ""
            let n = try drop("SELECT id FROM traces WHERE received < ?\(limit)", [cutoff], looseLogsBefore: cutoff)
            dropped += n
            if n >= budget { more = true }
        }
        if let maxBytes, !more {
            // Estimates of a trace's bytes are rough (rows share pages, batches share traces):
            // drop about the excess, measure, and ask for more each time it was not enough.
            var factor = 1
            for _ in 0..<24 {
                let used = try usedBytes()
                guard used > maxBytes else { break }
                guard dropped < budget else { more = true; break }
                let ids = try oldest(bytes: (used - maxBytes) * factor, count: budget - dropped)
                if ids.isEmpty { break }
                dropped += try drop(ids)
                if try usedBytes() >= used { factor *= 2 }
            }
        }
        return RetentionResult(tracesDropped: dropped, bytesFreed: max(0, before - (try usedBytes())), more: more)
    }

    /// Row ids of the traces received first whose estimated bytes add up to `bytes`, at most `count`.
    func oldest(bytes: Int, count: Int) throws(StoreError) -> [Int64] {
        try run("cannot choose traces to drop") {
            try db.read { db in
                var ids: [Int64] = []
                var total = 0
                let rows = try Row.fetchCursor(db, sql: "SELECT id, bytes FROM traces ORDER BY received, id")
                while total < bytes, ids.count < count, let r = try rows.next() {
                    ids.append(r[0])
                    total += r[1] as Int
                }
                return ids
            }
        }
    }

    func drop(_ ids: [Int64]) throws(StoreError) -> Int {
        try run("cannot drop old traces") {
            try db.write { db in
                try prepareDoomed(db)
                let insert = try Raw(db, "INSERT INTO temp.doomed(id) VALUES (?)")
                for id in ids { insert.int(1, id); try insert.done() }
                return try deleteDoomed(db)
            }
        }
    }

    func drop(_ select: String, _ args: StatementArguments, looseLogsBefore: Int64) throws(StoreError) -> Int {
        try run("cannot drop old traces") {
            try db.write { db in
                try prepareDoomed(db)
                try db.execute(sql: "INSERT INTO temp.doomed(id) \(select)", arguments: args)
                // Log records without a trace go by the time their batch arrived.
                try db.execute(sql: """
                    CREATE TEMP TABLE IF NOT EXISTS loose(rowid INTEGER PRIMARY KEY);
                    DELETE FROM temp.loose;
                    INSERT INTO temp.loose SELECT logs.rowid FROM logs JOIN batches ON batches.id = logs.batch
                      WHERE logs.trace_id = zeroblob(16) AND batches.received < ?;
                    INSERT OR IGNORE INTO temp.touched SELECT DISTINCT batch FROM logs WHERE rowid IN temp.loose;
                    UPDATE batches SET rows = rows - d.c FROM
                      (SELECT batch, count(*) AS c FROM logs WHERE rowid IN temp.loose GROUP BY batch) AS d
                      WHERE batches.id = d.batch;
                    DELETE FROM logs WHERE rowid IN temp.loose;
                    """, arguments: [looseLogsBefore])
                return try deleteDoomed(db)
            }
        }
    }

    /// `doomed`: the traces to drop; `touched`: the batches that lose rows, the only ones that
    /// may become empty (a scan of all batches reads about a page per batch: their bytes are
    /// stored in the row, so each row fills most of a leaf page).
    func prepareDoomed(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY); DELETE FROM temp.doomed;
            CREATE TEMP TABLE IF NOT EXISTS touched(id INTEGER PRIMARY KEY); DELETE FROM temp.touched;
            """)
    }

    /// Deletes the traces in `temp.doomed` with their spans, logs and emptied batches.
    func deleteDoomed(_ db: Database) throws -> Int {
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.doomed") ?? 0
        guard n > 0 else {
            try db.execute(sql: "DELETE FROM batches WHERE id IN temp.touched AND rows <= 0")
            return 0
        }
        // Rows leaving each batch; a batch losing all its rows is deleted without updating its
        // counter first: an UPDATE of its row costs as much as the rest of the step together
        // (the row holds the request's bytes, some 50 overflow pages).
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS gone(batch INTEGER PRIMARY KEY, c INTEGER NOT NULL); DELETE FROM temp.gone;
            INSERT INTO temp.gone SELECT batch, count(*) FROM spans WHERE trace IN temp.doomed GROUP BY batch;
            INSERT INTO temp.gone SELECT batch, count(*) FROM logs WHERE trace_id IN
              (SELECT trace_id FROM traces WHERE id IN temp.doomed) GROUP BY batch
              ON CONFLICT(batch) DO UPDATE SET c = c + excluded.c;
            INSERT OR IGNORE INTO temp.touched SELECT batch FROM temp.gone;
            DELETE FROM batches WHERE id IN (SELECT g.batch FROM temp.gone g JOIN batches b ON b.id = g.batch WHERE b.rows <= g.c);
            UPDATE batches SET rows = rows - g.c FROM temp.gone AS g WHERE batches.id = g.batch;
            DELETE FROM spans WHERE trace IN temp.doomed;
            DELETE FROM logs WHERE trace_id IN (SELECT trace_id FROM traces WHERE id IN temp.doomed);
            DELETE FROM trace_services WHERE trace IN temp.doomed;
            DELETE FROM traces WHERE id IN temp.doomed;
            DELETE FROM batches WHERE id IN temp.touched AND rows <= 0;
            """)
        return n
    }
}
