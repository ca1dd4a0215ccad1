import Explorer
import Foundation
import Reports
import TerminalUI
import TraceFormats
import TraceModel
import Export
import TraceAnalysis

/// `--follow`: 1,000,000 spans arriving in 1,000 batches (JSON lines of OTLP requests, decoded as
/// the follow reader decodes them) into an open explorer, once as one trace and once as 1,000
/// traces. Reports batches absorbed per second, the CPU cost against loading the same bytes at
/// once, and the UI thread's latency per key and per adopted generation while data arrives.
enum FollowBench {
    static let base: Int64 = 1_700_000_000_000_000_000

    /// `batches` JSON lines of `perBatch` spans; one trace (a 10-ary tree, parents before
    /// children) or one trace per batch.
    static func lines(batches: Int, perBatch: Int, oneTrace: Bool) -> [[UInt8]] {
        let services = ["gateway", "auth", "cart", "checkout", "payment", "inventory", "search", "shipping"]
        return (0..<batches).map { b in
            var line = Array(#"{"resourceSpans":["#.utf8)
            for (si, svc) in services.enumerated() {
                if si > 0 { line.append(0x2C) }
                line += Array(#"{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(svc)"}}]},"scopeSpans":[{"spans":["#.utf8)
                var first = true
                for k in stride(from: si, to: perBatch, by: services.count) {
                    let n = b * perBatch + k  // global span number
                    let local = oneTrace ? n : k
                    let trace = TraceID(high: 1, low: UInt64(oneTrace ? 1 : b + 1))
                    let parent = local == 0 ? "" : #","parentSpanId":"\#(SpanID(UInt64((local - 1) / 10 + 1)).hex)""#
                    let start = base + Int64(local) * 1_000
                    if !first { line.append(0x2C) }
                    first = false
                    line += Array((#"{"traceId":"\#(trace.hex32)","spanId":"\#(SpanID(UInt64(local + 1)).hex)"\#(parent),"#
                        + #""name":"op\#(local % 50)","kind":2,"startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(start + 900_000)","#
                        + #""attributes":[{"key":"http.route","value":{"stringValue":"/api/\#(local % 17)"}}]}"#).utf8)
                }
                line += Array("]}]}".utf8)
            }
            line += Array("]}\n".utf8)
            return line
        }
    }

    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    static func run(batches: Int = 1_000, perBatch: Int = 1_000) throws {
        for oneTrace in [true, false] {
            let data = lines(batches: batches, perBatch: perBatch, oneTrace: oneTrace)
            let label = oneTrace ? "one trace" : "\(batches) traces"
            say("== --follow: \(batches * perBatch) spans in \(batches) batches, \(label) (\(data.reduce(0) { $0 + $1.count } / 1_000_000) MB)")
            // Peer in the same run: the same bytes loaded at once.
            let c0 = cpuSeconds(), w0 = Date()
            let all = try TraceLoader.decode(FileBytes(data.flatMap { $0 }, name: "all.jsonl"))
            let once = ExplorerData(set: all.set, analysis: Analysis(all.set))
            _ = once.summaries.count
            let onceCPU = cpuSeconds() - c0, onceWall = Date().timeIntervalSince(w0)
            say("loaded at once: \(seconds(onceWall)) wall, \(seconds(onceCPU)) CPU")

            var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 200, height: 60)
            app.markLive()
            let feed = LiveFeed(data: app.state.data, inbox: Inbox())
            let c1 = cpuSeconds(), w1 = Date()
            // Producer: decode each line as the follow reader does and hand it to the feed.
            let producer = Thread {
                for line in data {
                    if let batch = try? TraceLoader.decode(FileBytes(line, name: "batch")) { feed.submit(batch.set) }
                }
            }
            producer.start()
            var keyTimes: [Double] = [], adoptTimes: [Double] = []
            let keys = try KeyNotation.parse("jjjj<PgDn>kk<Space><Space>jG<Home>")
            var k = 0
            var opened = false
            let total = batches * perBatch
            while app.state.data.set.spans.count < total {
                for m in feed.inbox.drain() {
                    let t = DispatchTime.now().uptimeNanoseconds
                    app.send(m)
                    _ = app.render(width: 200, height: 60)
                    adoptTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                }
                if !opened && !app.state.data.summaries.isEmpty {
                    app.handle(.enter)  // the waterfall of the first trace, open while it grows
                    opened = true
                }
                feed.watch(trace: app.state.waterfall?.traceIndex)
                let t = DispatchTime.now().uptimeNanoseconds
                app.handle(keys[k % keys.count])
                _ = app.render(width: 200, height: 60)
                keyTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                k += 1
                _ = feed.inbox.wait(timeoutMs: 5)
                if Date().timeIntervalSince(w1) > 300 { say("gave up after 300 s"); break }
            }
            let wall = Date().timeIntervalSince(w1), cpu = cpuSeconds() - c1
            keyTimes.sort()
            adoptTimes.sort()
            let pct = { (a: [Double], q: Double) in a.isEmpty ? 0 : a[min(a.count - 1, Int(Double(a.count) * q))] }
            say(String(format: "absorbed in %.2f s wall (%.0f batches/s), %.2f s CPU = %.1f× loading at once; %d generations",
                       wall, Double(batches) / wall, cpu, cpu / max(onceCPU, 1e-9), feed.generations))
            say(String(format: "keys while absorbing (%d): median %.2f ms, p99 %.2f ms, max %.2f ms",
                       keyTimes.count, pct(keyTimes, 0.5), pct(keyTimes, 0.99), keyTimes.last ?? 0))
            say(String(format: "adopting a generation on the UI thread (%d): median %.2f ms, p99 %.2f ms, max %.2f ms",
                       adoptTimes.count, pct(adoptTimes, 0.5), pct(adoptTimes, 0.99), adoptTimes.last ?? 0))
        }
    }
}
