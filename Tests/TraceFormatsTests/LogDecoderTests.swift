import Testing
import TraceFormats
import TraceModel

/// Loads log text through the `--logs` path (sniffing included).
func loadLogs(_ text: String, name: String = "app.log") throws -> LoadedInput {
    try LogLoader.decode(FileBytes(text, name: name))
}

func oneLog(_ line: String) throws -> LogRecord {
    let input = try loadLogs(line)
    #expect(input.warnings.isEmpty, "\(input.warnings)")
    return try #require(input.set.logs.first)
}

let traceHex = "4bf92f3577b34da6a3ce929d0e0e4736"
let spanHex = "00f067aa0ba902b7"

@Suite struct LogFieldNameTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        var trace: String
        var span: String
        var testDescription: String { line }
    }

    static let idCases: [Case] = [
        // snake_case, camelCase, upper case, odd lengths (left-padded)
        Case(line: #"{"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00F067AA0BA902B7"}"#, trace: traceHex, span: spanHex),
        Case(line: #"{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"f067aa0ba902b7"}"#, trace: traceHex, span: spanHex),
        Case(line: #"{"TraceID":"abc","SpanID":"1"}"#, trace: "0000000000000abc", span: "0000000000000001"),
        // ECS dotted keys and nested objects
        Case(line: #"{"trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","span.id":"00f067aa0ba902b7"}"#, trace: traceHex, span: spanHex),
        Case(line: #"{"trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"},"span":{"id":"00f067aa0ba902b7"}}"#, trace: traceHex, span: spanHex),
        // Datadog decimal, dotted, nested, and as JSON numbers
        Case(line: #"{"dd.trace_id":"10","dd.span_id":"255"}"#, trace: "000000000000000a", span: "00000000000000ff"),
        Case(line: #"{"dd":{"trace_id":"18446744073709551615","span_id":"16"}}"#, trace: "ffffffffffffffff", span: "0000000000000010"),
        Case(line: #"{"dd":{"trace_id":10,"span_id":255}}"#, trace: "000000000000000a", span: "00000000000000ff"),
        // OpenTelemetry Java agent MDC keys, nested one and two levels down
        Case(line: #"{"mdc":{"otelTraceID":"4bf92f3577b34da6a3ce929d0e0e4736","otelSpanID":"00f067aa0ba902b7"}}"#, trace: traceHex, span: spanHex),
        Case(line: #"{"context":{"mdc":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}}}"#, trace: traceHex, span: spanHex),
        // Top-level ids win over nested ones, in any key order
        Case(line: #"{"ctx":{"trace_id":"1"},"trace_id":"2","span_id":"3"}"#, trace: "0000000000000002", span: "0000000000000003"),
    ]

    @Test(arguments: idCases)
    func idsUnderEveryConvention(c: Case) throws {
        let r = try oneLog(c.line)
        #expect(r.traceID.hex == c.trace)
        #expect(r.spanID.hex == c.span)
    }

    @Test(arguments: [
        (#"{"level":"info"}"#, "info", 9), (#"{"severity":"WARNING"}"#, "WARNING", 13), (#"{"lvl":"err"}"#, "err", 17),
        (#"{"log.level":"debug"}"#, "debug", 5), (#"{"log":{"level":"fatal"}}"#, "fatal", 21),
        (#"{"level":50}"#, "error", 17), (#"{"level":30}"#, "info", 9), (#"{"severity_number":13}"#, "WARN", 13),
        (#"{"severityText":"Information"}"#, "Information", 9), (#"{"level":"custom"}"#, "custom", 0),
    ] as [(String, String, Int)])
    func levels(line: String, text: String, number: Int) throws {
        let r = try oneLog(line)
        #expect(r.severityText == text)
        #expect(Int(r.severityNumber) == number)
    }

    @Test(arguments: [
        (#"{"message":"hello"}"#, "hello"), (#"{"msg":"hi \"there\""}"#, #"hi "there""#), (#"{"body":"b"}"#, "b"),
        (#"{"log":"plain"}"#, "plain"), (#"{"msg":"first","message":"second"}"#, "first"),
    ])
    func bodies(line: String, body: String) throws {
        #expect(try oneLog(line).body == .string(body))
    }

    @Test func otherFieldsBecomeAttributesAndNothingIsLost() throws {
        let r = try oneLog(#"{"msg":"m","message":"second","user":"ann","n":42,"ratio":0.5,"ok":true,"tags":["a"],"ctx":{"k":1},"trace_id":"zz"}"#)
        let attrs = Dictionary(uniqueKeysWithValues: r.attributes.map { ($0.key, $0.value) })
        #expect(attrs["message"] == .string("second"))
        #expect(attrs["user"] == .string("ann"))
        #expect(attrs["n"] == .int(42))
        #expect(attrs["ratio"] == .double(0.5))
        #expect(attrs["ok"] == .bool(true))
        #expect(attrs["tags"] == .string(#"["a"]"#))
        #expect(attrs["ctx"] == .string(#"{"k":1}"#))
        // An id that is not an id is kept as text, and the record is unlinked.
        #expect(attrs["trace_id"] == .string("zz"))
        #expect(r.traceID == .zero)
    }
}

@Suite struct LogTimeTests {
    static let base: Int64 = 1_700_000_000 * 1_000_000_000

    @Test(arguments: [
        // epoch numbers by magnitude: s, s with fraction, ms, µs, ns
        (#"{"ts":1700000000}"#, base),
        (#"{"timestamp":1700000000.123456}"#, base + 123_456_000),
        (#"{"time":1700000000123}"#, base + 123_000_000),
        (#"{"ts":1700000000123456}"#, base + 123_456_000),
        (#"{"ts":1700000000123456789}"#, base + 123_456_789),
        // numeric strings
        (#"{"ts":"1700000000.5"}"#, base + 500_000_000),
        (#"{"timestamp":"1700000000123"}"#, base + 123_000_000),
        // RFC 3339: Z, fractions of any length, offsets, space separator, comma fraction, no zone
        (#"{"@timestamp":"2023-11-14T22:13:20Z"}"#, base),
        (#"{"time":"2023-11-14T22:13:20.123456789Z"}"#, base + 123_456_789),
        (#"{"time":"2023-11-14T22:13:20.1Z"}"#, base + 100_000_000),
        (#"{"time":"2023-11-15T00:13:20.5+02:00"}"#, base + 500_000_000),
        (#"{"time":"2023-11-14T17:13:20-0500"}"#, base),
        (#"{"time":"2023-11-14 22:13:20,250"}"#, base + 250_000_000),
        (#"{"time":"2023-11-14t22:13:20z"}"#, base),
        (#"{"time":"2023-11-14T22:13Z"}"#, base - 20_000_000_000),
        (#"{"time":"2023-11-14"}"#, base - (22 * 3600 + 13 * 60 + 20) * 1_000_000_000),
        (#"{"time":"2024-02-29T00:00:00Z"}"#, 1_709_164_800 * 1_000_000_000),
    ] as [(String, Int64)])
    func timeFormats(line: String, ns: Int64) throws {
        #expect(try oneLog(line).time == ns)
    }

    @Test(arguments: [
        #"{"time":"yesterday"}"#, #"{"time":"2023-13-01T00:00:00Z"}"#, #"{"time":"2023-11-14T25:00:00Z"}"#,
        #"{"time":"2023-11-14T22:13:20+"}"#, #"{"time":"2023-11-14T22:13:20.Z"}"#, #"{"time":"12abc"}"#,
    ])
    func unreadableTimesStayAttributes(line: String) throws {
        let r = try oneLog(line)
        #expect(r.time == 0)
        #expect(r.attributes.first?.key == "time")
    }
}

@Suite struct LogfmtTests {
    @Test func keysValuesQuotesAndEscapes() throws {
        let r = try oneLog(#"ts=2023-11-14T22:13:20Z level=warn msg="disk \"sda\" at 91%\nretrying" trace_id=4BF92F3577B34DA6A3CE929D0E0E4736 span_id=00f067aa0ba902b7 user=ann empty= verbose"#)
        #expect(r.time == LogTimeTests.base)
        #expect(r.severityText == "warn")
        #expect(r.severityNumber == 13)
        #expect(r.body == .string("disk \"sda\" at 91%\nretrying"))
        #expect(r.traceID.hex == traceHex)
        #expect(r.spanID.hex == spanHex)
        #expect(r.attributes == [Attribute("user", .string("ann")), Attribute("empty", .string("")), Attribute("verbose", .bool(true))])
    }

    @Test func sameKeysAsJSON() throws {
        let r = try oneLog("time=1700000000123 lvl=error message=boom dd.trace_id=10 dd.span_id=11 otelTraceID=ab")
        #expect(r.time == LogTimeTests.base + 123_000_000)
        #expect(r.severityNumber == 17)
        #expect(r.body == .string("boom"))
        #expect(r.traceID.hex == "000000000000000a")  // the first id key wins
        #expect(r.spanID.hex == "000000000000000b")
    }

    @Test func jsonLinesInALogfmtFileAreRead() throws {
        let input = try loadLogs("level=info msg=a\n{\"level\":\"error\",\"msg\":\"b\"}\n")
        #expect(input.format == .logfmt)
        #expect(input.set.logs.map(\.body) == [.string("a"), .string("b")])
    }
}

@Suite struct LogFileTests {
    @Test func sniffingPicksJSONLinesLogfmtOrOTLP() throws {
        #expect(try loadLogs(#"{"msg":"x"}"#).format == .jsonLogs)
        // Any JSON object is a log line in a logs file, even without known keys.
        #expect(try loadLogs(#"{"foo":1}"#).format == .jsonLogs)
        #expect(try loadLogs("a=1 b=2").format == .logfmt)
        let otlp = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"5","body":{"stringValue":"x"}}]}]}]}"#
        let input = try loadLogs(otlp)
        #expect(input.format == .otlp)
        #expect(input.set.logs.count == 1)
    }

    @Test func neitherJSONNorLogfmtIsOneError() {
        #expect(throws: LoadError.self) { try loadLogs("just some words\n") }
        do {
            _ = try loadLogs("\n\nplain text\n")
        } catch let e as LoadError {
            #expect(e.description == "app.log: byte 2 (line 3, column 1): not a logs file: the first line is neither JSON nor logfmt (key=value)")
        } catch { Issue.record("\(error)") }
        #expect(throws: LoadError.self) { try loadLogs("") }
    }

    @Test func badLinesAreCountedInOneWarningAndTheRestIsKept() throws {
        var lines: [String] = []
        for i in 1...20 {
            switch i {
            case 2: lines.append(#"{"msg":"cut"#)
            case 4: lines.append("not json")
            case 6: lines.append(#"{"msg":"a"} trailing"#)
            case 8: lines.append("[1,2]")
            case 10: lines.append(#"{"msg":"x","msg":}"#)
            case 12: lines.append(#"{"msg":"\u00"}"#)
            case 14: lines.append("   ")  // blank: not a record, not bad
            default: lines.append(#"{"msg":"ok \#(i)"}"#)
            }
        }
        let input = try loadLogs(lines.joined(separator: "\r\n"))
        #expect(input.set.logs.count == 14)
        #expect(input.warnings.count == 1)
        let w = try #require(input.warnings.first)
        #expect(w.hasPrefix("5 bad log lines skipped (lines 2, 4, 6, 8, 10; first: "), "\(w)")
        // The escaped string is a valid JSON string shape; its bad escape is repaired, not fatal.
        #expect(input.set.logs.contains { $0.body == .string("\u{FFFD}00") })
    }

    @Test func moreBadLinesThanShownEndWithAnEllipsis() throws {
        let text = (1...9).map { $0 % 3 == 0 ? #"{"msg":"ok"}"# : "{broken" }.joined(separator: "\n")
        let input = try loadLogs(text)
        #expect(input.set.logs.count == 3)
        #expect(input.warnings == ["6 bad log lines skipped (lines 1, 2, 4, 5, 7, …; first: expected a key string or '}', found 'b')"])
    }

    @Test func aFileWithNoReadableLineFailsAtItsFirstBadLine() {
        do {
            _ = try loadLogs("\n{oops\n{\"a\":\n")
            Issue.record("expected an error")
        } catch let e as LoadError {
            #expect(e.line == 2)
            #expect(e.message.hasPrefix("no log line could be read"))
        } catch { Issue.record("\(error)") }
    }

    @Test func damagedInputNeverCrashes() throws {
        let samples = [
            "{", "}", "{\"", "{\"a\"", "{\"a\":", "{\"trace_id\":", "{\"dd\":{\"trace_id\":\"99999999999999999999999999999999999999999\"}}",
            "a=\"unterminated", "=value", "\"q\"=1", "k=v\u{0}x", "{\"ts\":\"9999-99-99T99:99:99Z\"}",
            "{\"ts\":1e400}", "{\"ts\":-5}", "{\"level\":99999999999999999999}",
            String(repeating: "{\"a\":", count: 2000), String(repeating: "[", count: 5000),
            "\u{FEFF}{\"msg\":\"bom\"}", "{\"msg\":\"\u{FFFD}\u{00}\"}",
        ]
        for text in samples {
            _ = try? loadLogs(text)
            _ = try? loadLogs("msg=x\n" + text)
            _ = try? loadLogs("{\"msg\":1}\n" + text)
        }
    }

    @Test func bigFilesAreDecodedInChunksWithCorrectLineNumbers() throws {
        // Over the parallel threshold: chunked decoding must keep order and line numbers.
        var text = ""
        let n = 30_000
        for i in 1...n {
            if i == 25_000 { text += "broken\n"; continue }
            text += #"{"ts":\#(1_700_000_000_000 + i),"level":"info","msg":"line \#(i) with some padding text","trace_id":"\#(String(i, radix: 16))"}"# + "\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let input = try loadLogs(text)
        #expect(input.set.logs.count == n - 1)
        #expect(input.warnings.first?.contains("(line 25000;") == true)
        #expect(input.set.logs.map(\.time) == input.set.logs.map(\.time).sorted())
        #expect(input.set.logs.last?.body == .string("line \(n) with some padding text"))
    }
}
