import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel

struct Spanscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spanscope",
        abstract: "Explore distributed traces in the terminal: waterfall, critical path, self time.",
        subcommands: [Analyze.self, Demo.self],
        defaultSubcommand: nil
    )
}

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the analysis of trace files: per-trace summary, critical path, self time, services.",
        discussion: """
        Reads OTLP JSON (also JSON Lines, api_v3 and Tempo envelopes), Zipkin v1/v2 JSON and Jaeger JSON, \
        plain or gzip-compressed; '-' reads standard input. A file that cannot be read is reported on \
        stderr and the others are still analysed (exit status 1); repaired problems are warnings (exit 0).
        """
    )

    @Argument(help: "Trace files ('-' for standard input).")
    var files: [String]

    @Flag(help: "Print JSON (see docs/analyze-json.md) instead of the text report.")
    var json = false

    @Flag(help: "Correct clock skew between hosts before analysing (raw times are kept in the JSON).")
    var adjustSkew = false

    func run() throws {
        Runner.analyze(files: files, json: json, options: AnalysisOptions(adjustSkew: adjustSkew))
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the bundled demo data set (a few hundred traces of a shop's services)."
    )

    @Flag(help: "Print JSON instead of the text report.")
    var json = false

    func run() throws {
        guard let paths = Runner.demoPaths() else {
            Runner.printError("spanscope: demo data not found (expected \(Runner.demoFiles.joined(separator: " and ")))")
            throw ExitCode(1)
        }
        Runner.analyze(files: paths, json: json, options: AnalysisOptions())
    }
}

enum Runner {
    /// Loads, analyses and prints; false when any input failed to load.
    static func analyze(files: [String], json: Bool, options: AnalysisOptions) -> Never {
        var t = Timing.now()
        let loaded = TraceLoader.load(paths: files)
        Timing.report("load", since: t)
        t = Timing.now()
        for e in loaded.errors { printError("spanscope: \(Sanitize.text(e.description))") }
        for w in loaded.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        let analysis = Analysis(loaded.set, options: options)
        Timing.report("analyze", since: t)
        t = Timing.now()
        defer { Timing.report("report", since: t) }
        for w in analysis.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        if json {
            AnalyzeJSON.write(analysis) { writeStdout($0) }
        } else if !loaded.set.spans.isEmpty || loaded.errors.isEmpty {
            var out = ""
            AnalyzeText.write(analysis, to: &out)
            writeStdout(Array(out.utf8))
        }
        // Leave without tearing down a million-span model piece by piece: the kernel frees the
        // whole address space at once (measured: tens of milliseconds on 1M spans).
        exit(loaded.errors.isEmpty ? 0 : 1)
    }

    static let demoFiles = ["Fixtures/demo/demo-1.otlp.jsonl", "Fixtures/demo/demo-2.otlp.jsonl"]

    /// The bundled demo data: relative to the working directory (`swift run` from the package),
    /// else in the package the binary was built from.
    static func demoPaths() -> [String]? {
        if demoFiles.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return demoFiles }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let paths = demoFiles.map { root.appendingPathComponent($0).path }
        return paths.allSatisfy { FileManager.default.fileExists(atPath: $0) } ? paths : nil
    }

    static func writeStdout(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { b in
            var offset = 0
            while offset < b.count {
                let n = write(1, b.baseAddress! + offset, b.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return  // closed pipe (e.g. `| head`): stop quietly
                }
                offset += n
            }
        }
    }

    static func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress!, $0.count) }
    }
}

signal(SIGPIPE, SIG_IGN)
Spanscope.main()
