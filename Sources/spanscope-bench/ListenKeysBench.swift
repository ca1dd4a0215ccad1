import Dispatch
import Explorer
import Foundation
import Ingest
import Receivers
import Synchronization
import TerminalUI
import TraceAnalysis
import TraceModel
import TraceStore

/// `--listen-keys`: the explorer of `spanscope listen` while spans pour in. In this process, as
/// listen runs them: the OTLP/HTTP receiver into a `StoreSink` on a store on disk, whose commits
/// feed the explorer's `LiveFeed` (trimmed to `keep` spans as listen does); the explorer (headless
/// backend, 200×60) with a trace's waterfall open, pressed a key every ~10 ms. The load
/// generator (4 keep-alive connections of 512-span requests, new traces in each) shares the
/// process, so everything competes for the 2 cores.
enum ListenKeysBench {
    static func run(seconds: Double = 30, keep: Int = 200_000, dir: String) throws {
        let path = dir + "/listen-keys.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try TraceStore.open(path: path)
        var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 200, height: 60)
        app.markLive(arriving: true)
        let feed = LiveFeed(data: app.state.data, inbox: Inbox())
        let sink = StoreSink(store: store, onCommit: { feed.submit($0) })
        let server = ReceiverServer(threads: 2)
        let port = try server.start(otlpHTTP: "127.0.0.1:0", zipkin: nil, sink: sink).otlpHTTP!.port
        let bodies = try LoadBodies(count: 64)
        say("== --listen-keys: explorer keys while OTLP/HTTP ingests into the store, \(Int(seconds)) s, keep \(keep) spans, load \(IngestBench.loadAverage())")

        let stop = Atomic<Bool>(false)
        let next = Atomic<Int>(0), acked = Atomic<Int>(0)
        let latencies = Mutex<[Double]>([])
        let done = DispatchGroup()
        for _ in 0..<4 {
            done.enter()
            Thread {
                defer { done.leave() }
                guard let client = try? LoadClient(port: port) else { return }
                var mine: [Double] = []
                while !stop.load(ordering: .relaxed) {
                    let body = bodies.request(next.add(1, ordering: .relaxed).oldValue)
                    let t = DispatchTime.now().uptimeNanoseconds
                    guard let status = try? client.post("/v1/traces", body) else { return }
                    if status == 200 {
                        acked.add(IngestBench.perBatch, ordering: .relaxed)
                        mine.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                    } else {
                        usleep(50_000)
                    }
                }
                latencies.withLock { $0 += mine }
            }.start()
        }
        // The ticker of listen: trim once a second.
        let ticker = Thread {
            while !stop.load(ordering: .relaxed) {
                feed.trim(above: keep + keep / 2, keeping: keep)
                Thread.sleep(forTimeInterval: 1)
            }
        }
        ticker.start()

        let keys = try KeyNotation.parse("jjjj<PgDn>kk<Space><Space>jG<Home>")
        var keyTimes: [Double] = [], adoptTimes: [Double] = [], trimTimes: [Double] = []
        var k = 0
        let start = Date()
        var peakHeld = 0
        while Date().timeIntervalSince(start) < seconds {
            for m in feed.inbox.drain() {
                let t = DispatchTime.now().uptimeNanoseconds
                app.send(m)
                _ = app.render(width: 200, height: 60)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
                if case .live(.data(let next, _, _)) = m, next.isReplacement { trimTimes.append(ms) } else { adoptTimes.append(ms) }
            }
            peakHeld = max(peakHeld, app.state.data.set.spans.count)
            if app.state.waterfall == nil && !app.state.data.summaries.isEmpty {
                app.handle(.enter)  // a waterfall open while data arrives
            }
            feed.watch(trace: app.state.waterfall?.traceIndex)
            let t = DispatchTime.now().uptimeNanoseconds
            app.handle(keys[k % keys.count])
            _ = app.render(width: 200, height: 60)
            keyTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            k += 1
            _ = feed.inbox.wait(timeoutMs: 10)
        }
        stop.store(true, ordering: .relaxed)
        done.wait()
        let wall = Date().timeIntervalSince(start)
        let ingested = acked.load(ordering: .relaxed)
        let wait = DispatchSemaphore(value: 0)
        Task.detached {
            await server.stop()
            await sink.close()
            wait.signal()
        }
        wait.wait()
        keyTimes.sort()
        adoptTimes.sort()
        let request = latencies.withLock { $0.sorted() }
        let pct = { (a: [Double], q: Double) in a.isEmpty ? 0 : a[min(a.count - 1, Int(Double(a.count) * q))] }
        say(String(format: "ingested %d spans in %.1f s: %.0f spans/s acknowledged (committed), request p50 %.1f ms, p99 %.1f ms",
                   ingested, wall, Double(ingested) / wall, pct(request, 0.5), pct(request, 0.99)))
        say(String(format: "keys while ingesting (%d): median %.2f ms, p99 %.2f ms, max %.2f ms",
                   keyTimes.count, pct(keyTimes, 0.5), pct(keyTimes, 0.99), keyTimes.last ?? 0))
        say(String(format: "adopting a generation on the UI thread (%d): median %.2f ms, p99 %.2f ms, max %.2f ms",
                   adoptTimes.count, pct(adoptTimes, 0.5), pct(adoptTimes, 0.99), adoptTimes.last ?? 0))
        trimTimes.sort()
        say(String(format: "adopting a trimmed generation (%d): median %.2f ms, max %.2f ms", trimTimes.count, pct(trimTimes, 0.5), trimTimes.last ?? 0))
        say("explorer held at most \(peakHeld) spans (keep \(keep)); \(feed.generations) generations; peak RSS \(peakRSSMB()) MB; load \(IngestBench.loadAverage())")
    }

    static func peakRSSMB() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }
}
