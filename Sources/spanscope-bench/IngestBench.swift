import ChildProcess
import Foundation
import Ingest
import Receivers
import Synchronization
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

/// `--ingest`: the whole receiving path, OTLP/HTTP protobuf into the SQLite store, with the
/// server in its own process (this executable with `--ingest-server`: a receiver and a
/// `StoreSink`, as `spanscope listen` runs them) and the load generator here: several
/// keep-alive connections, each on a thread, POSTing 512-span requests and waiting for each
/// answer. Both processes share the machine's 2 cores; the generator only copies a prepared
/// body and patches its trace ids (no encoding), so most CPU is left to the server.
/// `--spans N` sets how many spans are sent (default 10,000,000).
enum IngestBench {
    static let perBatch = 512

    /// With `maxStore`, the server's retention keeps the store's pages in use under that many
    /// bytes while it ingests.
    static func run(spans total: Int, connections: Int, maxStore: Int?, dir: String, grpc: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/ingest-bench.db"
        remove(path)
        let bodies = try LoadBodies(count: 64)
        say("== --ingest: \(total) spans as OTLP/\(grpc ? "gRPC Export calls" : "HTTP protobuf requests") of \(perBatch) spans (\(bodies.averageBytes) bytes, 32 traces each), \(connections) keep-alive connections, into \(path)\(maxStore.map { " (retention: at most \($0 / 1_000_000) MB)" } ?? ""); server in its own process; \(ProcessInfo.processInfo.activeProcessorCount) cores; load: \(loadAverage())")

        let server = try Server.start(["--ingest-server", path], dir: dir, maxStore: maxStore)
        let load = grpc ? try driveGRPC(port: server.grpcPort, bodies: bodies, total: total, connections: connections)
            : try drive(port: server.port, bodies: bodies, total: total, connections: connections, server: server.pid)
        let peak = server.status("VmHWM")
        let cpu = server.cpuSeconds()
        let output = server.stop()
        say(String(format: "sustained: %.0f spans/s over %.1f s (%d spans; slowest 10 s window %.0f spans/s); %.0f requests/s",
                   Double(load.spans) / load.seconds, load.seconds, load.spans, load.slowestWindow, Double(load.requests) / load.seconds))
        say(String(format: "request latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d answered 503 (retried), %d failed",
                   load.p(0.5), load.p(0.99), load.latencies.last ?? .nan, load.busy, load.failed))
        say(String(format: "server process: peak RSS %.0f MB, CPU %.1f s = %.2f cores, %.2f µs of CPU per span",
                   Double(peak) / 1024, cpu, cpu / load.seconds, cpu * 1e6 / Double(load.spans)))
        say("server: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        say("load when done: \(loadAverage())")

        // What `spanscope open` of this store does first: the newest traces of the list.
        for limit in [1000, nil] as [Int?] {
            let t = DispatchTime.now().uptimeNanoseconds
            let store = try TraceStore.open(path: path, readOnly: true)
            let rows = try store.traceList(limit: limit)
            let s = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
            say(String(format: "open read-only + trace list %@: %.3f s (%d rows)", limit.map { "newest \($0)" } ?? "whole", s, rows.count))
        }
        let store = try TraceStore.open(path: path, readOnly: true)
        let counts = try store.counts()
        say(String(format: "store: %d traces, %d spans, %.2f GB on disk (%d bytes per span)", counts.traces, counts.spans,
                   Double(store.size()) / 1e9, store.size() / max(1, counts.spans)))
        if maxStore == nil, counts.spans != load.spans { say("MISMATCH: \(load.spans) spans acknowledged, \(counts.spans) stored") }

        if maxStore == nil && !grpc { try wrk(bodies: bodies, connections: connections, dir: dir) }
    }

    /// wrk with one fixed body against the ingest server (a fresh store) and against the same
    /// receiver with a sink that drops everything.
    static func wrk(bodies: LoadBodies, connections: Int, dir: String) throws {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            say("wrk is not installed: no wrk comparison")
            return
        }
        let path = "\(dir)/ingest-wrk.db"
        remove(path)
        let body = bodies.bodies[0]
        var rates: [Double] = []
        for args in [["--ingest-server", path], ["--ingest-server", "--null"]] {
            let server = try Server.start(args, dir: dir)
            rates.append(try ReceiveBench.wrkRate(wrk, port: server.port, body: body, connections: connections, seconds: 10))
            _ = server.stop()
        }
        remove(path)
        say(String(format: "wrk, one fixed %d-byte body, %d connections, 10 s: receiver + store %.0f requests/s (%.0f spans/s); receiver + null sink %.0f requests/s; ratio %.2f",
                   body.count, connections, rates[0], rates[0] * Double(perBatch), rates[1], rates[0] / rates[1]))
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "?"
    }

