import Foundation
import GRDB

/// Opening a store without ever changing a file that is not one: the file is checked by its
/// first bytes, then through a read-only connection, before anything may write to it (even
/// switching to WAL rewrites the header).
struct StoreOpening {
    let path: String
    let readOnly: Bool

    static let magic = Array("SQLite format 3\0".utf8)

    func open() throws(StoreError) -> TraceStore {
        var st = stat()
        let exists = stat(path, &st) == 0
        var empty = !exists
        if exists {
            guard (st.st_mode & S_IFMT) == S_IFREG else { throw fail("is not a regular file") }
            guard access(path, R_OK) == 0 else { throw fail("cannot be read (permission denied)") }
            // In WAL mode the main file stays empty until the first checkpoint: a store being
            // written can be all in its `-wal`.
            var wal = stat()
            let inWAL = stat(path + "-wal", &wal) == 0 && wal.st_size > 0
            if st.st_size == 0 && !inWAL {
                // Nothing to lose: a new store may be made in it (not when only reading).
                guard !readOnly else { throw fail("is empty, not a spanscope store") }
            } else {
                if st.st_size > 0 { try checkMagic() }
                empty = try probe()
            }
        } else if readOnly {
            throw fail("no such file")
        }
        if !readOnly { try checkWritable(exists: exists) }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.readonly = readOnly
        do {
            if readOnly {
                return TraceStore(path: path, readOnly: true, db: try DatabaseQueue(path: path, configuration: config))
            }
            config.prepareDatabase { db in
                // Durable against a killed process (not power loss): see docs/decisions.md.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -32768")
                // A WAL that grew while checkpoints were behind is cut back when it starts over.
                try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
            }
            let pool = try DatabasePool(path: path, configuration: config)
            if empty {
                try pool.write { db in
                    // Checked again inside the transaction: another process may have made it.
                    if case .empty = try Schema.kind(db) { try Schema.create(db) }
                }
            }
            return TraceStore(path: path, readOnly: false, db: pool)
        } catch let e as DatabaseError {
            throw fail("cannot open the store: \(e.message ?? "SQLite error \(e.resultCode.rawValue)")")
        } catch {
            throw fail("cannot open the store: \(error)")
        }
    }

    func fail(_ message: String) -> StoreError { StoreError(file: path, message: message) }

    func checkMagic() throws(StoreError) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
        defer { try? h.close() }
        let head = [UInt8]((try? h.read(upToCount: Self.magic.count)) ?? Data())
        guard head == Self.magic else { throw fail("is not a SQLite database, so not a spanscope store (left untouched)") }
    }

    /// True when the file is an SQLite database with nothing in it yet; throws unless it is ours.
    func probe() throws(StoreError) -> Bool {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let kind: Schema.Kind
        do {
            let q = try DatabaseQueue(path: path, configuration: config)
            kind = try q.read { try Schema.kind($0) }
            try q.close()
        } catch let e as DatabaseError {
            throw fail("is not a readable spanscope store (\(e.message ?? "SQLite error \(e.resultCode.rawValue)"); left untouched)")
        } catch {
            throw fail("is not a readable spanscope store (\(error); left untouched)")
        }
        switch kind {
        case .foreign: throw fail("is an SQLite database of another program, not a spanscope store (left untouched)")
        case .ours(let v) where v > Schema.version:
            throw fail("was written by a newer spanscope (store version \(v), this one reads \(Schema.version)); left untouched")
        case .ours: return false
        case .empty: return true
        }
    }

    /// The file and its directory must be writable: WAL keeps `-wal` and `-shm` files beside it.
    func checkWritable(exists: Bool) throws(StoreError) {
        if exists, access(path, W_OK) != 0 { throw fail("cannot be written (read-only file)") }
        let dir = (path as NSString).deletingLastPathComponent
        let d = dir.isEmpty ? "." : dir
        var st = stat()
        guard stat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw fail("its directory \(d) does not exist") }
        guard access(d, W_OK) == 0 else { throw fail("its directory \(d) cannot be written (a store needs its -wal and -shm files beside it)") }
    }
}
