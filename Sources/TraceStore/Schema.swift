import GRDB

/// The tables of a store. Bump `version` with any change and add the step to `open`'s check:
/// a store from a newer spanscope is refused, never rewritten.
enum Schema {
    /// `PRAGMA application_id`: "SpSc". A SQLite file without it is not ours.
    static let applicationID: Int32 = 0x5370_5363
    static let version = 1

    static let statements = [
        // The bytes of each request as received (after gzip), decoded again to rebuild spans;
        // `rows` counts the span and log rows still pointing here, so retention can drop it.
        """
        CREATE TABLE batches(id INTEGER PRIMARY KEY, received INTEGER NOT NULL, format INTEGER NOT NULL,
                             rows INTEGER NOT NULL, bytes BLOB NOT NULL)
        """,
        // One row per trace, kept up to date on every append: the trace list reads only this.
        // `id` grows with arrival, so the spans' index on it is appended to, not scattered.
        """
        CREATE TABLE traces(id INTEGER PRIMARY KEY, trace_id BLOB NOT NULL UNIQUE, start INTEGER NOT NULL,
                            stop INTEGER NOT NULL, received INTEGER NOT NULL, root_service TEXT NOT NULL,
                            root_name TEXT NOT NULL, has_root INTEGER NOT NULL, span_count INTEGER NOT NULL,
                            error_count INTEGER NOT NULL, bytes INTEGER NOT NULL)
        """,
        "CREATE INDEX traces_start ON traces(start)",
        "CREATE INDEX traces_received ON traces(received)",
        // Every service a trace has a span of, for `--service`.
        "CREATE TABLE trace_services(service TEXT NOT NULL, trace INTEGER NOT NULL, PRIMARY KEY(service, trace)) WITHOUT ROWID",
        "CREATE INDEX trace_services_trace ON trace_services(trace)",
        // What search needs of each span, and where its bytes are in its batch.
        """
        CREATE TABLE spans(trace INTEGER NOT NULL, span_id INTEGER NOT NULL, parent_id INTEGER NOT NULL,
                           start INTEGER NOT NULL, duration INTEGER NOT NULL, service TEXT NOT NULL,
                           name TEXT NOT NULL, status INTEGER NOT NULL, kind INTEGER NOT NULL,
                           batch INTEGER NOT NULL, detail_offset INTEGER NOT NULL, detail_length INTEGER NOT NULL)
        """,
        "CREATE INDEX spans_trace ON spans(trace)",
        // Log records: which batch holds them, for which trace (an all-zero id when none).
        "CREATE TABLE logs(trace_id BLOB NOT NULL, time INTEGER NOT NULL, batch INTEGER NOT NULL)",
        "CREATE INDEX logs_trace ON logs(trace_id)",
    ]

    static func create(_ db: Database) throws {
        for s in statements { try db.execute(sql: s) }
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }

    /// What the file is, asked through SQLite (the header in the main file can be stale while
    /// the newest pages are still in the WAL).
    enum Kind { case ours(version: Int), empty, foreign }

    static func kind(_ db: Database) throws -> Kind {
        let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if app == applicationID { return .ours(version: version) }
        let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        return app == 0 && version == 0 && objects == 0 ? .empty : .foreign
    }
}
