import ArgumentParser
import Config
#if canImport(Glibc)
import Glibc
#endif
import CursesBackend
import Explorer
import Foundation
import Reports
import Synchronization
import TerminalUI
import TraceAnalysis
import TraceFormats
import TraceModel
import Export

struct Spanscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spanscope",
        abstract: "Explore distributed traces in the terminal: waterfall, critical path, self time.",
        version: BuildInfo.version,
        subcommands: [Open.self, Analyze.self, Compare.self, Demo.self, Listen.self, BackendsCommand.self, Docs.self, Version.self, ConfigCommand.self],
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

    @Argument(help: "Trace files, directories (trace files found by content) or quoted globs; '-' for standard input; or one backend: a URL (http://localhost:16686, tempo+https://…) or @NAME from the config.")
    var files: [String]

    @Flag(help: "Print JSON (see docs/analyze-json.md) instead of the text report (same as --format json).")
    var json = false

    @Option(help: "Output: text (the report), json (docs/analyze-json.md) or otlp (the traces as one OTLP/JSON request).")
    var format: ReportFormat?

    @Option(help: "Only the trace with this id (hex, or a unique prefix); repeat for several.")
    var trace: [String] = []

    @Flag(help: "Correct clock skew between hosts before analysing (raw times are kept in the JSON).")
    var adjustSkew = false

    @Option(help: ArgumentHelp(Runner.logsHelp, valueName: "path"))
    var logs: [String] = []

    @Option(help: ArgumentHelp(ByteSize.help, valueName: "size"))
    var maxInputSize: ByteSize?

    @Option(help: "Rows in each table of the summary of a set of traces.")
    var top = 10

    @Option(help: "Order of the per-trace sections: duration, errors, spans or start (default: input order).")
    var sort: TraceOrder?

    @Flag(help: "Print only the summary of the set (slowest traces, errors, operations), no per-trace sections.")
    var summary = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if json, let format, format != .json { throw ValidationError("--json conflicts with --format \(format.rawValue)") }
        for t in trace {
            if case .failure(let e) = IDLookup.trace(t, in: []), e.malformed { throw ValidationError(e.description) }
        }
    }

    @OptionGroup(title: "Backend (when the source is a URL or @NAME)") var remote: BackendOptions

    func run() throws {
        if let store = StoreSource.path(files) {
            StoreSource.analyze(store, remote, logs: logs, limit: InputLimit(maxBytes: maxInputSize?.bytes), format: format ?? (json ? .json : .text),
                                traces: trace, options: AnalysisOptions(adjustSkew: adjustSkew), report: ReportOptions(top: top, sort: sort, summaryOnly: summary))
        }
        if let source = BackendRunner.remoteSource(files) {
            BackendRunner.analyze(source: source, remote, traces: trace, format: format ?? (json ? .json : .text),
                                  options: AnalysisOptions(adjustSkew: adjustSkew), report: ReportOptions(top: top, sort: sort, summaryOnly: summary))
        }
        Runner.analyze(files: files, logs: logs, limit: InputLimit(maxBytes: maxInputSize?.bytes), format: format ?? (json ? .json : .text),
                       traces: trace, options: AnalysisOptions(adjustSkew: adjustSkew),
                       report: ReportOptions(top: top, sort: sort, summaryOnly: summary))
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

extension TraceOrder: ExpressibleByArgument {}

/// `analyze`'s summary and section order.
struct ReportOptions {
    var top = 10
    var sort: TraceOrder? = nil
    var summaryOnly = false
}

/// Options shared by the commands that open the explorer.
struct ExploreOptions: ParsableArguments {
    @Option(help: "Open this trace (hex id, or a unique prefix).")
    var trace: String?

    @Option(help: "Select this span (hex id, or a unique prefix) in the opened trace.")
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

    @Flag(help: "Keep reading what is appended to the files (or arrives on standard input): JSON Lines of OTLP requests or Zipkin lists.")
    var follow = false

    @Option(help: ArgumentHelp(ByteSize.help, valueName: "size"))
    var maxInputSize: ByteSize?

    @Flag(help: "Show times in UTC (the trace list shows the local time zone otherwise).")
    var utc = false

    var limit: InputLimit { InputLimit(maxBytes: maxInputSize?.bytes) }
    /// The trace list's clock: local (the TZ variable) or UTC, and today for its dates.
    /// Times in the trace list: UTC with `--utc` or the config's `[defaults] utc`, else local.
    func clock(_ config: Config) -> ListClock {
        ListClock(zone: utc || config.utc ? ListClock.utc : TimeZone.current,
                  now: Int64(Date().timeIntervalSince1970) * 1_000_000_000)
    }
}

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open trace files in the terminal explorer (the default command).",
        discussion: "One trace opens straight into its waterfall; several open the trace list. '-' reads standard input; a directory loads the trace files in it."
    )

    @Argument(help: "Trace files, directories (trace files found by content) or quoted globs; '-' for standard input; or one backend: a URL (http://localhost:16686, tempo+https://…) or @NAME from the config.")
    var files: [String]

    @OptionGroup var explore: ExploreOptions

    @OptionGroup(title: "Backend (when the source is a URL or @NAME)") var remote: BackendOptions

    @Option(help: ArgumentHelp("On a backend: re-run the search this often (default 5s; off: never; w toggles).", valueName: "duration"))
    var poll: String?

    @Option(help: ArgumentHelp("On a backend: memory for fetched traces, least recently used out (default 512M).", valueName: "size"))
    var cache: ByteSize?

    func run() throws {
        if let source = BackendRunner.remoteSource(files) {
            BackendRunner.explore(source: source, explore, remote, poll: poll, cacheBytes: cache?.bytes)
        }
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

    @Flag(help: "Live mode: the demo's services send traces to spanscope's own OTLP receiver (loopback, in memory), a few a second.")
    var live = false

    @OptionGroup var explore: ExploreOptions

    func run() throws {
        if live {
            let plan = ListenPlan(otlpGRPC: nil, otlpHTTP: "127.0.0.1:0", zipkin: nil, store: nil, maxAge: nil,
                                  maxBytes: 64 << 20, maxRequestSize: 16 << 20)
            ListenRunner.explore(plan, keep: 100_000, utc: explore.utc) { session in
                guard let http = session.bound.first(where: { $0.role == "OTLP/HTTP" })?.address else { return nil }
                LiveDemo.start(host: http.host, port: http.port)
                return "live demo: the shop's services export OTLP to spanscope's own receiver at \(http) (in memory)"
            }
        }
        guard let paths = Runner.demoPaths() else {
            Runner.printError("spanscope: demo data not found (expected \(Runner.demoFiles.joined(separator: " and ")))")
            throw ExitCode(1)
        }
        if json || report || (isatty(1) == 0 && explore.render == nil) {
            // The demo data's missing parents are there on purpose: one line, not a wall of warnings.
            Runner.analyze(files: paths, logs: explore.logs, limit: explore.limit, format: json ? .json : .text, options: AnalysisOptions(),
                           anomaliesNote: "in the demo data (spans whose parent is missing): the report shows them, the explorer lists them on !")
        }
        Runner.explore(files: paths, explore)
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show where the config file is read from, check it, or print a commented default file.",
        discussion: "The file: $XDG_CONFIG_HOME/spanscope/config.toml, else ~/.config/spanscope/config.toml (TOML)."
    )

    @Flag(help: "Print a commented default config file (every key binding, colour and default).")
    var printDefault = false

    func run() throws {
        if printDefault {
            Runner.writeStdout(Array(Config.defaultText.utf8))
            return
        }
        let path = Config.defaultPath()
        let config = Config.load(path: path)
        print(FileManager.default.fileExists(atPath: path) ? "config: \(path)" : "config: \(path) (not present: defaults)")
        for p in config.problems { Runner.printError("spanscope: warning: \(Sanitize.text(p))") }
        if !config.problems.isEmpty { throw ExitCode(1) }
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

    static func analyze(files: [String], logs: [String] = [], limit: InputLimit, format: ReportFormat, traces: [String] = [],
                        options: AnalysisOptions, report: ReportOptions = .init(), anomaliesNote: String? = nil) -> Never {
        let t = Timing.now()
        let loaded = TraceLoader.load(paths: files, logs: logs, limit: limit)
        Timing.report("load", since: t)
        for e in loaded.errors { printError("spanscope: \(Sanitize.text(e.description))") }
        Runner.report(loaded.set, failed: !loaded.errors.isEmpty, warnings: loaded.warnings, format: format, traces: traces, options: options,
               report: report, anomaliesNote: anomaliesNote)
    }

    /// Prints the report of `set` (loaded from files, or fetched from a backend: `source`);
    /// exits 1 when `failed` or a requested trace is not in the set.
    static func report(_ set: TraceSet, failed: Bool, warnings: [String], format: ReportFormat, traces: [String] = [],
                       options: AnalysisOptions, report: ReportOptions = .init(), anomaliesNote: String? = nil,
                       source: ReportSource? = nil) -> Never {
        var t = Timing.now()
        for w in warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        var set = set
        var failed = failed
        if !traces.isEmpty {
            let present = Set(set.spans.lazy.map(\.traceID))
            var wanted = Set<TraceID>()
            for text in traces {
                switch IDLookup.trace(text, in: present) {
                case .success(let id): wanted.insert(id)
                case .failure(let e): printError("spanscope: \(e)"); failed = true
                }
            }
            set.spans.removeAll { !wanted.contains($0.traceID) }
            // Keep logs that name a wanted trace by its low half too (Datadog's 64-bit ids).
            let wantedLow = Set(wanted.lazy.filter { $0.high != 0 }.map(\.low))
            set.logs.removeAll { !wanted.contains($0.traceID) && !($0.traceID.high == 0 && wantedLow.contains($0.traceID.low)) }
        }
        if format == .otlp {
            // Raw times and the trees' ids: valid OTLP that reads back as the same trees.
            var out: [UInt8] = []
            ExportOTLP.write(set: set, trees: TraceTree.buildAll(set), to: &out)
            writeStdout(out)
            exit(failed ? 1 : 0)
        }
        let analysis = Analysis(set, options: options)
        Timing.report("analyze", since: t)
        t = Timing.now()
        defer { Timing.report("report", since: t) }
        if let note = anomaliesNote, !analysis.warnings.isEmpty {
            printError("spanscope: " + Plural.counted(analysis.warnings.count, "deliberate anomaly", "deliberate anomalies") + " " + note)
        } else {
            for w in analysis.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        }
        var layout = ReportLayout(analysis, top: report.top, sort: report.sort, summaryOnly: report.summaryOnly)
        layout.source = source
        if format == .json {
            AnalyzeJSON.write(analysis, layout: layout) { writeStdout($0) }
        } else if !set.spans.isEmpty || !failed || source != nil {
            AnalyzeText.write(analysis, layout: layout) { writeStdout(Array($0.utf8)) }
        }
        // Leave without tearing down a million-span model piece by piece: the kernel frees the
        // whole address space at once (measured: tens of milliseconds on 1M spans).
        exit(failed ? 1 : 0)
    }

    /// Loads and opens the explorer (on the terminal, or headless with --render); never returns.
    /// Inputs at least this large load while the explorer is already on screen.
    static let backgroundLoadBytes = 20 << 20

    static func explore(files: [String], _ o: ExploreOptions) -> Never {
        if !o.follow && o.render == nil && isatty(1) != 0, !files.contains("-"),
           files.reduce(0, { $0 + fileSize($1) }) >= backgroundLoadBytes {
            exploreLoading(files: files, o)
        }
        var t = Timing.now()
        // Followed files are read by the live feed from their start (only complete lines).
        let loaded = StoreSource.load(paths: o.follow ? [] : files, logs: o.logs, limit: o.limit, window: StoreSource.explorerWindow)
        Timing.report("load", since: t)
        for e in loaded.errors { printError("spanscope: \(Sanitize.text(e.description))") }
        for w in loaded.warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        guard !loaded.set.spans.isEmpty || o.follow else {
            if loaded.errors.isEmpty { printError("spanscope: no spans to show in \(Sanitize.text(files.joined(separator: ", ")))") }
            exit(1)
        }
        t = Timing.now()
        let analysis = Analysis(loaded.set, options: AnalysisOptions(adjustSkew: o.adjustSkew))
        Timing.report("analyze", since: t)
        t = Timing.now()
        let (traceID, spanID) = resolveIDs(o, in: loaded.set)
        // The analysis's warnings (missing parents, id clashes) are not printed here, but listed
        // on the problems screen with the loader's.
        let problems = LoadProblems(errors: loaded.errors.map(\.description), warnings: loaded.warnings + analysis.warnings)
        if let size = o.render {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
                printError("spanscope: --render wants WIDTHxHEIGHT, e.g. 120x40")
                exit(2)
            }
            do {
                let config = loadConfig()
                var app = ExplorerApp(set: loaded.set, analysis: analysis, traceID: traceID, spanID: spanID,
                                      width: parts[0], height: parts[1], problems: problems, clock: o.clock(config))
                apply(config, to: &app)
                Timing.report("explorer state", since: t)
                t = Timing.now()
                if o.follow {
                    // What the files hold now, read as the live feed reads it.
                    app.markLive()
                    for path in files {
                        do throws(LoadError) {
                            let update = try FollowReader(path: path).poll()
                            for e in update.errors { printError("spanscope: \(Sanitize.text(e.description))") }
                            if let batch = update.batch { app.absorb(batch.set) }
                        } catch {
                            printError("spanscope: \(Sanitize.text(error.description))")
                        }
                    }
                }
                for key in try KeyNotation.parse(o.keys) { app.performFileEffects(app.handle(key)) }
                let grid = app.render(width: parts[0], height: parts[1])
                Timing.report("keys and render", since: t)
                var out = grid.text()
                if o.roles { out += "\n" + grid.roles() }
                writeStdout(Array((out.hasSuffix("\n") ? out : out + "\n").utf8))
            } catch {
                printError("spanscope: \(error) in --keys")
                exit(2)
            }
            exit(loaded.errors.isEmpty ? 0 : 1)
        }
        // Followed standard input keeps its pipe; the keyboard comes from the terminal.
        let stdinPipe = o.follow && files.contains("-") ? dup(0) : 0
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
        let config = loadConfig()
        backend.colorOverrides = config.colors
        backend.setup()
        var app = ExplorerApp(set: loaded.set, analysis: analysis, traceID: traceID, spanID: spanID,
                              width: backend.size.width, height: backend.size.height, unicode: backend.unicode, problems: problems, clock: o.clock(config))
        apply(config, to: &app)
        var inbox: Inbox? = nil
        var feed: LiveFeed? = nil
        if o.follow {
            let live = LiveFeed(data: app.state.data, inbox: Inbox())
            live.follow(paths: files, stdin: stdinPipe, interval: config.followInterval)
            app.markLive()
            inbox = live.inbox
            feed = live
        }
        app.run(backend: backend, inbox: inbox, observe: { feed?.watch(trace: $0.waterfall?.traceIndex) })
        backend.restore()
        exit(loaded.errors.isEmpty ? 0 : 1)
    }

    /// The config file (docs/keybindings.md, "Rebinding keys"); its problems go to stderr.
    static func loadConfig() -> Config {
        let config = Config.load(path: Config.defaultPath())
        for p in config.problems { printError("spanscope: warning: \(Sanitize.text(p))") }
        return config
    }

    /// Key bindings from the config; its first problem in the status line at start.
    static func apply(_ config: Config, to app: inout ExplorerApp) {
        app.useKeyMap(config.keyMap)
        if let first = config.problems.first {
            let more = config.problems.count > 1 ? " (+\(config.problems.count - 1) more on stderr)" : ""
            app.showMessage("config: " + first + more)
        }
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
    }

    /// The explorer opens at once and loads in the background (`ExplorerApp.load`); what could
    /// not be read is printed when it closes, the first problem is in the status line meanwhile.
    static func exploreLoading(files: [String], _ o: ExploreOptions) -> Never {
        if isatty(0) == 0 {
            let tty = Glibc.open("/dev/tty", O_RDWR)
            if tty >= 0 { dup2(tty, 0); close(tty) }
        }
        guard isatty(0) != 0 else {
            printError("spanscope: the explorer needs a terminal; use 'spanscope analyze' or --render WxH")
            exit(2)
        }
        let problems = Mutex<(errors: [String], warnings: [String])>(([], []))
        let backend = CursesBackend()
        let config = loadConfig()
        backend.colorOverrides = config.colors
        backend.setup()
        var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()),
                              width: backend.size.width, height: backend.size.height, unicode: backend.unicode, clock: o.clock(config))
        apply(config, to: &app)
        let inbox = Inbox()
        let bytes = files.reduce(0) { $0 + fileSize($1) }
        let label = "loading \(files.count == 1 ? files[0] : "\(files.count) files") (\(bytes >> 20) MB)"
        let adjust = o.adjustSkew, logs = o.logs, limit = o.limit
        let options = o
        app.load(Sanitize.text(label), inbox: inbox) {
            let loaded = StoreSource.load(paths: files, logs: logs, limit: limit, window: StoreSource.explorerWindow)
            let ids = lookupIDs(options, in: loaded.set)
            problems.withLock { $0 = (loaded.errors.map(\.description) + (ids.error.map { [$0] } ?? []), loaded.warnings) }
            let analysis = Analysis(loaded.set, options: AnalysisOptions(adjustSkew: adjust))
            let found = LoadProblems(errors: (ids.error.map { [$0] } ?? []) + loaded.errors.map(\.description),
                                     warnings: loaded.warnings + analysis.warnings)
            return (ExplorerData(set: loaded.set, analysis: analysis), found, ids.trace, ids.span)
        }
        app.run(backend: backend, inbox: inbox)
        backend.restore()
        let (errors, warnings) = problems.withLock { $0 }
        for e in errors { printError("spanscope: \(Sanitize.text(e))") }
        for w in warnings { printError("spanscope: warning: \(Sanitize.text(w))") }
        exit(errors.isEmpty ? 0 : 1)
    }

    /// `--trace` and `--span` as ids of the loaded set (unique prefixes allowed); a malformed,
    /// unknown or ambiguous one is one line on stderr and exit status 2.
    static func resolveIDs(_ o: ExploreOptions, in set: TraceSet) -> (TraceID?, SpanID?) {
        let ids = lookupIDs(o, in: set)
        if let error = ids.error {
            printError("spanscope: \(error)")
            exit(2)
        }
        return (ids.trace, ids.span)
    }

    /// `--trace` and `--span` looked up in `set`, or the reason they cannot be.
    static func lookupIDs(_ o: ExploreOptions, in set: TraceSet) -> (trace: TraceID?, span: SpanID?, error: String?) {
        var traceID: TraceID? = nil
        if let text = o.trace {
            switch IDLookup.trace(text, in: Set(set.spans.lazy.map(\.traceID))) {
            case .success(let id): traceID = id
            case .failure(let e): return (nil, nil, "\(e)")
            }
        }
        guard let text = o.span else { return (traceID, nil, nil) }
        let spans = set.spans.lazy.filter { traceID == nil || $0.traceID == traceID }.map(\.spanID)
        switch IDLookup.span(text, in: spans) {
        case .success(let id): return (traceID, id, nil)
        case .failure(let e): return (traceID, nil, "\(e)")
        }
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
