import ChildProcess
import Foundation
import Testing

/// Inputs that would fill memory: devices, streams over the limit, `--max-input-size`.
@Suite(.enabled(if: CLI.available)) struct InputLimitCommandTests {
    /// Through the shell, so stdin can come from a device or a pipe that is cut when we stop.
    static func shell(_ command: String) throws -> CLI.Result {
        let r = try ChildProcess.run("/bin/sh", ["-c", command], stdin: [], directory: CLI.root.path, timeout: 120)
        return CLI.Result(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    @Test func devicesFailFastWithOneLine() throws {
        let zero = try CLI.run(["analyze", "/dev/zero"])
        #expect(zero.status == 1)
        #expect(zero.stderr == "spanscope: /dev/zero: byte 0 (line 1, column 1): not JSON: starts with byte 0x0\n")
        let random = try CLI.run(["analyze", "/dev/urandom"])
        #expect(random.status == 1)
        #expect(random.stderr.hasPrefix("spanscope: /dev/urandom: byte "))
        #expect(random.stderr.split(separator: "\n").count == 1)
        let stdin = try Self.shell("'\(CLI.binary!)' analyze - < /dev/zero")
        #expect(stdin.status == 1)
        #expect(stdin.stderr == "spanscope: <stdin>: byte 0 (line 1, column 1): not JSON: starts with byte 0x0\n")
    }

    @Test func aDeviceGivenAsLogsFailsAndTheTracesAreStillReported() throws {
        for device in ["/dev/zero", "/dev/urandom"] {
            let r = try CLI.run(["analyze", "--logs", device, "Fixtures/formats/checkout.zipkin-v2.json"])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("spanscope: \(device): byte "))
            #expect(r.stderr.contains("not a logs file") || r.stderr.contains("not a trace file") || r.stderr.contains("not JSON"))
            #expect(r.stdout.contains("TRACE 4bf92f3577b34da6a3ce929d0e0e4736"))
        }
    }

    /// A valid document padded past the limit: read whole by default, stopped with the option.
    @Test func maxInputSizeBoundsStandardInput() throws {
        let padded = try CLI.temp("padded.json", #"{"resourceSpans":[]}"# + String(repeating: " ", count: 2 << 20))
        let stopped = try Self.shell("cat '\(padded)' | '\(CLI.binary!)' analyze --max-input-size 1M -")
        #expect(stopped.status == 1)
        #expect(stopped.stderr == "spanscope: <stdin>: input is larger than 1 MiB; stopped reading (--max-input-size sets the limit)\n")
        let open = try Self.shell("cat '\(padded)' | '\(CLI.binary!)' open --render 80x24 --max-input-size 1M -")
        #expect(open.status == 1)
        #expect(open.stderr.hasPrefix("spanscope: <stdin>: input is larger than 1 MiB"))
        let whole = try Self.shell("cat '\(padded)' | '\(CLI.binary!)' analyze -")
        #expect(whole.status == 0)
        #expect(whole.stdout.hasPrefix("0 traces"))
    }

    @Test func aBadSizeIsAUsageError() throws {
        let r = try CLI.run(["analyze", "--max-input-size", "12Q", "Fixtures/formats/checkout.zipkin-v2.json"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--max-input-size"))
    }
}

/// Another process truncates the file while `analyze` is loading it (as log rotation does).
@Suite(.enabled(if: CLI.available)) struct FileChangeCommandTests {
    @Test func aFileTruncatedMidLoadIsOneClearErrorNotASignal() throws {
        // 30,000 one-request lines: seconds to load in a debug build, so the cut comes mid-load.
        var text = ""
        for i in 0..<30_000 {
            text += #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\#(String(format: "%032x", i + 1))","spanId":"\#(String(format: "%016x", i + 1))","#
                + #""name":"op","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000"}]}]}]}"# + "\n"
        }
        let path = try CLI.temp("rotating.jsonl", text)
        let r = try InputLimitCommandTests.shell(
            "'\(CLI.binary!)' analyze '\(path)' > /dev/null & pid=$!; sleep 0.3; truncate -s 4096 '\(path)'; wait $pid; echo \"status $?\"")
        #expect(r.stdout == "status 1\n")
        #expect(r.stderr == "spanscope: \(path): file changed while reading: it shrank from \(text.utf8.count) to 4096 bytes\n")
    }
}
