import Testing
@testable import TraceFormats
import TraceModel

/// Reproducers from fuzzing: each input once crashed the decoders; here each must give the
/// documented result (clamped times with a warning, or one clear error).
enum Hostile {
    static let traceID = "0102030405060708090a0b0c0d0e0f10"

    /// One OTLP request holding `spans` (span objects as JSON text).
    static func otlp(_ spans: [String]) -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":["#
            + spans.joined(separator: ",") + "]}]}]}"
    }

    static func span(id: String = "0102030405060708", start: String, end: String, extra: String = "") -> String {
        #"{"traceId":"\#(traceID)","spanId":"\#(id)","name":"a","startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)"\#(extra)}"#
    }

    static let goodSpan = span(start: "1700000000000000000", end: "1700000001000000000")
}

@Suite struct TimeClampTests {
    @Test func otlpStartAtInt64MinIsClampedBeforeTheDurationIsComputed() throws {
        let input = try decode(Hostile.otlp([Hostile.span(start: "-9223372036854775808", end: "1")]))
        let span = try #require(input.set.spans.first)
        #expect(span.start == 0)
        #expect(span.duration == 1)
        #expect(span.flags.contains(.timeClamped))
        #expect(input.warnings == ["1 span has impossible times (before 1970, after 2116, or lasting over a year); clamped"])
    }

    @Test func otlpStartAndEndWhoseDifferenceDoesNotFitInInt64() throws {
        let input = try decode(Hostile.otlp([Hostile.span(start: "1", end: "9223372036854775807")]))
        let span = try #require(input.set.spans.first)
        #expect(span.start == 1)
        #expect(span.duration == ModelTime.longest)
        #expect(input.warnings.count == 1)
        #expect(input.warnings[0].hasPrefix("1 span has impossible times"))
    }

