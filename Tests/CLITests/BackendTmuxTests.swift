import ChildProcess
import FakeBackends
import Foundation
import Testing
import TestSupport

/// `spanscope URL` in a real terminal against a fake Tempo: the search list, opening a trace,
/// a trace that arrives while polling, a new query typed on the query line, and quitting.
@Suite(.enabled(if: Tmux.enabled), .serialized) struct BackendTmuxTests {
    @Test func searchOpenPollAndQueryInATerminal() throws {
        let fake = try FakeBackend.start(.tempo(v2Traces: true))
        defer { fake.stop() }
        let traces = (0..<3).map { FakeTrace.generated(seed: UInt64(40 + $0), spans: 30) }
        fake.add(traces)
        var batch = FakeTrace.generated(seed: 77, spans: 6)
        for i in batch.spans.indices { batch.spans[i].service = "batch" }
        fake.add(batch)
        let session = "spanscope-backend-\(getpid())"
        try Tmux.newSession(session, width: 120, height: 30,
                            "LANG=C.UTF-8 '\(try CLI.binary())' '\(fake.baseURL)' --service frontend --poll 1s; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        let list = Tmux.waitFor(session, all: ["3 traces", "tempo · \(fake.baseURL)", "polling 1 s"], seconds: 20)
        #expect(list.contains("tempo · \(fake.baseURL)"), "\(list)")
        #expect(list.contains("polling 1 s"), "\(list)")
        // Open the newest: fetched, then its waterfall with the critical path's spans.
        Tmux.run(["send-keys", "-t", session, "Enter"])
        let opened = Tmux.waitFor(session, all: ["row 1/30", "service: name"], seconds: 20)
        #expect(opened.contains("service: name"), "\(opened)")
        Tmux.run(["send-keys", "-t", session, "q"])
        _ = Tmux.waitFor(session, "3 traces")
        // A trace reported meanwhile appears at the next poll, marked new.
        fake.add(FakeTrace.generated(seed: 50, spans: 8))
        let polled = Tmux.waitFor(session, all: ["4 traces", "+"], seconds: 20)
        #expect(polled.contains("+"), "\(polled)")
        // Another search from the query line.
        Tmux.run(["send-keys", "-t", session, ":"])
        _ = Tmux.waitFor(session, "search:")
        Tmux.run(["send-keys", "-t", session, "C-u"])  // readline: clear the line
        Tmux.run(["send-keys", "-t", session, "-l", "service=batch since=1h"])
        Tmux.run(["send-keys", "-t", session, "Enter"])
        let other = Tmux.waitFor(session, all: ["· 1 trace · sort", "search: service=batch since=1h", " batch: "], seconds: 20)
        #expect(other.contains("search: service=batch since=1h"), "\(other)")
        #expect(other.contains(" batch: "), "\(other)")
        #expect(!other.contains(" frontend: "), "\(other)")
        Tmux.run(["send-keys", "-t", session, "q"])
        let after = Tmux.waitFor(session, "EXIT=")
        #expect(after.contains("EXIT=0"), "\(after)")
    }
}
