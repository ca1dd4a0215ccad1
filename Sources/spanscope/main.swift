import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import CursesBackend
import Explorer
import Foundation
import Reports
import TerminalUI
import TraceAnalysis
import TraceFormats
import TraceModel

struct Spanscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spanscope",
        abstract: "Explore distributed traces in the terminal: waterfall, critical path, self time.",
        subcommands: [Open.self, Analyze.self, Demo.self, Docs.self],
        defaultSubcommand: Open.self
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

    @Flag(help: "Print JSON (see docs/analyze-json.md) instead of the text report (same as --format json).")
    var json = false

    @Option(help: "Output: text (the report), json (docs/analyze-json.md) or otlp (the traces as one OTLP/JSON request).")
    var format: ReportFormat?

    @Option(help: "Only the trace with this id (hex); repeat for several.")
    var trace: [String] = []

    @Flag(help: "Correct clock skew between hosts before analysing (raw times are kept in the JSON).")
    var adjustSkew = false

    @Option(help: ArgumentHelp(Runner.logsHelp, valueName: "path"))
    var logs: [String] = []

    @Option(help: ArgumentHelp(ByteSize.help, valueName: "size"))
    var maxInputSize: ByteSize?

    func validate() throws {
        if json, let format, format != .json { throw ValidationError("--json conflicts with --format \(format.rawValue)") }
        for t in trace where TraceID(t) == nil { throw ValidationError("--trace \(t) is not a trace id") }
    }

    func run() throws {
        Runner.analyze(files: files, logs: logs, limit: InputLimit(maxBytes: maxInputSize?.bytes), format: format ?? (json ? .json : .text),
                       traces: trace.compactMap { t in TraceID(t).map { (t, $0) } }, options: AnalysisOptions(adjustSkew: adjustSkew))
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, otlp
}

/// `--max-input-size 512M` (see InputLimit).
struct ByteSize: ExpressibleByArgument {
    static let help = "Most bytes read from standard input or a pipe, or inflated from gzip, per input (e.g. 512M, 8G; "
        + "default 4G, and for gzip also 100 times the compressed size but at least 256M)."
    let bytes: Int
    init?(argument: String) {
        guard let bytes = InputLimit.parse(argument) else { return nil }
        self.bytes = bytes
    }
}

/// Options shared by the commands that open the explorer.
struct ExploreOptions: ParsableArguments {
    @Option(help: "Open this trace (hex id).")
    var trace: String?

    @Option(help: "Select this span (hex id) in the opened trace.")
    var span: String?

    @Flag(help: "Correct clock skew between hosts (adjusted spans are marked).")
    var adjustSkew = false

    @Option(help: "Render on an in-memory terminal of this size (e.g. 120x40) and print the screen.")
    var render: String?

    @Option(help: "With --render: keys to press first, in the notation of docs/keybindings.md.")
    var keys: String = ""

    @Flag(help: "With --render: also print the screen's role codes (legend in docs/keybindings.md).")
    var roles = false

    @Option(help: ArgumentHelp(Runner.logsHelp, valueName: "path"))
    var logs: [String] = []

    @Option(help: ArgumentHelp(ByteSize.help, valueName: "size"))
    var maxInputSize: ByteSize?

    var limit: InputLimit { InputLimit(maxBytes: maxInputSize?.bytes) }
}

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open trace files in the terminal explorer (the default command).",
        discussion: "One trace opens straight into its waterfall; several open the trace list. '-' reads standard input."
    )

    @Argument(help: "Trace files ('-' for standard input).")
    var files: [String]

    @OptionGroup var explore: ExploreOptions

    func run() throws {
        Runner.explore(files: files, explore)
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the bundled demo data set (a few hundred traces of a shop's services).",
        discussion: "When standard output is not a terminal (or with --report), prints the analysis report instead."
    )

    @Flag(help: "Print the text report instead of opening the explorer.")
    var report = false

    @Flag(help: "Print JSON instead of opening the explorer.")
    var json = false

    @OptionGroup var explore: ExploreOptions

    func run() throws {
        guard let paths = Runner.demoPaths() else {
            Runner.printError("spanscope: demo data not found (expected \(Runner.demoFiles.joined(separator: " and ")))")
            throw ExitCode(1)
        }
        if json || report || (isatty(1) == 0 && explore.render == nil) {
            Runner.analyze(files: paths, logs: explore.logs, limit: explore.limit, format: json ? .json : .text, options: AnalysisOptions())
        }
        Runner.explore(files: paths, explore)
    }
}

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print generated documentation.", shouldDisplay: false
    )

    @Argument(help: "keybindings")
    var topic: String

    func run() throws {
        guard topic == "keybindings" else { throw ValidationError("unknown topic \(topic)") }
        Runner.writeStdout(Array(KeyMap.default.markdown().utf8))
    }
}

enum Runner {
    /// Loads, analyses and prints; false when any input failed to load.
    /// Loads, (with `traces`) keeps only those traces, analyses and prints; exits 1 when an
    /// input failed to load or a requested trace is not in them.
    static let logsHelp = "Log lines to link to the spans: OTLP logs, JSON lines or logfmt; repeatable, glob patterns allowed, '-' for standard input."

