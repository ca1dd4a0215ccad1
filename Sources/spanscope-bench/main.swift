import Explorer
import ChildProcess
import Foundation
import Reports
import TerminalUI
import TraceAnalysis
import TraceFormats
import TraceModel
import TraceSynth
import Export

// Release-build benchmark: `swift build -c release && .build/release/spanscope-bench`.
// Generates the OTLP benchmark files (seeded) under bench-data/, then times `spanscope analyze`
// as a user runs it (a child process: wall time and peak RSS) next to peers run in the same
// script on the same file: `cat FILE > /dev/null`, `jq length`, Python's json module.

/// Unbuffered output, so lines stay in order with the children's output.
func say(_ line: String = "") {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
}

struct Options {
    var sizes = [100_000, 1_000_000]
    var runs = 3
    var peersOnLarge = false
    var dir = "bench-data"
    var phasesOf: String? = nil
    var tuiFile: String? = nil
    var logsOnly = false
    var logPhasesOf: String? = nil
    var skewed = false
    var follow = false
    var otlpProto = false
    var backend = false
    /// `--backend-part open,search,poll,keys`: some of the backend measurements.
    var backendParts = ["open", "search", "poll", "keys"]
    var store = false
    var receive = false
    var ingest = false
    var listenKeys = false
    var connections = 4
    var maxStore: Int? = nil

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            switch args[i] {
            case "--spans": i += 1; sizes = args[i].split(separator: ",").compactMap { Int($0) }
            case "--runs": i += 1; runs = Int(args[i]) ?? runs
            case "--peers-on-large": peersOnLarge = true
            case "--dir": i += 1; dir = args[i]
            case "--phases": i += 1; phasesOf = args[i]
            case "--tui": i += 1; tuiFile = args[i]
            case "--logs": logsOnly = true
            case "--log-phases": i += 1; logPhasesOf = args[i]
            case "--skewed": skewed = true
            case "--follow": follow = true
            case "--otlp-proto": otlpProto = true
            case "--backend": backend = true
            case "--backend-part": i += 1; backend = true; backendParts = args[i].split(separator: ",").map(String.init)
            case "--store": store = true
            case "--receive": receive = true
            case "--ingest": ingest = true
            case "--listen-keys": listenKeys = true
            case "--grpc": break  // with --ingest
            case "--connections": i += 1; connections = Int(args[i]) ?? connections
            case "--max-store": i += 1; maxStore = Int(args[i])
            default:
                say("usage: spanscope-bench [--spans 100000,1000000] [--runs 3] [--peers-on-large] [--dir bench-data] [--logs] [--skewed] [--follow] [--otlp-proto] [--backend] [--backend-part open,search,poll,keys] [--store] [--receive] [--ingest [--grpc] [--connections 4] [--max-store BYTES]] [--listen-keys] [--tui FILE]")
                exit(2)
            }
            i += 1
        }
    }
}

struct Measurement {
    var wall: Double
    var maxRSSKB: Int
    var status: Int32
}

