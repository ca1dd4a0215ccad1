import Foundation
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

/// `--store`: the store's side of ingest. Requests of 512 realistic spans (the benchmark
/// writer's, 32 traces of 16 spans each) encoded as OTLP protobuf, as an SDK sends them, are decoded and
/// appended one transaction each to a store on disk, on one thread; then the store is opened
/// afresh (read-only, as `spanscope open traces.db` does) to its trace list, loaded whole,
/// and cut in half by retention. `--spans N` sets the spans stored (default 1,000,000).
enum StoreBench {
    static func run(spans total: Int, dir: String) throws {
        let perBatch = 512
        let batches = max(1, total / perBatch)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/store-bench.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        say("== --store: \(batches) requests of \(perBatch) spans (\(batches * perBatch) spans) into \(path), one thread")

        // A hundred distinct requests; later rounds get fresh trace ids (encoding not timed).
        var bases: [TraceSet] = []
        for i in 0..<min(100, batches) {
            bases.append(try OTLPProtobuf.decodeTraces(FileBytes(try ProtoBatches.request(seed: 99, index: i, spans: perBatch, traces: 32))).set)
        }
        let store = try TraceStore.open(path: path)
        var decodeNs: UInt64 = 0, appendNs: UInt64 = 0, requestBytes = 0
        // The machine is shared: this thread's CPU time says what the path costs when it gets a core.
        var cpuNs: Int64 = 0
        let wall = DispatchTime.now().uptimeNanoseconds
        for b in 0..<batches {
            var set = bases[b % bases.count]
            let round = UInt64(b / bases.count)
            if round > 0 { for i in set.spans.indices { set.spans[i].traceID.high ^= round << 40 } }
            let bytes = OTLPProtobuf.encodeTraces(set)
            requestBytes += bytes.count
            let c0 = threadCPU()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let decoded = try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: "request \(b)")).set
            let t1 = DispatchTime.now().uptimeNanoseconds
            try store.append(decoded, bytes: bytes, format: .otlpProtobufTraces)
            let t2 = DispatchTime.now().uptimeNanoseconds
            cpuNs += threadCPU() - c0
            decodeNs += t1 - t0
            appendNs += t2 - t1
        }
        let wallS = Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9
        let spans = Double(batches * perBatch)
        say(String(format: "%@ %9.0f spans/s  %6.2f µs/span", pad("decode + append (the receiver's path)", 46), spans / (Double(decodeNs + appendNs) / 1e9), Double(decodeNs + appendNs) / spans / 1e3))
        say(String(format: "%@ %9.0f spans/s  %6.2f µs/span", pad("append alone (one transaction per request)", 46), spans / (Double(appendNs) / 1e9), Double(appendNs) / spans / 1e3))
        say(String(format: "%@ %9.0f spans/s  %6.2f µs/span", pad("decode + append, CPU time of the thread", 46), spans / (Double(cpuNs) / 1e9), Double(cpuNs) / spans / 1e3))
        say(String(format: "%@ %9.1f s (with generating the requests)", pad("wall", 46), wallS))
        say(String(format: "store size: %.0f MB, %d bytes per span (requests: %d bytes per span)", Double(store.size()) / 1e6,
                   store.size() / Int(spans), requestBytes / Int(spans)))

        func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            let t = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            say(String(format: "%@ %9.3f s", pad(label, 46), Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9))
            return r
        }
        let list = try time("open read-only + whole trace list") {
            try TraceStore.open(path: path, readOnly: true).traceList()
        }
        _ = try time("open read-only + newest 1000 traces") {
            try TraceStore.open(path: path, readOnly: true).traceList(limit: 1000)
        }
        let one = list[list.count / 2].traceID
        _ = try time("load one trace") { try store.load(traceIDs: [one]) }
        let all = try time("load all spans (decodes every batch)") { try store.loadAll() }
        say("list: \(list.count) traces; loaded \(all.spans.count) spans")
        let r = try time("retention to half the size") { try store.enforceRetention(maxAge: nil, maxBytes: try store.usedBytes() / 2) }
        say("retention dropped \(r.tracesDropped) traces, freed \(r.bytesFreed / 1_000_000) MB")
    }

    static func threadCPU() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
