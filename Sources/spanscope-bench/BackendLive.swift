import BackendHTTP
import BackendSession
import Backends
import Explorer
import Foundation
import Synchronization
import TerminalUI
import TraceAnalysis
import TraceModel

/// The live parts of `--backend`: a feed polling a 1,000-result search, and the explorer's keys
/// while a 1,000,000-span trace downloads.
enum BackendLive {
    /// Counts what a feed hands on.
    final class CountingSink: TraceSink {
        let counts = Mutex((submits: 0, spans: 0, searches: 0, failures: 0))
        func submit(_ batch: TraceSet) { counts.withLock { $0.submits += 1; $0.spans += batch.spans.count } }
        func replace(with set: TraceSet) { counts.withLock { $0.submits += 1; $0.spans = set.spans.count } }
        func post(_ reply: RemoteReply) {
            switch reply {
            case .searched: counts.withLock { $0.searches += 1 }
            case .failed: counts.withLock { $0.failures += 1 }
            default: break
            }
        }
    }

    static func polling(seconds: Double, results: Int = 1_000) throws {
        say("\n== polling a search of \(results) results every 1 s for \(Int(seconds)) s (gzip on, as backends send it)")
        say(pad("backend", 30) + pad("searches", 10, right: true) + pad("CPU", 9, right: true) + pad("of a core", 11, right: true)
              + pad("per poll", 10, right: true) + pad("fake's CPU", 12, right: true))
        for flavor in [BackendBench.tempo, BackendBench.jaegerV3, BackendBench.jaegerClassic] {
            let fake = try FakeProcess(["--flavor", flavor.fake, "--port", "0", "--traces", String(results), "--spans", "20"])
            defer { fake.stop() }
            let (client, transport) = try BackendBench.connect(fake, flavor)
            defer { try? blocking { await transport.shutdown() } }
            let sink = CountingSink()
            let feed = BackendFeed(client: client, sink: sink, post: { sink.post($0) })
            let c0 = cpuSeconds(), f0 = fake.cpuSeconds, w0 = Date()
            feed.perform(.poll(interval: 1))
            feed.perform(.search(BackendBench.query(limit: results), id: 1))
            Thread.sleep(forTimeInterval: seconds)
            let cpu = cpuSeconds() - c0, fakeCPU = fake.cpuSeconds - f0, wall = Date().timeIntervalSince(w0)
            feed.perform(.poll(interval: nil))
            Thread.sleep(forTimeInterval: 0.5)
            let counts = sink.counts.withLock { $0 }
            if counts.failures > 0 { say("(\(counts.failures) failed polls)") }
            say(pad(flavor.label, 30) + pad(String(counts.searches), 10, right: true) + pad(String(format: "%.2f s", cpu), 9, right: true)
                  + pad(String(format: "%.1f%%", 100 * cpu / wall), 11, right: true)
                  + pad(milliseconds(cpu / Double(max(1, counts.searches))), 10, right: true)
                  + pad(String(format: "%.2f s", fakeCPU), 12, right: true))
        }
    }

    static func keysWhileDownloading(spans: Int) throws {
        let flavor = BackendBench.tempo
        say("\n== keys while a \(spans)-span trace downloads (Tempo v2, no gzip; the fake generates and writes it first)")
        let g0 = Date()
        let fake = try FakeProcess(["--flavor", flavor.fake, "--port", "0", "--traces", "1", "--spans", String(spans), "--no-gzip"])
        defer { fake.stop() }
        let (client, transport) = try BackendBench.connect(fake, flavor)
        defer { try? blocking { await transport.shutdown() } }
        let query = BackendBench.query(limit: 20)
        let found = try blocking { () async throws(BackendError) in try await client.search(query, now: Int64(Date().timeIntervalSince1970 * 1e9)) }
        guard let id = found.summaries.first?.traceID else { throw BenchFailure("the search found no trace") }
        // The fake writes a trace's body on the first request and keeps it: ask once so the
        // timed download is the transfer and our decoding, not the fake's JSON writing.
        let w0 = Date()
        let size = try blocking { () async throws(BackendError) in try await transport.get("/api/v2/traces/" + id.hex32).body.count }
        let w1 = Date()
        say(String(format: "fake: generated in %.1f s; first GET (the fake writes %d MB, then sends it) %.1f s",
                   w0.timeIntervalSince(g0), size / 1_000_000, w1.timeIntervalSince(w0)))

        for round in 1...2 {
            let inbox = Inbox()
            var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 200, height: 60)
            let live = LiveFeed(data: app.state.data, inbox: inbox)
            let feed = BackendFeed(client: client, sink: live, post: { inbox.post(.remote($0)) })
            app.connect(feed, feed: live, query: query, poll: nil)
            guard app.settle(inbox: inbox, timeout: 60) else { throw BenchFailure("the first search did not settle") }
            let keys: [KeyEvent] = [.character("j"), .character("k")]
            var keyTimes: [Double] = [], messageTimes: [Double] = []
            var slowestMessage = (0.0, "")
            var fetchedAt: Double?
            var progress = 0
            let t0 = Date()
            app.openRemote(traceID: id)
            var k = 0
            // Until the trace is open in the waterfall: replies and generations handled between keys.
            while app.state.waterfall == nil || app.state.remote?.fetch != nil {
                for m in inbox.drain() {
                    if case .remote(.progress) = m { progress += 1 }
                    if case .remote(.fetched) = m { fetchedAt = Date().timeIntervalSince(t0) }
                    let s = DispatchTime.now().uptimeNanoseconds
                    app.performFileEffects(app.send(m))
                    _ = app.render(width: 200, height: 60)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6
                    messageTimes.append(ms)
                    if ms > slowestMessage.0 { slowestMessage = (ms, String(String(describing: m).prefix(40))) }
                }
                live.watch(trace: app.state.waterfall?.traceIndex)
                live.watch(pending: app.state.remote?.fetch?.traceID)
                let s = DispatchTime.now().uptimeNanoseconds
                app.performFileEffects(app.handle(keys[k % keys.count]))
                _ = app.render(width: 200, height: 60)
                keyTimes.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                k += 1
                // About a hundred keys a second at most: faster than anyone types.
                _ = inbox.wait(timeoutMs: 10)
                if Date().timeIntervalSince(t0) > 600 { throw BenchFailure("not open after 600 s") }
            }
            let opened = Date().timeIntervalSince(t0)
            let spanCount = app.state.data.set.spans.count
            keyTimes.sort()
            messageTimes.sort()
            say(String(format: "run %d: fetched (download + decode) %.1f s, open in the waterfall %.1f s (%d spans, %d progress replies)",
                       round, fetchedAt ?? .nan, opened, spanCount, progress))
            say(String(format: "  keys meanwhile (%d): median %.2f ms, p99 %.2f ms, max %.2f ms; replies and generations handled (%d): median %.2f ms, max %.2f ms",
                       keyTimes.count, percentile(keyTimes, 0.5), percentile(keyTimes, 0.99), keyTimes.last ?? 0,
                       messageTimes.count, percentile(messageTimes, 0.5), messageTimes.last ?? 0) + " (\(slowestMessage.1))")
        }
    }
}