/// Runs a command through /bin/sh with output to /dev/null; wall time and the child's peak RSS.
func measure(_ command: String) -> Measurement {
    var pid: pid_t = 0
    let args = ["/bin/sh", "-c", command + " > /dev/null"]
    var cargs = args.map { strdup($0) } + [nil]
    defer { for p in cargs where p != nil { free(p) } }
    let start = Date()
    guard posix_spawn(&pid, "/bin/sh", nil, nil, &cargs, environ) == 0 else { return Measurement(wall: .nan, maxRSSKB: 0, status: -1) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    return Measurement(wall: Date().timeIntervalSince(start), maxRSSKB: usage.ru_maxrss, status: status)
}

func best(_ runs: Int, _ command: String) -> Measurement {
    var result = measure(command)
    for _ in 1..<max(1, runs) {
        let m = measure(command)
        if m.wall < result.wall { result.wall = m.wall }
        result.maxRSSKB = max(result.maxRSSKB, m.maxRSSKB)
    }
    return result
}

func have(_ tool: String) -> Bool { measure("command -v \(tool)").status == 0 }

func seconds(_ s: Double) -> String { String(format: "%.3f s", s) }
func megabytes(_ kb: Int) -> String { String(format: "%.0f MB", Double(kb) / 1024) }

func ensureFile(_ path: String, spans: Int) -> Int {
    if let attrs = try? FileManager.default.attributesOfItem(atPath: path), let size = attrs[.size] as? Int, size > 0 {
        return size
    }
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    let bytes = BenchOTLPWriter().write(spans: spans, traces: max(1, spans / 1000)) { chunk in
        handle.write(Data(chunk))
    }
    try? handle.close()
    return bytes
}

/// In-process phase timings (best of runs). Run in a child process so that the parent's memory
/// never inflates the peak RSS measured for the other children.
func phases(_ path: String, runs: Int) throws {
    var load = Double.infinity, analyze = Double.infinity, report = Double.infinity, readLoad = Double.infinity
    for _ in 0..<runs {
        // The same load with read(2) into memory instead of a guarded mapping.
        let r0 = Date()
        _ = try TraceLoader.decode(try InputReader.open(path, mapping: false))
        readLoad = min(readLoad, Date().timeIntervalSince(r0))
        let t0 = Date()
        let input = try TraceLoader.load(path: path)
        let t1 = Date()
        let analysis = Analysis(input.set)
        let t2 = Date()
        var bytes = 0
        AnalyzeText.write(analysis) { bytes += $0.utf8.count }
        let t3 = Date()
        load = min(load, t1.timeIntervalSince(t0))
        analyze = min(analyze, t2.timeIntervalSince(t1))
        report = min(report, t3.timeIntervalSince(t2))
    }
    say("phases in process: load \(seconds(load)), analyze \(seconds(analyze)), text report \(seconds(report))")
    say("load with read(2) instead of mmap: \(seconds(readLoad))")
}

func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, n - s.count))
    return right ? gap + s : s + gap
}

