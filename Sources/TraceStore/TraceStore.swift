import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TraceFormats
import TraceModel

/// Received spans on disk: an SQLite database in WAL mode (see docs/decisions.md). Each batch
/// is stored once as the bytes it arrived as, with one indexed row per span and one per trace
/// for the list; spans are rebuilt by decoding their batches again with the format's decoder.
///
/// One process writes a store; any number may read it (`readOnly`), also while it is written.
public final class TraceStore: Sendable {
    /// The file, for errors ("<memory>" for an in-memory store).
    public let path: String
    public let readOnly: Bool
    let db: any DatabaseWriter
    /// The connection `checkpoint()` uses, opened on first use.
    let checkpointer = Mutex<DatabaseQueue?>(nil)

    init(path: String, readOnly: Bool, db: any DatabaseWriter) {
        self.path = path
        self.readOnly = readOnly
        self.db = db
    }

    /// A store that lives as long as this object: `--memory`, and tests.
    public static func inMemory() -> TraceStore {
        do {
            let q = try DatabaseQueue()
            try q.write { try Schema.create($0) }
            return TraceStore(path: "<memory>", readOnly: false, db: q)
        } catch {
            // An in-memory database fails to open only without memory.
            fatalError("cannot create an in-memory SQLite database: \(error)")
        }
    }

    /// Opens the store at `path`, creating it (and nothing else) when the file does not exist or
    /// is empty. A file that is not a spanscope store is an error and is left untouched.
    public static func open(path: String, readOnly: Bool = false) throws(StoreError) -> TraceStore {
        try StoreOpening(path: path, readOnly: readOnly).open()
    }

    /// Appends one batch in one transaction and returns once it is committed: from then on a
    /// `kill -9` of this process does not lose it (see docs/decisions.md for why WAL with
    /// `synchronous=NORMAL` is enough for that, and what it does not cover).
    ///
    /// `batch` must be what the format's decoder made of `bytes` (its spans' detail ranges
    /// point into them). Without bytes (spans from elsewhere, e.g. Zipkin), the batch is stored
    /// as the OTLP protobuf our encoder writes for it.
    @discardableResult
    public func append(_ batch: TraceSet, bytes: [UInt8]?, format: BatchFormat, received: Int64? = nil) throws(StoreError) -> Int {
        try append(batches: try prepare(batch, bytes: bytes, format: format), received: received)
    }

    /// What `append` stores for a decoded batch: the batch with its bytes, or, without bytes
    /// (spans from elsewhere, e.g. Zipkin), the OTLP protobuf our encoder writes for it, decoded
    /// again so the rows' detail ranges point into the bytes stored. Costs an encode and a decode
    /// without bytes: callers with several threads do it before handing the parts to one writer.
    public func prepare(_ batch: TraceSet, bytes: [UInt8]?, format: BatchFormat) throws(StoreError) -> [StoreBatch] {
        if let bytes { return [StoreBatch(set: batch, bytes: bytes, format: format)] }
        var parts: [StoreBatch] = []
        if !batch.spans.isEmpty {
            let encoded = OTLPProtobuf.encodeTraces(batch)
            parts.append(StoreBatch(set: try decode(encoded, .otlpProtobufTraces, name: "encoded batch"), bytes: encoded, format: .otlpProtobufTraces))
        }
        if !batch.logs.isEmpty {
            let encoded = OTLPProtobuf.encodeLogs(batch)
            parts.append(StoreBatch(set: try decode(encoded, .otlpProtobufLogs, name: "encoded logs"), bytes: encoded, format: .otlpProtobufLogs))
        }
        return parts
    }

    /// Appends several batches in ONE transaction and returns the spans stored once it is
    /// committed. A writer that gathers what arrived meanwhile pays one commit (and one WAL
    /// write of the shared pages: the trace table, the indexes' last leaves) for all of them.
    @discardableResult
    public func append(batches parts: [StoreBatch], received: Int64? = nil) throws(StoreError) -> Int {
        let now = received ?? Self.now()
        return try run("cannot store the batch") {
            try db.write { db in
                let writer = BatchWriter(db: db)
                for p in parts { try writer.insert(p.set, p.bytes, p.format, now) }
            }
            return parts.reduce(0) { $0 + $1.set.spans.count }
        }
    }

    /// Bytes the store takes on disk (the database and its WAL).
    public func size() -> Int {
        guard path != "<memory>" else { return (try? usedBytes()) ?? 0 }
        return [path, path + "-wal"].reduce(0) { total, p in
            var st = stat()
            return total + (stat(p, &st) == 0 ? Int(st.st_size) : 0)
        }
    }

    /// Bytes of pages in use (the file also holds free pages that appends reuse first).
    public func usedBytes() throws(StoreError) -> Int {
        try run("cannot read the store's size") {
            try db.read { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return (pages - free) * size
            }
        }
    }

    static func now() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    func decode(_ bytes: [UInt8], _ format: BatchFormat, name: String) throws(StoreError) -> TraceSet {
        let file = FileBytes(bytes, name: name)
        do throws(LoadError) {
            switch format {
            case .otlpProtobufTraces: return try OTLPProtobuf.decodeTraces(file).set
            case .otlpProtobufLogs: return try OTLPProtobuf.decodeLogs(file).set
            case .otlpJSON: return try TraceLoader.decode(file).set
            }
        } catch {
            throw StoreError(file: path, message: "\(name) cannot be decoded: \(error.message)")
        }
    }

    /// Runs SQLite work, turning its errors into one line naming the store.
    func run<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let e as StoreError {
            throw e
        } catch let e as DatabaseError {
            throw StoreError(file: path, message: "\(what): \(e.message ?? "SQLite error \(e.resultCode.rawValue)")")
        } catch {
            throw StoreError(file: path, message: "\(what): \(error)")
        }
    }
}