    @Test func otlpEventTimeAtInt64MinIsClampedWhenDetailsAreDecoded() throws {
        let events = #","events":[{"timeUnixNano":"-9223372036854775808","name":"ev"},{"timeUnixNano":"1700000000500000000","name":"ok"}]"#
        let input = try decode(Hostile.otlp([Hostile.span(start: "1700000000000000000", end: "1700000001000000000", extra: events)]))
        let details = input.set.details(try #require(input.set.spans.first))
        #expect(details.events.map(\.time) == [0, 1_700_000_000_500_000_000])
        #expect(details.clampedEventTimes == 1)
    }

    @Test func otlpLogRecordTimeAtInt64MinIsClampedWithAWarning() throws {
        let request = Hostile.otlp([Hostile.goodSpan]).dropLast() + #","resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"-9223372036854775808","body":{"stringValue":"hi"},"traceId":"\#(Hostile.traceID)","spanId":"0102030405060708"}]}]}]}"#
        let input = try decode(String(request))
        #expect(input.set.logs.map(\.time) == [0])
        #expect(input.warnings == ["1 log record has an impossible time (before 1970 or after 2116); clamped"])
    }

    @Test func zipkinAnnotationAtAQuarterOfTheRangeInMicrosecondsIsClamped() throws {
        let json = #"[{"traceId":"0102030405060708","id":"0102030405060708","name":"a","timestamp":1700000000000000,"duration":1000,"localEndpoint":{"serviceName":"s"},"annotations":[{"timestamp":-4611686018427387904,"value":"boom"}]}]"#
        let input = try decode(json)
        let details = input.set.details(try #require(input.set.spans.first))
        #expect(details.events.map(\.time) == [0])
        #expect(details.clampedEventTimes == 1)
    }

    @Test func zipkinV1CoreAnnotationsWhoseDifferenceOverflows() throws {
        let json = #"[{"traceId":"0102030405060708","id":"0102030405060708","name":"a","annotations":[{"timestamp":-4611686018427387904,"value":"cs","endpoint":{"serviceName":"s"}},{"timestamp":9223372036854775807,"value":"cr","endpoint":{"serviceName":"s"}}]}]"#
        let input = try decode(json)
        let span = try #require(input.set.spans.first)
        #expect(span.start == 0)
        #expect(span.duration == ModelTime.longest)
        #expect(span.flags.contains(.timeClamped))
        #expect(input.warnings.contains { $0.hasPrefix("1 span has impossible times") })
    }

    @Test(arguments: [
        "ts=9223372036854775808 msg=hi\n",
        "ts=\"9999999999999999999\" msg=hi\n",
        #"{"time":"9999999999999999999","msg":"hi"}"# + "\n",
        #"{"ts":9223372036854775808,"msg":"hi"}"# + "\n",
        #"{"ts":"18446744073709551615","msg":"hi"}"# + "\n",
    ])
    func epochLogTimesBeyondInt64AreClampedToTheLatestTime(_ text: String) throws {
        let input = try LogLoader.decode(FileBytes(text, name: "app.log"))
        #expect(input.set.logs.map(\.time) == [ModelTime.latest])
        #expect(input.warnings == ["1 log record has an impossible time (before 1970 or after 2116); clamped"])
    }

    @Test func aLogTimeBefore1970IsReadThenClampedToUnknown() throws {
        let text = "1969-12-31T23:59:59Z"
        #expect(Array(text.utf8).withUnsafeBufferPointer { LogTime.parse($0) } == -1_000_000_000)
        let input = try LogLoader.decode(FileBytes(#"{"time":"\#(text)","msg":"hi"}"# + "\n", name: "app.log"))
        #expect(input.set.logs.map(\.time) == [0])
        #expect(input.warnings == ["1 log record has an impossible time (before 1970 or after 2116); clamped"])
    }

    @Test func epochTextWithMoreDigitsThanAnyTimeIsNotATime() throws {
        let input = try LogLoader.decode(FileBytes("ts=123456789012345678901 msg=hi\n", name: "app.log"))
        #expect(input.set.logs.map(\.time) == [0])
        #expect(input.set.logs.first?.attributes.contains { $0.key == "ts" } == true)
    }

    @Test func modelTimeArithmeticSaturates() {
        #expect(ModelTime.difference(1, .min) == .max)
        #expect(ModelTime.difference(.min, 1) == .min)
        #expect(ModelTime.scaled(-4_611_686_018_427_387_904, by: 1000) == .min)
        #expect(ModelTime.part(ModelTime.latest, 7, of: 8) == ModelTime.latest / 8 * 7)
    }
}

@Suite struct InputNestingTests {
    static let deep = String(repeating: "[", count: 80_000)

    @Test func resultFollowedByDeepArraysIsAnErrorNotAStackOverflow() throws {
        let e = try #require(loadError(#"{"result":"# + Self.deep))
        #expect(e.offset == 13)
        #expect(e.message == "arrays nested more than 4 deep where an OTLP request is expected")
    }

    @Test func aSecondLineOfDeepArraysIsSkippedWithAWarning() throws {
        let input = try decode(Hostile.otlp([Hostile.goodSpan]) + "\n" + Self.deep + "\n")
        #expect(input.set.spans.count == 1)
        #expect(input.warnings.count == 1)
        #expect(input.warnings[0].hasPrefix("1 broken JSON line skipped (line 2; first: byte "))
        #expect(input.warnings[0].hasSuffix("arrays nested more than 4 deep where an OTLP request is expected)"))
    }

    @Test func deepArraysInAnArrayOfRequestsAreAnError() throws {
        let close = String(repeating: "]", count: 80_000)
        let e = try #require(loadError(#"[{"resourceSpans":[]},"# + Self.deep + close + "]"))
        #expect(e.message == "arrays nested more than 4 deep where an OTLP request is expected")
    }

    @Test func requestsNestedWithinTheLimitStillLoad() throws {
        let input = try decode(#"{"result":[["# + Hostile.otlp([Hostile.goodSpan]) + "]]}")
        #expect(input.set.spans.count == 1)
    }
}

@Suite struct BrokenLineTests {
    @Test func thousandsOfBrokenLinesAreOneCountedWarning() throws {
        let broken = String(repeating: "{\"resourceSpans\":}\n", count: 2_000)
        let input = try decode(Hostile.otlp([Hostile.goodSpan]) + "\n" + broken)
        #expect(input.set.spans.count == 1)
        #expect(input.warnings.count == 1)
        #expect(input.warnings[0].hasPrefix("2000 broken JSON lines skipped (lines 2, 3, 4, 5, 6, …; first: byte "))
    }

    @Test func aFileWhoseOnlySpanHasAnInvalidIdIsAnError() throws {
        let e = try #require(loadError(Hostile.otlp([Hostile.span(id: "zz", start: "1", end: "2")]), name: "one.json"))
        #expect(e.description == #"one.json: nothing could be read: span at byte 124: spanId "zz" is not a valid span id; span skipped"#)
    }

    @Test func anEmptyRequestIsStillOnlyAWarning() throws {
        let input = try decode(#"{"resourceSpans":[]}"#)
        #expect(input.warnings == ["no spans in this OTLP JSON input"])
    }
}