/// The explorer on one file: time to the first frame, then every interactive key's
/// handle + render time at 200×60 (median, p99, max over many presses).
func tui(_ path: String) throws {
    let t0 = Date()
    let input = try TraceLoader.load(path: path)
    let analysis = Analysis(input.set)
    var app = ExplorerApp(set: input.set, analysis: analysis, width: 200, height: 60)
    _ = app.render(width: 200, height: 60)
    let firstFrame = Date().timeIntervalSince(t0)
    say("explorer on \(input.set.spans.count) spans: first frame \(seconds(firstFrame)) after start (load, analysis, first render)")
    // One-time costs of the outlier medians and a trace's statistics (also paid inside the
    // first frame / the first `t`).
    let b0 = Date()
    _ = OperationBaseline(input.set, trees: analysis.trees)
    let b1 = Date()
    _ = TraceStatistics.withIndex(input.set, tree: analysis.trees[0])
    let b2 = Date()
    say("once: outlier baseline \(seconds(b1.timeIntervalSince(b0))) (first frame), trace statistics with its "
        + "operation index \(seconds(b2.timeIntervalSince(b1))) (first t, prefetched after the first frame)")
    // As the run loop does after a frame; a user reads the first frame before pressing `t`.
    app.state.data.prefetchStatistics(for: app.state)
    Thread.sleep(forTimeInterval: 1)
    // A session's worth of keys: moves, pages, expand/collapse, details, search next, errors.
    var script = "jjjjjjjjjj<PgDn><PgDn><PgDn>kkkk<C-d><C-u><Space><Space>hl<Enter><Enter><Tab><Tab>eeeEE<End><Home>"
    script += String(repeating: "j<PgDn>", count: 20)
    script += "LjjkkAjjk<Enter>lhA<Esc>"  // linked logs: pane on, span mode following the tree, trace mode, jump, off
    script += "t" + String(repeating: "s", count: 10) + "S<Tab><Tab>jjk<Enter>jjkk<PgDn>hl<Esc>mvmtq"  // statistics, filter, mark
    // Waterfall views: critical path only, size levels, zoom, focus, skew, export menu.
    script += "CCzzzzz[[[]0fjF<Esc>Kx<Esc>"
    let keys = try KeyNotation.parse(script)
    var times: [Double] = []
    var slowest: [(Double, String)] = []
    // Worst time per key of the waterfall views: the first round (their caches may
    // still be building in the background) and the later ones.
    var worst = [[String: Double]](repeating: [:], count: 2)
    for round in 0..<5 {
        for key in keys {
            let k0 = DispatchTime.now().uptimeNanoseconds
            app.handle(key)
            _ = app.render(width: 200, height: 60)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - k0) / 1e6
            times.append(ms)
            let name = KeyNotation.describe(key)
            slowest.append((ms, name))
            worst[min(round, 1)][name] = max(worst[min(round, 1)][name] ?? 0, ms)
        }
    }
    for (label, w) in zip(["first round", "rounds 2-5"], worst) {
        say("views keys, worst in \(label): " + ["C", "z", "[", "]", "0", "f", "F", "K", "x"].map {
            String(format: "%@ %.1f ms", $0, w[$0] ?? -1)
        }.joined(separator: ", "))
    }
    slowest.sort { $0.0 > $1.0 }
    say("slowest keys: " + slowest.prefix(6).map { String(format: "%@ %.1f ms", $0.1, $0.0) }.joined(separator: ", "))
    let searchKeys = try KeyNotation.parse("/GET<Enter>")
    for key in searchKeys { app.handle(key) }
    for _ in 0..<50 {
        let k0 = DispatchTime.now().uptimeNanoseconds
        app.handle(.character("n"))
        _ = app.render(width: 200, height: 60)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - k0) / 1e6)
    }
    times.sort()
    let median = times[times.count / 2]
    let p99 = times[min(times.count - 1, times.count * 99 / 100)]
    say(String(format: "keypress + render at 200x60 over %d presses: median %.2f ms, p99 %.2f ms, max %.2f ms",
               times.count, median, p99, times.last ?? 0))
}

/// The logs file of the logs benchmark: `lines` JSON log lines linked to the spans of `traces`.
func ensureLogs(_ path: String, lines: Int, traces: String) throws -> Int {
    if let attrs = try? FileManager.default.attributesOfItem(atPath: path), let size = attrs[.size] as? Int, size > 0 {
        return size
    }
    let set = try TraceLoader.load(path: traces).set
    let refs = set.spans.map { BenchLogWriter.SpanRef(trace: $0.traceID, span: $0.spanID, start: $0.start) }
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    let bytes = BenchLogWriter().write(lines: lines, spans: refs) { handle.write(Data($0)) }
    try? handle.close()
    return bytes
}

/// In-process phases of loading logs (best of runs): decoding the file, and the index by trace
/// and span that `Analysis` builds.
func logPhases(_ path: String, runs: Int) throws {
    var load = Double.infinity, index = Double.infinity
    var count = 0, linked = 0
    for _ in 0..<runs {
        let t0 = Date()
        let input = try LogLoader.load(path: path)
        let t1 = Date()
        let known = Set(input.set.logs.lazy.map(\.traceID).filter { $0 != .zero })
        let t2 = Date()
        let built = LogIndex(logs: input.set.logs, knownTraces: known)
        let t3 = Date()
        load = min(load, t1.timeIntervalSince(t0))
        index = min(index, t3.timeIntervalSince(t2))
        count = input.set.logs.count
        linked = built.linkedCount
    }
    say("log phases in process: decode \(count) lines \(seconds(load)), index by trace and span (\(linked) linked) \(seconds(index))")
}

