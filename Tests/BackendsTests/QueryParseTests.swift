import Testing
import TestSupport
@testable import Backends

private let now: Int64 = 1_796_119_200_000_000_000  // 2026-12-01T10:00:00Z
private let second: Int64 = 1_000_000_000

private func parsed(_ text: String, defaults: SearchQuery = SearchQuery()) throws -> SearchQuery {
    try SearchQuery.parse(text, defaults: defaults, now: now).get()
}

private func error(_ text: String) -> QueryError? {
    if case .failure(let e) = SearchQuery.parse(text, now: now) { return e }
    return nil
}

@Suite struct DurationTests {
    @Test func readsGoStyleUnitsAndCombinations() {
        #expect(Durations.parse("150us") == 150_000)
        #expect(Durations.parse("150µs") == 150_000)
        #expect(Durations.parse("200ms") == 200_000_000)
        #expect(Durations.parse("1.5s") == 1_500_000_000)
        #expect(Durations.parse("2m") == 120 * second)
        #expect(Durations.parse("1h30m") == 5400 * second)
        #expect(Durations.parse("2d") == 172_800 * second)
        #expect(Durations.parse("1w") == 604_800 * second)
        #expect(Durations.parse("0") == 0)
        #expect(Durations.parse("10ns") == 10)
    }

    @Test func refusesWhatIsNotADuration() {
        for text in ["", "5", "ms", "1.s5", "1x", "-5s", "1h-2m", ".", "1e3s", "99999999999999999999h", "3000000w"] {
            #expect(Durations.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsTheShortestExactForm() {
        #expect(Durations.format(0) == "0s")
        #expect(Durations.format(150_000) == "150us")
        #expect(Durations.format(1_500_000) == "1.5ms")
        #expect(Durations.format(200_000_000) == "200ms")
        #expect(Durations.format(1_500_000_000) == "1.5s")
        #expect(Durations.format(5400 * second) == "1h30m")
        #expect(Durations.format(10 * 86_400 * second) == "1w3d")
        #expect(Durations.format(90 * second + 500_000_000) == "1m30.5s")
        #expect(Durations.format(-2 * second) == "-2s")
    }

    @Test func formatAndParseRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let ns = Int64(rng.next() % (1 << 52))
            #expect(Durations.parse(Durations.format(ns)) == ns, "\(ns)")
        }
    }
}

@Suite struct RFC3339Tests {
    @Test func readsZuluOffsetsFractionsAndDates() {
        #expect(RFC3339.parse("2026-12-01T10:00:00Z") == now)
        #expect(RFC3339.parse("2026-12-01t10:00:00z") == now)
        #expect(RFC3339.parse("2026-12-01T12:00:00+02:00") == now)
        #expect(RFC3339.parse("2026-12-01T10:00:00.25Z") == now + 250_000_000)
        #expect(RFC3339.parse("1970-01-01") == 0)
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test func refusesImpossibleOrIncompleteTimes() {
        for text in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-01T10:00:00", "2026-12-01T25:00:00Z", "2026-12-01T10:00Z", "2026-12-01T10:00:00.Z", "x"] {
            #expect(RFC3339.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatRoundTrips() {
        #expect(RFC3339.format(now) == "2026-12-01T10:00:00Z")
        #expect(RFC3339.format(now + 120_000) == "2026-12-01T10:00:00.00012Z")
        #expect(RFC3339.format(-1) == "1969-12-31T23:59:59.999999999Z")
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let ns = Int64(rng.next() % (4_000_000_000 * 1_000_000_000))
            #expect(RFC3339.parse(RFC3339.format(ns)) == ns, "\(ns)")
        }
    }
}

