import ChildProcess
import Foundation
import TestSupport
import Testing
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

/// Stores written by another process: `spanscope-store-writer`, built beside these tests.
@Suite struct ProcessTests {
    static var writer: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("spanscope-store-writer").path
    }

    /// The trace ids and span counts of the writer's batch `index`.
    static func expected(seed: UInt64, index: Int) throws -> [TraceID: Int] {
        let set = try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: seed, index: index, spans: 64, traces: 4))).set
        var counts: [TraceID: Int] = [:]
        for s in set.spans { counts[s.traceID, default: 0] += 1 }
        return counts
    }

    @Test func everyAcknowledgedBatchSurvivesKill9() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.writer), "\(Self.writer) is not built")
        var rng = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let dir = TempDir()
            defer { dir.cleanup() }
            let path = dir.file("t.db")
            let seed = UInt64(round + 11)
            // Somewhere after the store exists and appends are under way.
            let killAfter = Int.random(in: 300...1200, using: &rng)
            let result = try ChildProcess.run(Self.writer, [path, "100000", "\(seed)", "\(killAfter)"], timeout: 60)
            #expect(result.status != 0, "the writer was not killed: \(result.stderrText)")
            let acked = result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("acked ") }.count
            #expect(acked > 0, "nothing acknowledged before the kill after \(killAfter) ms: \(result.stderrText)")
            let store = try TraceStore.open(path: path, readOnly: true)
            let list = try store.traceList()
            let rows = Dictionary(list.map { ($0.traceID, $0.spanCount) }, uniquingKeysWith: +)
            for i in 0..<acked {
                for (id, count) in try Self.expected(seed: seed, index: i) {
                    #expect(rows[id] == count, "batch \(i) of \(acked) acknowledged, trace \(id.hex) missing after kill -9")
                }
            }
            // At most the batch being written when killed is there beyond those acknowledged.
            #expect(list.count == 4 * acked || list.count == 4 * (acked + 1))
            #expect(try store.loadAll().spans.count == list.reduce(0) { $0 + $1.spanCount })
        }
    }

    /// The writer's result, set on its own thread.
    final class Outcome: @unchecked Sendable {
        var result: ChildProcess.Result?
        var error: Error?
        let done = DispatchSemaphore(value: 0)
    }

    @Test func aStoreIsReadableWhileAnotherProcessWritesIt() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.writer), "\(Self.writer) is not built")
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("t.db")
        let batches = 300
        // On a thread of its own: a blocking wait on the cooperative pool (two threads here)
        // could hold up this loop until the writer is done.
        let outcome = Outcome()
        Thread.detachNewThread {
            do { outcome.result = try ChildProcess.run(Self.writer, [path, "\(batches)", "21"], timeout: 120) } catch { outcome.error = error }
            outcome.done.signal()
        }
        var reads = 0
        var lastCount = 0
        var sawPartial = false
        // Before the writer made the store, opening it fails: said in the failure if no read works.
        var errors = Set<String>()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            // The writer may not have made the store yet.
            let store: TraceStore, list: [StoredTrace]
            do {
                store = try TraceStore.open(path: path, readOnly: true)
                list = try store.traceList()
            } catch {
                errors.insert(error.message)
                usleep(5_000)
                continue
            }
            #expect(list.count >= lastCount)
            lastCount = list.count
            if list.count < 4 * batches { sawPartial = true }
            // A trace read while batches keep arriving has every span its row counts.
            if let row = list.first {
                #expect(try store.load(traceIDs: [row.traceID]).spans.count == row.spanCount)
            }
            reads += 1
            if list.count == 4 * batches { break }
            usleep(20_000)
        }
        outcome.done.wait()
        if let e = outcome.error { throw e }
        let result = try #require(outcome.result)
        #expect(lastCount == 4 * batches)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(sawPartial, "the writer finished before any read: the test read nothing concurrently; errors: \(errors.sorted())")
        #expect(reads > 1)
    }
}
