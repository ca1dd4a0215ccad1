import ChildProcess
import Testing

@Suite struct ChildProcessTests {
    @Test func capturesBothStreamsFeedsStdinAndReportsTheStatus() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "cat; echo oops >&2; exit 3"], stdin: Array("hello".utf8))
        #expect(r.stdoutText == "hello")
        #expect(r.stderrText == "oops\n")
        #expect(r.status == 3)
        #expect(!r.timedOut)
    }

    /// More than a pipe holds on both streams at once: reading one to the end before the other
    /// would deadlock.
    @Test func largeOutputOnBothStreamsDoesNotDeadlock() throws {
        let script = "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2; head -c 300000 /dev/zero"
        let r = try ChildProcess.run("/bin/sh", ["-c", script])
        #expect(r.stdout.count == 600_000)
        #expect(r.stderr.count == 300_000)
    }

    @Test func runsInTheGivenDirectoryWithExtraEnvironment() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "pwd; echo $SPANSCOPE_PROBE"], directory: "/tmp",
                                     environment: ["SPANSCOPE_PROBE": "yes"])
        #expect(r.stdoutText == "/tmp\nyes\n")
    }

    @Test func aChildPastItsDeadlineIsKilled() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "exec sleep 30"], timeout: 0.5)
        #expect(r.timedOut)
        #expect(r.status == 128 + 9)
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run("/nonexistent/prog", []) }
    }
}