@Suite struct QueryParseTests {
    @Test func readsEveryField() throws {
        let q = try parsed(#"service=frontend operation="GET /cart" http.status_code=500 min=200ms max=2s since=2h limit=50"#)
        #expect(q.service == "frontend")
        #expect(q.operation == "GET /cart")
        #expect(q.tags == [SearchQuery.Tag("http.status_code", "500")])
        #expect(q.minDuration == 200_000_000)
        #expect(q.maxDuration == 2 * second)
        #expect(q.window == .lookback(7200 * second))
        #expect(q.limit == 50)
        #expect(q.traceQL == nil)
    }

    @Test func aliasesMeanTheSameField() throws {
        let a = try parsed("svc=a op=b minDuration=1ms maxDuration=2ms last=15m")
        let b = try parsed("service=a name=b min=1ms max=2ms lookback=15m")
        #expect(a == b)
        #expect(a.service == "a" && a.operation == "b" && a.window == .lookback(900 * second))
    }

    @Test func absoluteWindowsFromRFC3339OrUnixSeconds() throws {
        let q = try parsed("start=2026-12-01T09:00:00Z end=1796119200")
        #expect(q.window == .between(start: now - 3600 * second, end: now))
        // start alone ends now; end alone reaches back by the lookback.
        #expect(try parsed("start=2026-12-01T09:30:00Z").window == .between(start: now - 1800 * second, end: now))
        #expect(try parsed("end=2026-12-01T10:00:00Z since=15m").window == .between(start: now - 900 * second, end: now))
    }

    @Test func windowAndLimitDefaultButFiltersDoNot() throws {
        let defaults = SearchQuery(service: "old", window: .lookback(900 * second), limit: 7)
        let q = try parsed("op=x", defaults: defaults)
        #expect(q.service == nil)
        #expect(q.window == .lookback(900 * second))
        #expect(q.limit == 7)
    }

    @Test func quotingAndEscapes() throws {
        let q = try parsed(#"operation="say \"hi\" \\ there" "service"=x "a b"=c"#)
        #expect(q.operation == #"say "hi" \ there"#)
        // A quoted key is always a tag, even one spelling a reserved name.
        #expect(q.tags == [SearchQuery.Tag("service", "x"), SearchQuery.Tag("a b", "c")])
        #expect(q.service == nil)
        // `=` inside a value is part of it.
        #expect(try parsed("url=/a?b=c").tags == [SearchQuery.Tag("url", "/a?b=c")])
    }

    @Test func rawTraceQLIsTheWholeText() throws {
        let text = #"{ resource.service.name = "cart" && duration > 1s } | count() > 2"#
        let q = try parsed("  " + text + "\n")
        #expect(q.traceQL == text)
        #expect(q.service == nil && q.tags.isEmpty)
        #expect(q.text == text)
    }

    @Test func textRoundTrips() throws {
        let queries = [
            SearchQuery(),
            SearchQuery(service: "front end", operation: #"GET "/cart""#, tags: [.init("limit", "3"), .init("k=v", "a b"), .init("{x", "\\")],
                        minDuration: 1_500_000, maxDuration: 90 * second, window: .between(start: now - 1, end: now + 123_456_789), limit: 262_144),
            SearchQuery(operation: "op", window: .lookback(86_400 * second + 1), limit: 1),
        ]
        for q in queries {
            #expect(try parsed(q.text) == q, "\(q.text)")
        }
        #expect(SearchQuery(service: "a", minDuration: 200_000_000).text == "service=a min=200ms since=1h limit=20")
    }

    @Test func errorsNameTheWordAndItsColumn() {
        #expect(error("service=a min=abc")?.description == "column 11: min=abc: not a duration (e.g. 200ms, 1.5s, 1h30m, 2d)")
        #expect(error("service=a frontend")?.column == 11)
        #expect(error("service=a frontend")?.reason.hasPrefix("expected key=value") == true)
        #expect(error(#"op="GET /x"#)?.description == #"column 4: op="GET /x: unterminated quote"#)
        #expect(error("service=a svc=b")?.description == "column 11: svc=b: given twice (also at column 1)")
        #expect(error("min=2s max=1s")?.description == "column 8: max=1s: shorter than min=2s")
        #expect(error("limit=0")?.column == 1)
        #expect(error("limit=ten")?.reason.hasPrefix("not a limit") == true)
        #expect(error("start=1796119200000")?.reason.hasPrefix("looks like milliseconds") == true)
        #expect(error("start=yesterday")?.reason.hasPrefix("not a time") == true)
        #expect(error("start=2026-12-01T10:00:00Z end=2026-12-01T09:00:00Z")?.reason == "the window ends before it starts")
        #expect(error("since=1h start=2026-12-01T09:00:00Z")?.column == 1)
        #expect(error("  =x")?.description == "column 3: =x: missing key before =")
        #expect(error("service=")?.reason == "missing value after =")
        #expect(error("since=0s")?.reason == "the window must be longer than 0s")
        // Columns count characters, not bytes.
        #expect(error("service=café x")?.column == 14)
    }

    @Test func errorWordsNeverCarryControlCharacters() {
        let e = error("service=a \u{1b}[31mred")
        #expect(e?.description.contains("\u{1b}") == false)
        #expect(e?.word.hasPrefix("?[31m") == true)
    }
}