/// 1,000,000 JSON log lines (~200 MB) with the 100k-span trace file: `analyze` with and without
/// them, the phases, and peers reading the same lines.
func logsBench(_ spanscope: String, _ options: Options, hasJQ: Bool, hasPython: Bool) throws {
    let traces = "\(options.dir)/otlp-100000.json"
    _ = ensureFile(traces, spans: 100_000)
    let logs = "\(options.dir)/logs-1000000.jsonl"
    let size = try ensureLogs(logs, lines: 1_000_000, traces: traces)
    say("\n== logs: 1,000,000 JSON log lines, \(size / 1_000_000) MB, linked to \(traces)")
    let alone = best(options.runs, "'\(spanscope)' analyze '\(traces)'")
    let both = best(options.runs, "'\(spanscope)' analyze '\(traces)' --logs '\(logs)'")
    _ = try ChildProcess.run(CommandLine.arguments[0], ["--log-phases", logs, "--runs", String(options.runs)],
                             output: .inherit, timeout: 3600)
    let logsPart = both.wall - alone.wall
    say(pad("command", 44) + pad("wall", 10, right: true) + pad("peak RSS", 10, right: true) + pad("÷ logs part", 13, right: true))
    func row(_ name: String, _ m: Measurement) {
        say(pad(name, 44) + pad(seconds(m.wall), 10, right: true) + pad(megabytes(m.maxRSSKB), 10, right: true)
              + pad(String(format: "%.1f×", m.wall / logsPart), 13, right: true))
    }
    row("spanscope analyze TRACES", alone)
    row("spanscope analyze TRACES --logs LOGS", both)
    say(pad("  the logs' part (difference)", 44) + pad(seconds(logsPart), 10, right: true))
    row("cat LOGS > /dev/null", best(options.runs, "cat '\(logs)'"))
    row("wc -l LOGS", best(options.runs, "wc -l '\(logs)'"))
    if hasJQ { row("jq -c . LOGS (parse every line)", best(1, "jq -c . '\(logs)'")) }
    if hasPython {
        row("python3 json.loads per line", best(1, "python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' '\(logs)'"))
    }
}

// The ingest benchmark's server child (not an option for people).
if CommandLine.arguments.count >= 4, CommandLine.arguments[1] == "--ingest-server" {
    try IngestServer.serve(store: CommandLine.arguments[2], info: CommandLine.arguments[3], maxStore: CommandLine.arguments.dropFirst(4).first.flatMap { Int($0) })
}
let options = Options(CommandLine.arguments)
if let path = options.logPhasesOf {
    try logPhases(path, runs: options.runs)
    exit(0)
}
if let path = options.tuiFile {
    try tui(path)
    exit(0)
}
if options.follow {
    try FollowBench.run()
    exit(0)
}
if options.otlpProto {
    try ProtoBench.run()
    exit(0)
}
if options.backend {
    try BackendBench.run(runs: options.runs, parts: options.backendParts)
    exit(0)
}
if options.store {
    // --spans gives the store's size here (default 1,000,000).
    try StoreBench.run(spans: CommandLine.arguments.contains("--spans") ? options.sizes.last ?? 1_000_000 : 1_000_000, dir: options.dir)
    exit(0)
}
if options.listenKeys {
    try ListenKeysBench.run(dir: options.dir)
    exit(0)
}
if options.ingest {
    // --spans gives the spans sent here (default 10,000,000).
    try IngestBench.run(spans: CommandLine.arguments.contains("--spans") ? options.sizes.last ?? 10_000_000 : 10_000_000,
                        connections: options.connections, maxStore: options.maxStore, dir: options.dir,
                        grpc: CommandLine.arguments.contains("--grpc"))
    exit(0)
}
if options.receive {
    try ReceiveBench.run()
    exit(0)
}
if options.skewed {
    // One 1M-span trace whose "checkout" host clock runs 2 s early: `K` has real work.
    let path = "\(options.dir)/otlp-1m-single-skewed.json"
    if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
        var writer = BenchOTLPWriter()
        writer.clockOffset = (service: 3, ns: -2_000_000_000)
        writer.write(spans: 1_000_000, traces: 1) { handle.write(Data($0)) }
        try? handle.close()
    }
    say("== explorer, one skewed trace of 1,000,000 spans: \(path)")
    try tui(path)
    exit(0)
}
if let path = options.phasesOf {
    try phases(path, runs: options.runs)
    exit(0)
}
let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let spanscope = binDir + "/spanscope"
guard FileManager.default.isExecutableFile(atPath: spanscope) else {
    say("build the CLI first: swift build -c release   (looked for \(spanscope))")
    exit(1)
}
try? FileManager.default.createDirectory(atPath: options.dir, withIntermediateDirectories: true)
let hasJQ = have("jq")
let hasPython = have("python3")
say("spanscope-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, best of \(options.runs) runs")
if options.logsOnly {
    try logsBench(spanscope, options, hasJQ: hasJQ, hasPython: hasPython)
    exit(0)
}

