import Foundation
import Testing

/// What a new user trips over, seen through the built binary.
@Suite struct LoadProblemsCommandTests {
    /// One good trace with a span the loader repairs (no duration: a warning), a missing file and
    /// a truncated one.
    static func inputs() throws -> [String] {
        let good = try CLI.temp("good.json", TinyZipkin.file([
            TinyZipkin.span(trace: "aaa1000000000001", id: "00000000000000a1", name: "first"),
            "{\"traceId\":\"aaa1000000000001\",\"id\":\"00000000000000a2\",\"parentId\":\"00000000000000a1\",\"name\":\"second\","
                + "\"timestamp\":1700000000000100,\"localEndpoint\":{\"serviceName\":\"svc\"}}",
        ]))
        let typo = try CLI.temp("typo.json", "{\"resourceSpans\": [\n")
        let missing = URL(fileURLWithPath: good).deletingLastPathComponent().appendingPathComponent("missing.json").path
        return [missing, good, typo]
    }

    @Test func failuresAreCountedInTheTitleAndTheFirstIsInTheStatusLine() throws {
        let files = try Self.inputs()
        let r = try CLI.run(files + ["--render", "140x10"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("2 files failed · 2 warnings (! lists them)"))
        #expect(lines[9].contains("error: \(files[0]): cannot open"))
        // The command line still prints every problem on stderr.
        #expect(r.stderr.split(separator: "\n").count == 3)
    }

    @Test func bangListsEveryErrorAndWarning() throws {
        let files = try Self.inputs()
        let r = try CLI.run(files + ["--render", "300x10", "--keys", "!"])
        let lines = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines[0] == "load errors and warnings · 2 files failed · 2 warnings")
        #expect(lines[1].hasPrefix("error: \(files[0]): cannot open"))
        #expect(lines[2] == "error: \(files[2]): byte 20 (line 2, column 1): unexpected end of input inside an array")
        #expect(lines[3].hasPrefix("warning: \(files[1]): span at byte"))
        #expect(lines[3].hasSuffix("no duration; set to 0 and flagged"))
        // The analysis's own warnings (not printed by the explorer on stderr) are listed too.
        #expect(lines[4] == "warning: trace aaa1000000000001: 1 span has no duration; shown as 0")
    }
}

@Suite struct DemoAnomaliesCommandTests {
    /// The demo's missing parents are on purpose: listed inside the explorer, one line on stderr.
    @Test func theDemoListsItsAnomaliesInsideTheExplorer() throws {
        let r = try CLI.run(["demo", "--render", "200x30", "--keys", "!"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix(" load errors and warnings · 22 warnings"))
        #expect(lines[1].contains("1 span has a parent that is not in the trace"))
        let report = try CLI.run(["demo", "--report"])
        #expect(report.stderr == "spanscope: 22 deliberate anomalies in the demo data (spans whose parent is missing): "
                + "the report shows them, the explorer lists them on !\n")
    }
}

@Suite struct TraceListDatesCommandTests {
    /// Two traces `apart` µs apart, the first at `start` (epoch µs).
    static func twoTraces(start: Int, apart: Int) throws -> String {
        try CLI.temp("two.json", TinyZipkin.file([
            TinyZipkin.span(trace: "aaa1000000000001", id: "00000000000000a1", name: "first", start: start),
            TinyZipkin.span(trace: "bbb2000000000002", id: "00000000000000b2", name: "second", start: start + apart),
        ]))
    }

    static func list(_ file: String, tz: String, _ extra: [String] = []) throws -> [String] {
        let r = try CLI.run([file, "--render", "100x6"] + extra, environment: ["TZ": tz])
        #expect(r.status == 0)
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func tracesOverSeveralDaysShowTheirDateInTheLocalZone() throws {
        // 2023-11-14 22:13:20 UTC and two days later.
        let file = try Self.twoTraces(start: 1_700_000_000_000_000, apart: 2 * 86_400_000_000)
        let utc = try Self.list(file, tz: "UTC")
        #expect(utc[2].hasPrefix(" start (UTC) "))
        #expect(utc[3].hasPrefix(" 2023-11-14 22:13:20 svc: first"))
        #expect(utc[4].hasPrefix(" 2023-11-16 22:13:20 svc: second"))
        let tokyo = try Self.list(file, tz: "Asia/Tokyo")
        #expect(tokyo[2].range(of: #"^ start \((JST|GMT\+9)\) "#, options: .regularExpression) != nil)
        #expect(tokyo[3].hasPrefix(" 2023-11-15 07:13:20 svc: first"))
        // --utc wins over the zone.
        let forced = try Self.list(file, tz: "Asia/Tokyo", ["--utc"])
        #expect(forced[2].hasPrefix(" start (UTC) "))
        #expect(forced[3].hasPrefix(" 2023-11-14 22:13:20 svc: first"))
    }

    @Test func tracesOfTodayShowOnlyTheTimeOfDay() throws {
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        let midnight = now - now % 86_400_000_000
        // Both within the first minute of today (UTC), so the test passes at any hour.
        let file = try Self.twoTraces(start: midnight + 1_000_000, apart: 1_000_000)
        let utc = try Self.list(file, tz: "UTC")
        #expect(utc[2].hasPrefix(" start (UTC)  "))
        #expect(utc[3].hasPrefix(" 00:00:01.000 svc: first"))
        // The first second of today in Tokyo (UTC+9, no daylight saving time) is today there.
        let hour: Int = 3_600_000_000
        let tokyoMidnight = (now + 9 * hour) - (now + 9 * hour) % 86_400_000_000 - 9 * hour
        let tokyo = try Self.list(try Self.twoTraces(start: tokyoMidnight + 1_000_000, apart: 1_000_000), tz: "Asia/Tokyo")
        #expect(tokyo[3].hasPrefix(" 00:00:01.000 "))
        #expect(tokyo[3].contains(" svc: first "))
    }
}
