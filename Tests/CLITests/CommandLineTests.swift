import Foundation
import Testing

/// Zipkin v2 spans as JSON text, for small hand-made inputs.
enum TinyZipkin {
    static func span(trace: String, id: String, parent: String? = nil, name: String = "op", service: String = "svc",
                     start: Int = 1_700_000_000_000_000, duration: Int = 1000, kind: String? = nil, error: Bool = false) -> String {
        var fields = ["\"traceId\":\"\(trace)\"", "\"id\":\"\(id)\"", "\"name\":\"\(name)\"",
                      "\"timestamp\":\(start)", "\"duration\":\(duration)", "\"localEndpoint\":{\"serviceName\":\"\(service)\"}"]
        if let parent { fields.append("\"parentId\":\"\(parent)\"") }
        if let kind { fields.append("\"kind\":\"\(kind)\"") }
        if error { fields.append("\"tags\":{\"error\":\"true\"}") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func file(_ spans: [String]) -> String { "[" + spans.joined(separator: ",\n") + "]" }

    /// Three one-span traces: two share the prefix `aaa`.
    static let threeTraces = file([
        span(trace: "aaa1000000000001", id: "00000000000000a1", name: "first"),
        span(trace: "aaa2000000000002", id: "00000000000000a2", name: "second"),
        span(trace: "bbb3000000000003", id: "00000000000000b3", name: "third"),
    ])
}

@Suite struct VersionCommandTests {
    @Test func versionFlagPrintsTheVersion() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test func versionCommandPrintsBuildDetails() throws {
        let r = try CLI.run(["version"])
        let flag = try CLI.run(["--version"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "spanscope " + flag.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(lines.contains { $0.hasPrefix("swift     6.") })
        #expect(lines.contains("build     debug") || lines.contains("build     release"))
        #expect(lines.contains { $0.hasPrefix("os        Linux ") })
    }
}

@Suite struct IDPrefixCommandTests {
    @Test func aUniquePrefixSelectsTheTrace() throws {
        let file = try CLI.temp("three.json", TinyZipkin.threeTraces)
        let r = try CLI.run(["analyze", file, "--trace", "BBB"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("1 trace, 1 span\n"))
        #expect(r.stdout.contains("TRACE bbb3000000000003"))
    }

    @Test func anAmbiguousPrefixNamesTheCandidates() throws {
        let file = try CLI.temp("three.json", TinyZipkin.threeTraces)
        let r = try CLI.run(["analyze", file, "--trace", "aaa"])
        #expect(r.status == 1)
        #expect(r.stderr == "spanscope: trace id prefix aaa is ambiguous: 2 traces start with it: aaa1000000000001, aaa2000000000002\n")
    }

    @Test func anUnknownOrMalformedIdIsOneLine() throws {
        let file = try CLI.temp("three.json", TinyZipkin.threeTraces)
        let unknown = try CLI.run(["analyze", file, "--trace", "ccc"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "spanscope: trace ccc not found\n")
        let malformed = try CLI.run(["analyze", file, "--trace", "not-an-id!"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("--trace not-an-id! is not a trace id"))
    }

    @Test func openTakesPrefixesForTraceAndSpan() throws {
        let file = try CLI.temp("three.json", TinyZipkin.threeTraces)
        let r = try CLI.run(["open", file, "--trace", "aaa2", "--span", "00000000000000a", "--render", "120x30", "--keys", "<Enter>"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("trace aaa2000000000002"))
        #expect(r.stdout.contains("00000000000000a2"))
    }

    @Test func aMalformedOrUnknownSpanIsAnError() throws {
        let file = try CLI.temp("three.json", TinyZipkin.threeTraces)
        let malformed = try CLI.run(["open", file, "--trace", "aaa1", "--span", "xyz?", "--render", "100x12"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "spanscope: --span xyz? is not a span id (hex digits, or a unique prefix of one)\n")
        // The span exists, but in another trace than the one asked for.
        let elsewhere = try CLI.run(["open", file, "--trace", "aaa1", "--span", "b3", "--render", "100x12"])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr == "spanscope: span b3 not found\n")
        // Without --trace a span prefix is looked up in every trace.
        let ambiguous = try CLI.run(["open", file, "--span", "00000000000000A", "--render", "100x12"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr == "spanscope: span id prefix 00000000000000A is ambiguous: 2 spans start with it: "
            + "00000000000000a1, 00000000000000a2\n")
    }

    @Test func keysErrorsAreSentences() throws {
        let r = try CLI.run(["Fixtures/formats/checkout.otlp.json", "--render", "80x20", "--keys", "j<Nope>"])
        #expect(r.status == 2)
        #expect(r.stderr == "spanscope: unknown key <Nope> in --keys\n")
    }
}

@Suite struct DirectoryInputCommandTests {
    /// A tree with two trace files (one named like a text file) and two files that are not traces.
    static func makeTree() throws -> URL {
        let first = try CLI.temp("a.json", TinyZipkin.file([TinyZipkin.span(trace: "aaa1000000000001", id: "00000000000000a1")]))
        let dir = URL(fileURLWithPath: first).deletingLastPathComponent()
        let sub = dir.appendingPathComponent("nested/deeper")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try TinyZipkin.file([TinyZipkin.span(trace: "bbb3000000000003", id: "00000000000000b3")])
            .write(to: sub.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "id,name\n1,x\n".write(to: dir.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        try "hello".write(to: sub.appendingPathComponent("readme.md"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aDirectoryLoadsTheTracesInItByContent() throws {
        let dir = try Self.makeTree()
        let r = try CLI.run(["analyze", dir.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("2 traces, 2 spans\n"))
        #expect(r.stderr == "spanscope: warning: skipped 2 files that are not traces\n")
    }

    @Test func quotedGlobsExpandForTraceFiles() throws {
        let dir = try Self.makeTree()
        let r = try CLI.run(["analyze", dir.path + "/*.json"])
        // data.json matches the pattern and is named as a file: an error, as any bad file is.
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("1 trace, 1 span\n"))
        #expect(r.stderr.contains("data.json"))
        let none = try CLI.run(["analyze", dir.path + "/*.nothing"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no file matches this pattern"))
    }
}

@Suite struct AnalyzeSummaryCommandTests {
    /// Four traces: durations 2, 5, 3 and 4 ms; the 3 ms one has two error spans, the 4 ms one
    /// one; `db: query` has the most self time over the set; one service name carries an escape.
    static func file() throws -> String {
        try CLI.temp("set.json", TinyZipkin.file([
            TinyZipkin.span(trace: "1000000000000001", id: "0000000000000011", name: "a", service: "web", duration: 2000),
            TinyZipkin.span(trace: "2000000000000002", id: "0000000000000021", name: "b", service: "web", duration: 5000),
            TinyZipkin.span(trace: "2000000000000002", id: "0000000000000022", parent: "0000000000000021", name: "query",
                            service: "db", start: 1_700_000_000_000_100, duration: 4000),
            TinyZipkin.span(trace: "3000000000000003", id: "0000000000000031", name: "c", service: "web", start: 1_600_000_000_000_000,
                            duration: 3000, error: true),
            TinyZipkin.span(trace: "3000000000000003", id: "0000000000000032", parent: "0000000000000031", name: "query",
                            service: "db", start: 1_600_000_000_000_100, duration: 2500, error: true),
            TinyZipkin.span(trace: "4000000000000004", id: "0000000000000041", name: "d", service: "evil\\u001b[31m", duration: 4000, error: true),
        ]))
    }

    static func sectionIDs(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("TRACE ") }.map { String($0.dropFirst(6)) }
    }

    @Test func aSetGetsASummaryBeforeTheSections() throws {
        let r = try CLI.run(["analyze", try Self.file(), "--top", "2"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(!r.stdout.contains("\u{1B}"))
        let summary = r.stdout[..<r.stdout.range(of: "TRACE ")!.lowerBound]
        #expect(summary.contains("SUMMARY   4 traces, 2 with errors"))
        // The two slowest, longest first, and the error traces, most errors first.
        let ids = summary.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(ids.filter { $0.count == 16 } == ["2000000000000002", "4000000000000004", "3000000000000003", "4000000000000004"])
        #expect(summary.contains("db: query"))
        // Without --sort the sections keep input order.
        #expect(Self.sectionIDs(r.stdout) == ["1000000000000001", "2000000000000002", "3000000000000003", "4000000000000004"])
    }

    @Test func sortOrdersTheSections() throws {
        let file = try Self.file()
        let byDuration = try CLI.run(["analyze", file, "--sort", "duration"])
        #expect(Self.sectionIDs(byDuration.stdout) == ["2000000000000002", "4000000000000004", "3000000000000003", "1000000000000001"])
        let byErrors = try CLI.run(["analyze", file, "--sort", "errors"])
        #expect(Self.sectionIDs(byErrors.stdout) == ["3000000000000003", "4000000000000004", "2000000000000002", "1000000000000001"])
        let bySpans = try CLI.run(["analyze", file, "--sort", "spans"])
        #expect(Self.sectionIDs(bySpans.stdout) == ["2000000000000002", "3000000000000003", "1000000000000001", "4000000000000004"])
        let byStart = try CLI.run(["analyze", file, "--sort", "start"])
        #expect(Self.sectionIDs(byStart.stdout).first == "3000000000000003")
        #expect(try CLI.run(["analyze", file, "--sort", "size"]).status != 0)
    }

    @Test func summaryOnlyAndJSON() throws {
        let file = try Self.file()
        let text = try CLI.run(["analyze", file, "--summary"])
        #expect(text.stdout.contains("SLOWEST TRACES"))
        #expect(Self.sectionIDs(text.stdout).isEmpty)
        let r = try CLI.run(["analyze", file, "--json", "--summary", "--top", "3"])
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let summary = doc?["summary"] as? [String: Any]
        #expect((doc?["traces"] as? [Any])?.isEmpty == true)
        #expect(summary?["traceCount"] as? Int == 4)
        #expect(summary?["errorTraceCount"] as? Int == 2)
        let slowest = (summary?["slowestTraces"] as? [[String: Any]])?.compactMap { $0["traceId"] as? String }
        #expect(slowest == ["2000000000000002", "4000000000000004", "3000000000000003"])
        let bySelf = summary?["operationsBySelfTime"] as? [[String: Any]]
        #expect(bySelf?.first?["service"] as? String == "db")
        #expect((bySelf?.first?["selfUs"] as? NSNumber)?.intValue == 6500)
        let sorted = try CLI.run(["analyze", file, "--json", "--sort", "errors"])
        let traces = (try JSONSerialization.jsonObject(with: Data(sorted.stdout.utf8)) as? [String: Any])?["traces"] as? [[String: Any]]
        #expect(traces?.compactMap { $0["traceId"] as? String }.first == "3000000000000003")
    }

    @Test func oneTraceHasNoSummaryUnlessAsked() throws {
        let r = try CLI.run(["analyze", "Fixtures/formats/checkout.zipkin-v2.json"])
        #expect(!r.stdout.contains("SUMMARY"))
        let asked = try CLI.run(["analyze", "Fixtures/formats/checkout.zipkin-v2.json", "--summary"])
        #expect(asked.stdout.contains("SUMMARY   1 trace, 1 with errors"))
    }
}

@Suite struct CompareCommandTests {
    /// Trace A: web 2 ms calling db 1 ms. Trace B: web 3 ms calling db 2.5 ms and cache.
    static let a = [
        TinyZipkin.span(trace: "a100000000000001", id: "0000000000000001", name: "get", service: "web", duration: 2000),
        TinyZipkin.span(trace: "a100000000000001", id: "0000000000000002", parent: "0000000000000001", name: "query", service: "db",
                        start: 1_700_000_000_000_100, duration: 1000),
    ]
    static let b = [
        TinyZipkin.span(trace: "b200000000000002", id: "0000000000000001", name: "get", service: "web", duration: 3000),
        TinyZipkin.span(trace: "b200000000000002", id: "0000000000000002", parent: "0000000000000001", name: "query", service: "db",
                        start: 1_700_000_000_000_100, duration: 2500),
        TinyZipkin.span(trace: "b200000000000002", id: "0000000000000003", parent: "0000000000000001", name: "lookup", service: "cache",
                        start: 1_700_000_000_002_700, duration: 100),
    ]

    @Test func comparesTwoTracesOfOneSourceByPrefix() throws {
        let file = try CLI.temp("both.json", TinyZipkin.file(Self.a + Self.b))
        let r = try CLI.run(["compare", "a1", "b2", file])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines[0].hasPrefix("A  a100000000000001  web: get") && lines[0].hasSuffix("2.00 ms"))
        #expect(lines[1].hasPrefix("B  b200000000000002  web: get") && lines[1].hasSuffix("3.00 ms"))
        #expect(lines[2] == "Δ  +1.00 ms (B − A)")
        // Largest increase of total time first; cache is only in B.
        let rows = lines.drop { !$0.contains("service: operation") }.dropFirst()
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["db:", "web:", "cache:"])
        let db = rows.first!.split(separator: " ").map(String.init)
        #expect(db == ["db:", "query", "1", "1", "0", "1.00", "ms", "2.50", "ms", "+1.50", "ms", "1.00", "ms", "2.50", "ms", "+1.50", "ms"])
        #expect(rows.last!.contains(" -    1   +1 "))
    }

    @Test func twoSourcesAndJSON() throws {
        let fa = try CLI.temp("a.json", TinyZipkin.file(Self.a))
        let fb = try CLI.temp("b.json", TinyZipkin.file(Self.b))
        let r = try CLI.run(["compare", "a1", "b2", fa, fb, "--json"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((doc?["b"] as? [String: Any])?["traceId"] as? String == "b200000000000002")
        let ops = doc?["operations"] as? [[String: Any]]
        #expect(ops?.count == 3)
        let web = ops?.first { $0["service"] as? String == "web" }
        #expect(((web?["a"] as? [String: Any])?["selfUs"] as? NSNumber)?.intValue == 1000)
        #expect(((web?["b"] as? [String: Any])?["selfUs"] as? NSNumber)?.intValue == 400)
        // B is looked up in the second source only.
        let missing = try CLI.run(["compare", "a1", "a1", fa, fb])
        #expect(missing.status == 1)
        #expect(missing.stderr == "spanscope: trace a1 not found\n")
        let malformed = try CLI.run(["compare", "a1", "zz!", fa])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("trace B zz! is not a trace id"))
    }
}