    static func analyze(files: [String], logs: [String] = [], limit: InputLimit, format: ReportFormat, traces: [(text: String, id: TraceID)] = [],
                        options: AnalysisOptions) -> Never {
        var t = Timing.now()
        let loaded = TraceLoader.load(paths: files, logs: logs, limit: limit)
        Timing.report("load", since: t)
        t = Timing.now()
        for e in loaded.errors { printError("spanscope: \(Sanitize.text(e.description))") }
        for w in loaded.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        var set = loaded.set
        var failed = !loaded.errors.isEmpty
        if !traces.isEmpty {
            let wanted = Set(traces.map(\.id))
            let present = Set(set.spans.lazy.map(\.traceID).filter { wanted.contains($0) })
            var reported = Set<TraceID>()
            for (text, id) in traces where !present.contains(id) && reported.insert(id).inserted {
                printError("spanscope: trace \(Sanitize.text(text)) not found")
                failed = true
            }
            set.spans.removeAll { !wanted.contains($0.traceID) }
            // Keep logs that name a wanted trace by its low half too (Datadog's 64-bit ids).
            let wantedLow = Set(wanted.lazy.filter { $0.high != 0 }.map(\.low))
            set.logs.removeAll { !wanted.contains($0.traceID) && !($0.traceID.high == 0 && wantedLow.contains($0.traceID.low)) }
        }
        if format == .otlp {
            let shared = set.spans.reduce(0) { $0 + ($1.flags.contains(.shared) ? 1 : 0) }
            if shared > 0 {
                printError("spanscope: warning: \(shared) Zipkin shared span(s) keep the id of their client span; "
                           + "OTLP cannot mark them, so a reader shows them as re-used ids")
            }
            var out: [UInt8] = []
            ExportOTLP.write(set: set, traces: set.traces(), to: &out)
            writeStdout(out)
            exit(failed ? 1 : 0)
        }
        let analysis = Analysis(set, options: options)
        Timing.report("analyze", since: t)
        t = Timing.now()
        defer { Timing.report("report", since: t) }
        for w in analysis.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        if format == .json {
            AnalyzeJSON.write(analysis) { writeStdout($0) }
        } else if !set.spans.isEmpty || !failed {
            AnalyzeText.write(analysis) { writeStdout(Array($0.utf8)) }
        }
        // Leave without tearing down a million-span model piece by piece: the kernel frees the
        // whole address space at once (measured: tens of milliseconds on 1M spans).
        exit(failed ? 1 : 0)
    }

    /// Loads and opens the explorer (on the terminal, or headless with --render); never returns.
    static func explore(files: [String], _ o: ExploreOptions) -> Never {
        var t = Timing.now()
        let loaded = TraceLoader.load(paths: files, logs: o.logs, limit: o.limit)
        Timing.report("load", since: t)
        for e in loaded.errors { printError("spanscope: \(Sanitize.text(e.description))") }
        for w in loaded.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        guard !loaded.set.spans.isEmpty else {
            if loaded.errors.isEmpty { printError("spanscope: no spans to show in \(Sanitize.text(files.joined(separator: ", ")))") }
            exit(1)
        }
        t = Timing.now()
        let analysis = Analysis(loaded.set, options: AnalysisOptions(adjustSkew: o.adjustSkew))
        Timing.report("analyze", since: t)
        t = Timing.now()
        let traceID = o.trace.flatMap { TraceID($0) }
        let spanID = o.span.flatMap { SpanID($0) }
        if o.trace != nil && traceID == nil { printError("spanscope: --trace \(o.trace!) is not a trace id"); exit(2) }
        if o.span != nil && spanID == nil { printError("spanscope: --span \(o.span!) is not a span id"); exit(2) }
        if let size = o.render {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
                printError("spanscope: --render wants WIDTHxHEIGHT, e.g. 120x40")
                exit(2)
            }
            do {
                var app = ExplorerApp(set: loaded.set, analysis: analysis, traceID: traceID, spanID: spanID,
                                      width: parts[0], height: parts[1])
                Timing.report("explorer state", since: t)
                t = Timing.now()
                for key in try KeyNotation.parse(o.keys) { app.performFileEffects(app.handle(key)) }
                let grid = app.render(width: parts[0], height: parts[1])
                Timing.report("keys and render", since: t)
                var out = grid.text()
                if o.roles { out += "\n" + grid.roles() }
                writeStdout(Array((out.hasSuffix("\n") ? out : out + "\n").utf8))
            } catch {
                printError("spanscope: --keys: \(error)")
                exit(2)
            }
            exit(loaded.errors.isEmpty ? 0 : 1)
        }
        if isatty(0) == 0 {
            // Traces came through a pipe: read the keyboard from the controlling terminal.
            let tty = Glibc.open("/dev/tty", O_RDWR)
            if tty >= 0 { dup2(tty, 0); close(tty) }
        }
        guard isatty(0) != 0, isatty(1) != 0 else {
            printError("spanscope: the explorer needs a terminal; use 'spanscope analyze' or --render WxH")
            exit(2)
        }
        let backend = CursesBackend()
        backend.setup()
        var app = ExplorerApp(set: loaded.set, analysis: analysis, traceID: traceID, spanID: spanID,
                              width: backend.size.width, height: backend.size.height, unicode: backend.unicode)
        app.run(backend: backend)
        backend.restore()
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
