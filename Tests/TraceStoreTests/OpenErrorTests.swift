import Foundation
import GRDB
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

@Suite struct OpenErrorTests {
    func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    /// Opening `path` in both modes fails with one line naming it, containing `words`, and
    /// leaves the file exactly as it was, with nothing written beside it (reading a file in WAL
    /// format may leave an empty `-wal`).
    func expectRefused(_ path: String, _ words: String) {
        let before = bytes(path)
        for readOnly in [false, true] {
            do {
                _ = try TraceStore.open(path: path, readOnly: readOnly)
                Issue.record("\(path) opened (readOnly: \(readOnly))")
            } catch {
                #expect(error.description.hasPrefix(path + ": "), "\(error)")
                #expect(error.description.contains(words), "\(error)")
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(bytes(path) == before)
        #expect(bytes(path + "-wal").isEmpty)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("notes.db")
        try Data("{\"resourceSpans\": []}\n".utf8).write(to: URL(fileURLWithPath: path))
        expectRefused(path, "not a SQLite database")
        // Shorter than the SQLite header.
        try Data("SQLite".utf8).write(to: URL(fileURLWithPath: path))
        expectRefused(path, "not a SQLite database")
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("app.db")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE spans(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO spans(name) VALUES ('mine')")
        }
        expectRefused(path, "another program")
    }

    @Test func aStoreOfANewerVersionIsRefusedUntouched() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        do { _ = try TraceStore.open(path: path) }
        var config = Configuration()
        config.journalMode = .wal
        try DatabaseQueue(path: path, configuration: config).write { try $0.execute(sql: "PRAGMA user_version = 99") }
        expectRefused(path, "newer spanscope")
    }

    @Test func aCorruptStoreIsAClearErrorAndUntouched() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        do {
            let store = try TraceStore.open(path: path)
            let b = try ProtoBatches.request(seed: 1, index: 0, spans: 20, traces: 2)
            try store.append(try OTLPProtobuf.decodeTraces(FileBytes(b)).set, bytes: b, format: .otlpProtobufTraces)
        }
        // Closed: the WAL was checkpointed into the file and removed.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        var data = bytes(path)
        for i in 100..<4096 { data[i] = UInt8(truncatingIfNeeded: i &* 131) }
        try Data(data).write(to: URL(fileURLWithPath: path))
        expectRefused(path, "not a readable spanscope store")
    }

    @Test func missingFilesAndDirectoriesAreClearErrors() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        #expect(throws: StoreError(file: dir.file("none.db"), message: "no such file")) {
            try TraceStore.open(path: dir.file("none.db"), readOnly: true)
        }
        let nested = dir.file("missing/t.db")
        do {
            _ = try TraceStore.open(path: nested)
            Issue.record("opened \(nested)")
        } catch {
            #expect(error.description.hasPrefix(nested + ": its directory"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("missing")))
    }

    @Test func aReadOnlyStoreRefusesAppends() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        do { _ = try TraceStore.open(path: path) }
        let before = bytes(path)
        let reader = try TraceStore.open(path: path, readOnly: true)
        #expect(throws: StoreError.self) { try reader.append(TraceSet(), bytes: [], format: .otlpProtobufTraces) }
        #expect(bytes(path) == before)
    }

    @Test(.enabled(if: geteuid() != 0, "root may write any file"))
    func aReadOnlyFileIsRefusedForWriting() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        do { _ = try TraceStore.open(path: path) }
        chmod(path, 0o444)
        #expect(throws: StoreError(file: path, message: "cannot be written (read-only file)")) { try TraceStore.open(path: path) }
        _ = try TraceStore.open(path: path, readOnly: true)
    }
}
