// Writes Fixtures/ (format fixtures, demo data) and large benchmark inputs from seeded
// generators. Plain argument parsing: this tool has three subcommands and no users but us.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TraceSynth

let usage = """
    usage:
      spanscope-fixtures fixtures [DIR]                       write format fixtures and demo data (default DIR: Fixtures)
      spanscope-fixtures bench-otlp OUTFILE --spans N [--traces T] [--seed S]
                                                               stream a large OTLP JSON file (default ~1000 spans per trace)
      spanscope-fixtures bench-chain OUTFILE --depth N        one trace that is a single chain N spans deep
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Parses `--name value` options after the positional arguments.
func options(_ args: ArraySlice<String>) -> (positional: [String], named: [String: String]) {
    var positional: [String] = []
    var named: [String: String] = [:]
    var i = args.startIndex
    while i < args.endIndex {
        let a = args[i]
        if a.hasPrefix("--") {
            guard i + 1 < args.endIndex else { fail("missing value for \(a)\n\(usage)") }
            named[String(a.dropFirst(2))] = args[i + 1]
            i += 2
        } else {
            positional.append(a)
            i += 1
        }
    }
    return (positional, named)
}

func intOption(_ named: [String: String], _ key: String) -> Int? {
    guard let text = named[key] else { return nil }
    guard let v = Int(text.replacingOccurrences(of: "_", with: "")), v >= 0 else { fail("--\(key) needs a number, got \(text)") }
    return v
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    } catch {
        fail("cannot write \(path): \(error)")
    }
}

/// Streams chunks to a file through stdio's buffer.
func streamFile(_ path: String, _ body: (([UInt8]) -> Void) -> Int) -> (bytes: Int, seconds: Double) {
    guard let f = fopen(path, "wb") else { fail("cannot open \(path) for writing") }
    let t0 = Date()
    let total = body { chunk in
        chunk.withUnsafeBufferPointer { p in
            if fwrite(p.baseAddress, 1, p.count, f) != p.count { fail("write to \(path) failed") }
        }
    }
    fclose(f)
    return (total, Date().timeIntervalSince(t0))
}

func report(_ path: String, spans: Int, _ r: (bytes: Int, seconds: Double)) {
    let perSpan = spans > 0 ? Double(r.bytes) / Double(spans) : 0
    print("\(path): \(r.bytes) bytes, \(spans) spans, \(String(format: "%.1f", perSpan)) bytes/span, "
          + "\(String(format: "%.2f", r.seconds)) s")
}

let args = CommandLine.arguments.dropFirst()
guard let command = args.first else { fail(usage) }
let (positional, named) = options(args.dropFirst())

switch command {
case "fixtures":
    let dir = positional.first ?? "Fixtures"
    for (path, bytes) in FixtureFiles.all() {
        writeFile(dir + "/" + path, bytes)
        print("\(dir)/\(path): \(bytes.count) bytes")
    }
case "bench-otlp":
    guard let out = positional.first, let spans = intOption(named, "spans") else { fail(usage) }
    let traces = intOption(named, "traces") ?? max(1, (spans + 999) / 1000)
    let writer = BenchOTLPWriter(seed: UInt64(intOption(named, "seed") ?? 42))
    report(out, spans: spans, streamFile(out) { writer.write(spans: spans, traces: traces, sink: $0) })
case "bench-chain":
    guard let out = positional.first, let depth = intOption(named, "depth") else { fail(usage) }
    let writer = BenchOTLPWriter(seed: UInt64(intOption(named, "seed") ?? 42))
    report(out, spans: depth, streamFile(out) { writer.writeChain(depth: depth, sink: $0) })
case "-h", "--help", "help":
    print(usage)
default:
    fail("unknown command \(command)\n\(usage)")
}