    struct Load {
        var spans = 0, requests = 0, busy = 0, failed = 0
        var seconds = 0.0
        var slowestWindow = Double.nan
        var latencies: [Double] = []
        func p(_ q: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] }
    }

    /// Sends `total` spans over `connections` threads; a 503 is retried after 50 ms, as an SDK
    /// retries. Prints the rate and the server's RSS every 10 s.
    static func drive(port: Int, bodies: LoadBodies, total: Int, connections: Int, server pid: Int32) throws -> Load {
        let requests = (total + perBatch - 1) / perBatch
        let next = Atomic<Int>(0), acked = Atomic<Int>(0), busy = Atomic<Int>(0), failed = Atomic<Int>(0)
        let latencies = Mutex<[Double]>([])
        let start = DispatchTime.now().uptimeNanoseconds
        let done = DispatchGroup()
        for c in 0..<connections {
            done.enter()
            Thread {
                defer { done.leave() }
                var mine: [Double] = []
                mine.reserveCapacity(requests / connections + 1)
                do {
                    let client = try LoadClient(port: port)
                    while true {
                        let k = next.add(1, ordering: .relaxed).oldValue
                        guard k < requests else { break }
                        let body = bodies.request(k)
                        while true {
                            let t = DispatchTime.now().uptimeNanoseconds
                            let status = try client.post("/v1/traces", body)
                            if status == 503 { busy.add(1, ordering: .relaxed); usleep(50_000); continue }
                            mine.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                            if status == 200 { acked.add(perBatch, ordering: .relaxed) } else { failed.add(1, ordering: .relaxed) }
                            break
                        }
                    }
                } catch {
                    say("load client \(c): \(error)")
                    failed.add(1, ordering: .relaxed)
                }
                latencies.withLock { $0 += mine }
            }.start()
        }
        var slowest = Double.infinity
        var last = (t: start, spans: 0)
        while done.wait(timeout: .now() + 10) == .timedOut {
            let now = DispatchTime.now().uptimeNanoseconds, spans = acked.load(ordering: .relaxed)
            let rate = Double(spans - last.spans) / (Double(now - last.t) / 1e9)
            slowest = min(slowest, rate)
            say(String(format: "  %5.0f s: %9d spans, %7.0f spans/s, server RSS %4.0f MB, load %@", Double(now - start) / 1e9, spans, rate,
                       Double(Server.status(pid, "VmRSS")) / 1024, loadAverage()))
            last = (now, spans)
        }
        var load = Load()
        load.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        load.spans = acked.load(ordering: .relaxed)
        load.requests = load.spans / perBatch
        load.busy = busy.load(ordering: .relaxed)
        load.failed = failed.load(ordering: .relaxed)
        load.slowestWindow = slowest
        load.latencies = latencies.withLock { $0.sorted() }
        return load
    }
}

/// Prepared request bodies: distinct 512-span requests whose trace ids are patched per round,
/// so every request carries new traces without being encoded again.
struct LoadBodies {
    let bodies: [[UInt8]]
    /// Where each body's trace ids are (the 16 bytes after a `trace_id` field's tag and length).
    let traceIDOffsets: [[Int]]

    init(count: Int) throws {
        var bodies: [[UInt8]] = [], offsets: [[Int]] = []
        for b in 0..<count {
            let bytes = try ProtoBatches.request(seed: 7_000, index: b, spans: IngestBench.perBatch, traces: 32)
            let set = try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: "load body")).set
            let ids = Set(set.spans.map { s in [s.traceID.high, s.traceID.low].flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } } })
            var at: [Int] = []
            var i = 0
            while i + 18 <= bytes.count {
                if bytes[i] == 0x0A, bytes[i + 1] == 0x10, ids.contains(Array(bytes[(i + 2)..<(i + 18)])) { at.append(i + 2); i += 18 } else { i += 1 }
            }
            bodies.append(bytes)
            offsets.append(at)
        }
        self.bodies = bodies
        traceIDOffsets = offsets
    }

    var averageBytes: Int { bodies.reduce(0) { $0 + $1.count } / bodies.count }

    /// Request `k`: body `k % count` with round `k / count` mixed into its trace ids.
    func request(_ k: Int) -> [UInt8] {
        var body = bodies[k % bodies.count]
        let round = UInt32(k / bodies.count)
        for at in traceIDOffsets[k % bodies.count] {
            for j in 0..<4 { body[at + j] ^= UInt8(truncatingIfNeeded: round >> (24 - 8 * UInt32(j))) }
        }
        return body
    }
}
