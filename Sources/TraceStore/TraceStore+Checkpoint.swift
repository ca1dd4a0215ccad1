import GRDB
import GRDBSQLite

extension TraceStore {
    /// Sets the writer's connection up for sustained ingest. Checkpoints are left to
    /// `checkpoint()`, called from another thread, so the writer's commits never wait for
    /// them: a checkpoint reads back the WAL, writes the pages into the database and fsyncs
    /// both, which was a third of the ingest writer's time and most of its waiting. The writer
    /// still checkpoints by itself once the WAL holds `fallbackPages` pages, should
    /// `checkpoint()` fall behind. The writer's page cache is `cacheBytes` (readers keep the
    /// default): the trace table's indexes by trace id and start are written at random places,
    /// and past the cache every such write first reads its page back.
    public func prepareForIngest(cacheBytes: Int = 128 << 20, fallbackPages: Int = 16384) throws(StoreError) {
        try run("cannot configure the writer") {
            try db.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(fallbackPages)")
                try db.execute(sql: "PRAGMA cache_size = -\(cacheBytes / 1024)")
            }
        }
    }

    /// A PASSIVE checkpoint on a connection of its own: copies what was committed into the
    /// database file without waiting for (or holding up) the writer or the readers. The WAL
    /// starts over from its beginning at the writer's next commit once everything was copied.
    public func checkpoint() throws(StoreError) {
        guard !readOnly, path != "<memory>" else { return }
        try run("cannot checkpoint") {
            try checkpointer.withLock { q in
                if q == nil {
                    var config = Configuration()
                    config.busyMode = .timeout(10)
                    q = try DatabaseQueue(path: path, configuration: config)
                }
                try q!.writeWithoutTransaction { db in
                    let rc = sqlite3_wal_checkpoint_v2(db.sqliteConnection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                    // Busy: another checkpoint (the writer's fallback) is running; the next call copies the rest.
                    guard rc == SQLITE_OK || rc == SQLITE_BUSY else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                }
            }
        }
    }
}
