import ChildProcess
import Foundation
import Testing
import TraceSynth

/// An explorer left open must cost nothing: a large skewed trace once made it build the other
/// skew tree again and again in the background (~130 MB/s at full CPU, until memory ran out).
@Suite(.enabled(if: Tmux.enabled), .serialized) struct IdleSoakTests {
    /// Resident memory (bytes) and CPU time (clock ticks, user + system) of a process.
    static func usage(_ pid: pid_t) -> (rss: Int, ticks: Int)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3; utime 14, stime 15, rss 24 (pages).
        let f = stat[stat.index(after: close)...].split(separator: " ")
        guard f.count > 21, let ut = Int(f[11]), let st = Int(f[12]), let rss = Int(f[21]) else { return nil }
        return (rss * Int(sysconf(Int32(_SC_PAGESIZE))), ut + st)
    }

    @Test func aLargeSkewedTraceLeftIdleStaysFlat() throws {
        let dir = try GeneratedInputs.directory("soak")
        let file = dir.appendingPathComponent("skewed-120k.otlp.json").path
        var writer = BenchOTLPWriter()
        writer.clockOffset = (service: 3, ns: -2_000_000_000)  // the checkout host runs 2 s early
        try GeneratedInputs.otlpFile(file, spans: 120_000, traces: 1, writer: writer)

        let session = "spanscope-soak-\(getpid())"
        let pidFile = dir.appendingPathComponent("pid").path
        let command = "echo $$ > '\(pidFile)' && LANG=C.UTF-8 exec '\(try CLI.binary())' '\(file)'"
        try Tmux.newSession(session, width: 120, height: 40, command)
        defer { Tmux.run(["kill-session", "-t", session]) }
        let screen = Tmux.waitFor(session, "gateway", seconds: 120)
        #expect(screen.contains("trace "), "\(screen)")
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(pidText))

        // Let the prefetch of the other skew times finish (a debug build takes a few seconds),
        // then watch 20 s of idleness.
        Thread.sleep(forTimeInterval: 10)
        let before = try #require(Self.usage(pid))
        Thread.sleep(forTimeInterval: 20)
        let after = try #require(Self.usage(pid))
        let hz = Int(sysconf(Int32(_SC_CLK_TCK)))
        let grownMB = (after.rss - before.rss) / (1 << 20)
        let cpuSeconds = Double(after.ticks - before.ticks) / Double(hz)
        #expect(grownMB < 20, "resident memory grew by \(grownMB) MB while idle")
        #expect(cpuSeconds < 1.0, "used \(cpuSeconds) s of CPU in 20 s of idleness")
        // Still responsive: K swaps to the prefetched adjusted times.
        Tmux.run(["send-keys", "-t", session, "K"])
        let adjusted = Tmux.waitFor(session, "clock skew adjusted", seconds: 30)
        #expect(adjusted.contains("clock skew adjusted"), "\(adjusted)")
    }
}
