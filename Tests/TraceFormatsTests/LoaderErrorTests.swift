import ChildProcess
import Foundation
import Testing
import TraceFormats
import TraceModel

@Suite struct LoaderErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var json: String
        var expected: String
        var testDescription: String { expected }
    }

    @Test(arguments: [
        Case(json: "", expected: "bad.json: byte 0: empty input"),
        Case(json: "   \n ", expected: "bad.json: byte 0: no JSON value (only whitespace)"),
        // Found by the fuzzer: a file of only a byte-order mark read the byte after the input.
        Case(json: "\u{FEFF}", expected: "bad.json: byte 0: no JSON value after the byte-order mark"),
        Case(json: "\u{FEFF} \n", expected: "bad.json: byte 0: no JSON value after the byte-order mark"),
        Case(json: "hello", expected: "bad.json: byte 0 (line 1, column 1): not JSON: starts with 'h'"),
        Case(json: "{\"foo\": 1}", expected: "bad.json: byte 0 (line 1, column 1): not a trace file: no OTLP, Zipkin, Jaeger or log keys in the first object"),
        Case(json: "{\"resourceSpans\": [\n  {\"resource\": {} \"x\": 1}]}",
             expected: "bad.json: byte 38 (line 2, column 19): expected ',' or '}' in object, found '\"'"),
        Case(json: "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"name\": \"abc",
             expected: "bad.json: byte 55 (line 1, column 56): unterminated string"),
        Case(json: "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": \"12x\"}]}]}]}",
             expected: "bad.json: byte 68 (line 1, column 69): not an integer in string"),
        Case(json: "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": 99999999999999999999}]}]}]}",
             expected: "bad.json: byte 68 (line 1, column 69): integer out of range"),
        Case(json: "{\"resourceSpans\": [{},]}", expected: "bad.json: byte 22 (line 1, column 23): trailing ',' in array"),
        Case(json: "{\"resourceSpans\": [1]}", expected: "bad.json: byte 19 (line 1, column 20): expected '{', found '1'"),
    ])
    func badInputGivesOneLineNamingFileOffsetAndProblem(c: Case) {
        let e = loadError(c.json)
        #expect(e?.description == c.expected)
        #expect(e?.description.contains("\n") == false)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}}]}"
        let e = loadError(json)
        #expect(e?.message == "nesting deeper than 512")
    }

    @Test func missingFileAndDirectoryAreReported() {
        #expect(throws: LoadError(file: "/nonexistent/x.json", message: "cannot open: No such file or directory")) {
            try TraceLoader.load(path: "/nonexistent/x.json")
        }
        #expect(throws: LoadError(file: "/tmp", message: "is a directory")) {
            try TraceLoader.load(path: "/tmp")
        }
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json")
        try OTLPDecoderTests.basic.write(to: good, atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("bad.json")
        try "{\"resourceSpans\": [".write(to: bad, atomically: true, encoding: .utf8)
        let result = TraceLoader.load(paths: [bad.path, good.path])
        #expect(result.set.spans.count == 2)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.file == bad.path)
    }

    @Test func gzipInputIsDetectedByMagicBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("trace.json")
        try OTLPDecoderTests.basic.write(to: plain, atomically: true, encoding: .utf8)
        let gzip = try ChildProcess.run("/bin/sh", ["-c", "gzip -c '\(plain.path)' > '\(dir.path)/trace.data'; head -c 40 '\(dir.path)/trace.data' > '\(dir.path)/cut.gz'"])
        #expect(gzip.status == 0)
        let input = try TraceLoader.load(path: dir.appendingPathComponent("trace.data").path)
        #expect(input.set.spans.count == 2)
        #expect(throws: LoadError.self) { try TraceLoader.load(path: dir.appendingPathComponent("cut.gz").path) }
    }
}

@Suite struct InvalidUTF8Tests {
    static func bytes(_ prefix: String, _ suffix: String) -> [UInt8] {
        Array(prefix.utf8) + [0xFF, 0xFE] + Array(suffix.utf8)
    }

    @Test(arguments: [
        bytes(#"[{"traceId":"0000000000000001","id":"0000000000000002","name":"bad"#,
              #"","timestamp":1,"duration":2,"localEndpoint":{"serviceName":"s"}}]"#),
        bytes(#"{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"op"#,
              #"","startTime":1,"duration":2,"processID":"p1"}],"processes":{"p1":{"serviceName":"svc"}}}]}"#),
        bytes(#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","name":"x"#,
              #"","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#),
    ])
    func invalidUTF8InANameLoadsWithAWarning(input: [UInt8]) throws {
        let loaded = try TraceLoader.decode(FileBytes(input, name: "u.json"))
        #expect(loaded.set.spans.count == 1)
        #expect(loaded.set.name(loaded.set.spans[0]).contains("\u{FFFD}"))
        #expect(loaded.warnings.contains("1 span or service name is not valid UTF-8 (shown with U+FFFD)"))
    }
}
