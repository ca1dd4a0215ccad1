import ChildProcess
import Foundation
import Testing
import TestSupport
import TraceSynth

/// `--follow` in a real terminal: a file that keeps growing and a producer piping into stdin;
/// the trace list grows while the explorer is open, and the keyboard still works.
@Suite(.enabled(if: Tmux.enabled), .serialized) struct FollowTmuxTests {
    static func lines(_ file: String, _ range: ClosedRange<Int>) throws -> String {
        let all = try String(contentsOf: Repo.root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
        return all[(range.lowerBound - 1)...(range.upperBound - 1)].joined(separator: "\n") + "\n"
    }

    @Test func aGrowingFileFillsTheTraceList() throws {
        let dir = try GeneratedInputs.directory("follow")
        let file = dir.appendingPathComponent("collector.jsonl")
        // demo-1.otlp.jsonl: ten traces per pair of lines.
        try Self.lines("Fixtures/demo/demo-1.otlp.jsonl", 1...2).write(to: file, atomically: false, encoding: .utf8)
        let session = "spanscope-follow-\(getpid())"
        try Tmux.newSession(session, width: 120, height: 30,
                            "cd '\(Repo.root.path)' && LANG=C.UTF-8 '\(try CLI.binary())' --follow '\(file.path)'; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        let first = Tmux.waitFor(session, all: ["10/10 traces", "live"], seconds: 20)
        #expect(first.contains("live"), "\(first)")
        let h = try FileHandle(forWritingTo: file)
        try h.seekToEnd()
        try h.write(contentsOf: Data(try Self.lines("Fixtures/demo/demo-1.otlp.jsonl", 3...6).utf8))
        let grown = Tmux.waitFor(session, all: ["30/30 traces", "+ gateway"], seconds: 20)
        #expect(grown.contains("+ gateway"), "\(grown)")
        // Pause: rows stop moving while more arrives.
        Tmux.run(["send-keys", "-t", session, "w"])
        _ = Tmux.waitFor(session, "paused")
        try h.write(contentsOf: Data(try Self.lines("Fixtures/demo/demo-1.otlp.jsonl", 7...8).utf8))
        let paused = Tmux.waitFor(session, all: ["spans waiting", "30/30 traces"], seconds: 20)
        #expect(paused.contains("30/30 traces"), "\(paused)")
        Tmux.run(["send-keys", "-t", session, "w"])
        let resumed = Tmux.waitFor(session, "40/40 traces", seconds: 20)
        #expect(resumed.contains("40/40 traces"), "\(resumed)")
        try h.close()
        Tmux.run(["send-keys", "-t", session, "q"])
        let after = Tmux.waitFor(session, "EXIT=")
        #expect(after.contains("EXIT=0"), "\(after)")
    }

    @Test func aProducerPipedIntoStdin() throws {
        let dir = try GeneratedInputs.directory("follow-stdin")
        let part1 = dir.appendingPathComponent("a.jsonl"), part2 = dir.appendingPathComponent("b.jsonl")
        try Self.lines("Fixtures/demo/demo-1.otlp.jsonl", 1...2).write(to: part1, atomically: false, encoding: .utf8)
        try Self.lines("Fixtures/demo/demo-1.otlp.jsonl", 3...4).write(to: part2, atomically: false, encoding: .utf8)
        let session = "spanscope-follow-stdin-\(getpid())"
        let producer = "(cat '\(part1.path)'; sleep 2; cat '\(part2.path)'; sleep 60)"
        try Tmux.newSession(session, width: 120, height: 30,
                            "cd '\(Repo.root.path)' && \(producer) | LANG=C.UTF-8 '\(try CLI.binary())' --follow -; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        let first = Tmux.waitFor(session, "10/10 traces", seconds: 20)
        #expect(first.contains("10/10 traces"), "\(first)")
        let grown = Tmux.waitFor(session, "20/20 traces", seconds: 20)
        #expect(grown.contains("20/20 traces"), "\(grown)")
        // The keyboard comes from the terminal, not the pipe.
        Tmux.run(["send-keys", "-t", session, "j", "Enter"])
        let opened = Tmux.waitFor(session, all: ["service: name", "trace "], seconds: 10)
        #expect(opened.contains("trace "), "\(opened)")
        Tmux.run(["send-keys", "-t", session, "q", "q"])
        _ = Tmux.waitFor(session, "EXIT=")
    }
}

/// A large input loads while the explorer is already on screen: keys work meanwhile, the first
/// problem shows in the status line, and every problem is printed when the explorer closes.
@Suite(.enabled(if: Tmux.enabled), .serialized) struct BackgroundLoadTmuxTests {
    @Test func aLargeFileLoadsBehindALiveScreen() throws {
        let dir = try GeneratedInputs.directory("bgload")
        let file = dir.appendingPathComponent("big.otlp.json").path
        try GeneratedInputs.otlpFile(file, spans: 30_000, traces: 3)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        #expect(size >= 20 << 20)
        let session = "spanscope-bgload-\(getpid())"
        try Tmux.newSession(session, width: 120, height: 20,
                            "LANG=C.UTF-8 '\(try CLI.binary())' '\(file)' '\(dir.path)/missing.json' 2>'\(dir.path)/err.txt'; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        let loaded = Tmux.waitFor(session, all: ["3/3 traces", "missing.json: cannot open"], seconds: 120)
        #expect(loaded.contains("missing.json: cannot open"), "\(loaded)")
        Tmux.run(["send-keys", "-t", session, "q"])
        let after = Tmux.waitFor(session, "EXIT=")
        #expect(after.contains("EXIT=1"), "\(after)")
        let stderr = try String(contentsOfFile: "\(dir.path)/err.txt", encoding: .utf8)
        #expect(stderr.contains("missing.json: cannot open"))
    }
}
