import Foundation
import Testing

/// Inputs from fuzzing, run through the binary: a warning and exit 0 when repaired, one clear
/// line and exit 1 when nothing can be read, and no terminal control bytes in what we write.
@Suite(.enabled(if: CLI.available)) struct HostileInputCommandTests {
    static func otlp(name: String = "a", spanID: String = "0102030405060708", start: String = "1700000000000000000",
                     end: String = "1700000001000000000") -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"\#(spanID)","name":"\#(name)","startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)"}]}]}]}"#
    }

    @Test func aFileWhoseOnlySpanHasAnInvalidIdIsOneErrorInAnalyzeAndOpen() throws {
        let path = try CLI.temp("only-bad-id.json", Self.otlp(spanID: "zz"))
        let expected = #"spanscope: \#(path): nothing could be read: span at byte 124: spanId "zz" is not a valid span id; span skipped"# + "\n"
        for args in [["analyze", path], ["open", path, "--render", "80x24"], ["analyze", "--json", path]] {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr == expected, "\(args)")
        }
    }

    @Test func startAtInt64MinIsClampedWithAWarningInAnalyzeAndOpen() throws {
        let path = try CLI.temp("min.json", Self.otlp(start: "-9223372036854775808", end: "1"))
        let warning = "spanscope: warning: \(path): 1 span has impossible times (before 1970, after 2116, or lasting over a year); clamped\n"
        let analyze = try CLI.run(["analyze", path])
        #expect(analyze.status == 0)
        #expect(analyze.stderr == warning)
        #expect(analyze.stdout.hasPrefix("1 trace, 1 span\n"))
        let open = try CLI.run(["open", path, "--render", "80x24", "--keys", "<Enter>"])
        #expect(open.status == 0)
        #expect(open.stdout.contains("svc: a"))
    }

    @Test func logEpochBeyondInt64ThroughLogsIsClamped() throws {
        let trace = try CLI.temp("t.json", Self.otlp())
        let logs = try CLI.temp("app.log", "ts=9223372036854775808 msg=late trace_id=0102030405060708090a0b0c0d0e0f10\n")
        let r = try CLI.run(["analyze", trace, "--logs", logs])
        #expect(r.status == 0)
        #expect(r.stderr == "spanscope: warning: \(logs): 1 log record has an impossible time (before 1970 or after 2116); clamped\n")
        #expect(r.stdout.contains("1 log record: 1 linked"))
    }

    @Test(arguments: [["analyze", "--json"], ["analyze", "--format", "otlp"]])
    func jsonOutputEscapesC1Controls(_ command: [String]) throws {
        let path = try CLI.temp("c1.json", Self.otlp(name: "a\u{9b}31mX\u{85}\u{9f}©"))
        let r = try CLI.run(command + [path])
        #expect(r.status == 0)
        #expect(!r.stdout.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        #expect(r.stdout.contains(#""a\u009b31mX\u0085\u009f©""#))
    }
}