for spans in options.sizes {
    let path = "\(options.dir)/otlp-\(spans).json"
    let size = ensureFile(path, spans: spans)
    say("\n== \(spans) spans, \(size / 1_000_000) MB (\(size / spans) bytes/span): \(path)")

    let ours = best(options.runs, "'\(spanscope)' analyze '\(path)'")
    _ = try ChildProcess.run(CommandLine.arguments[0], ["--phases", path, "--runs", String(options.runs)],
                             output: .inherit, timeout: 3600)
    let cat = best(options.runs, "cat '\(path)'")
    say(pad("command", 34) + pad("wall", 10, right: true) + pad("peak RSS", 10, right: true) + pad("÷ spanscope", 13, right: true))
    func row(_ name: String, _ m: Measurement) {
        let ratio = String(format: "%.1f×", m.wall / ours.wall)
        say(pad(name, 34) + pad(seconds(m.wall), 10, right: true) + pad(megabytes(m.maxRSSKB), 10, right: true)
              + pad(ratio, 13, right: true))
    }
    row("spanscope analyze (text report)", ours)
    row("cat FILE > /dev/null", cat)
    let small = spans <= 200_000
    if hasJQ && (small || options.peersOnLarge) { row("jq length", best(1, "jq length '\(path)'")) }
    if hasPython && (small || options.peersOnLarge) {
        row("python3 json.load", best(1, "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '\(path)'"))
    }
    if !small && !options.peersOnLarge { say("(jq and python skipped at this size: they take 35–75 s and 7–11 GB; --peers-on-large runs them)") }
}

// The explorer on a single 1,000,000-span trace: first frame and keypress latency, in a child
// (so its memory is measured alone).
let single = "\(options.dir)/otlp-1000000-single-trace.json"
if options.sizes.contains(1_000_000) {
    if !FileManager.default.fileExists(atPath: single) {
        _ = FileManager.default.createFile(atPath: single, contents: nil)
        if let handle = FileHandle(forWritingAtPath: single) {
            BenchOTLPWriter().write(spans: 1_000_000, traces: 1) { handle.write(Data($0)) }
            try? handle.close()
        }
    }
    say("\n== explorer, one trace of 1,000,000 spans: \(single)")
    let render = best(options.runs, "'\(spanscope)' '\(single)' --render 200x60")
    say("spanscope FILE --render 200x60 (start to first frame printed): \(seconds(render.wall)), peak RSS \(megabytes(render.maxRSSKB))")
    _ = try ChildProcess.run(CommandLine.arguments[0], ["--tui", single], output: .inherit, timeout: 3600)
}

// Linked logs: a million log lines next to the 100k-span file.
if options.sizes.contains(100_000) {
    try logsBench(spanscope, options, hasJQ: hasJQ, hasPython: hasPython)
}
