import ChildProcess
import Foundation
import Synchronization
import TestSupport
import Testing
import TraceModel
import TraceStore

/// The receiver and the store sink in a child process (`spanscope-store-writer --listen`),
/// sent OTLP/HTTP protobuf requests over several connections and killed with SIGKILL while
/// they arrive: every request answered 200 is in the store afterwards.
@Suite struct KillTests {
    static var writer: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("spanscope-store-writer").path
    }

    /// Request indexes answered 200, from every sender.
    final class Acked: Sendable {
        let indexes = Mutex<[Int]>([])
        let count = Atomic<Int>(0)
        func add(_ i: Int) {
            indexes.withLock { $0.append(i) }
            count.add(1, ordering: .relaxed)
        }
    }

    static let requests = 300

    @Test func everyAcknowledgedRequestSurvivesKill9OfTheReceiver() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.writer), "\(Self.writer) is not built")
        for round in 0..<2 {
            let dir = TempDir()
            defer { dir.cleanup() }
            let path = dir.file("t.db"), info = dir.file("info")
            let child = Task { try await onThread { try ChildProcess.run(Self.writer, ["--listen", path, info], timeout: 120) } }
            guard await eventually(120, { FileManager.default.fileExists(atPath: info) }) else {
                // Whatever it said, in the failure (the run's deadline ends it if it hangs).
                let result = try await child.value
                Issue.record("the receiver did not start: status \(result.status), \(result.stderrText)")
                return
            }
            let fields = try String(contentsOfFile: info, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            try #require(fields.count == 2)
            let (pid, port) = (fields[0], Int(fields[1]))
            let seed = UInt64(60 + round)
            let acked = Acked()
            let senders = 4
            // Made before sending, so the senders keep the receiver busier than the writer: a
            // sink acknowledging before its commit would then be caught with batches in its queue.
            let requests = try await IngestTests.requests(seed: seed, 0..<Self.requests, spans: 128, traces: 8)
            let sending = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<senders {
                        group.addTask {
                            try await onThread {
                                let c = try RawConnection(port: port)
                                var i = lane
                                // Until the kill cuts the connection.
                                while i < requests.count {
                                    let r = requests[i]
                                    guard let answer = try? c.exchange(httpRequest("/v1/traces", contentType: "application/x-protobuf", body: r.bytes)) else { return }
                                    if answer.status == 200 { acked.add(i) }
                                    i += senders
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let target = Int.random(in: 20..<(Self.requests / 2))
            #expect(await eventually { acked.count.load(ordering: .relaxed) >= target }, "only \(acked.count.load(ordering: .relaxed)) requests acknowledged")
            kill(pid, SIGKILL)
            try await sending.value
            let result = try await child.value
            #expect(!result.timedOut && result.status != 0, "the receiver was not killed: \(result.stderrText)")

            let indexes = acked.indexes.withLock { $0 }
            let stored = try storedCounts(try TraceStore.open(path: path, readOnly: true))
            for i in indexes {
                for (id, n) in requests[i].counts {
                    #expect(stored[id] == n, "request \(i) was answered 200, trace \(id.hex) has \(stored[id] ?? 0) of \(n) spans after kill -9")
                }
            }
            #expect(indexes.count >= target)
        }
    }
}
