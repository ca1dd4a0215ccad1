import Config
import CursesBackend
import Explorer
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TerminalUI
import TraceAnalysis
import TraceModel
import TraceStore

/// Set by the SIGINT and SIGTERM handlers of `listen --headless`.
nonisolated(unsafe) var listenStopRequested: sig_atomic_t = 0

/// The two faces of `listen`: status lines on stderr, or the explorer.
enum ListenRunner {
    /// `--headless`: the addresses once, then a status line per `interval` (ns); SIGINT or
    /// SIGTERM stop the receivers, commit what is pending and exit 0.
    static func headless(_ plan: ListenPlan, interval: Int64) -> Never {
        let session = ListenSession.start(plan)
        // A plain handler, installed at once (a dispatch source registers later, and a signal
        // sent meanwhile to a process started in the background, where SIGINT is ignored, was lost).
        signal(SIGINT) { _ in listenStopRequested = 1 }
        signal(SIGTERM) { _ in listenStopRequested = 1 }
        // Said only once SIGINT and SIGTERM are handled: a script may signal as soon as it reads it.
        Runner.printError("spanscope: listening: \(session.addresses) · store \(session.storeLabel)\(holding(session.store))")
        var next = DispatchTime.now().uptimeNanoseconds + UInt64(interval)
        while listenStopRequested == 0 {
            usleep(50_000)
            if DispatchTime.now().uptimeNanoseconds >= next {
                Runner.printError("spanscope: " + session.statusLine())
                next += UInt64(interval)
            }
        }
        Runner.printError("spanscope: stopping: storing what was received…")
        session.stop()
        let r = session.received
        Runner.printError("spanscope: stopped: \(Units.count(r.spans)) spans, \(Units.count(r.logs)) logs received; store \(session.storeLabel)")
        exit(0)
    }

    /// " (1,204 traces, 88,310 spans)" for a store that holds some already.
    static func holding(_ store: TraceStore) -> String {
        guard let c = try? store.counts(), c.traces > 0 else { return "" }
        return " (holds \(Units.count(c.traces)) traces, \(Units.count(c.spans)) spans)"
    }

    /// The explorer on the store's newest traces, then on what arrives; a status line a second.
    /// `started` runs once the receivers listen (the live demo starts its services there).
    static func explore(_ plan: ListenPlan, keep: Int, utc: Bool, started: ((ListenSession) -> String?)? = nil) -> Never {
        guard isatty(0) != 0, isatty(1) != 0 else {
            Runner.printError("spanscope: listen needs a terminal for the explorer; use --headless")
            exit(2)
        }
        let config = Runner.loadConfig()
        let clock = ListClock(zone: utc || config.utc ? ListClock.utc : TimeZone.current, now: Int64(Date().timeIntervalSince1970) * 1_000_000_000)
        nonisolated(unsafe) var app: ExplorerApp! = nil
        nonisolated(unsafe) var feed: LiveFeed! = nil
        var problems: [String] = []
        let session = ListenSession.start(plan) { store in
            var set = TraceSet()
            do throws(StoreError) {
                let window = try store.newest(spanBudget: keep)
                set = window.set
                if let note = window.note { problems.append("\(plan.store ?? "memory"): showing the \(note) (--keep)") }
            } catch {
                problems.append(error.description)
            }
            app = ExplorerApp(set: set, analysis: Analysis(set), width: 80, height: 24, problems: LoadProblems(errors: [], warnings: problems), clock: clock)
            let live = LiveFeed(data: app.state.data, inbox: Inbox())
            feed = live
            return { live.submit($0) }
        }
        let backend = CursesBackend()
        backend.colorOverrides = config.colors
        backend.setup()
        app.resize(width: backend.size.width, height: backend.size.height)
        Runner.apply(config, to: &app)
        app.markLive(arriving: true)
        let hint = session.bound.first { $0.role == "OTLP/HTTP" }.map { "OTEL_EXPORTER_OTLP_ENDPOINT=http://\($0.address)" }
        if let note = started?(session) {
            app.showMessage(note)
        } else if app.state.data.summaries.isEmpty {
            app.showMessage("listening on " + session.addresses + (hint.map { " · point an SDK at it: " + $0 } ?? ""))
        }
        let addresses = session.shortAddresses
        let ticker = Thread { [feed] in
            while true {
                feed!.inbox.post(.live(.status(addresses + " · " + session.statusLine(), at: Date())))
                // The explorer holds the newest traces; the store keeps the rest.
                feed!.trim(above: keep + keep / 2, keeping: keep)
                Thread.sleep(forTimeInterval: 1)
            }
        }
        ticker.start()
        app.run(backend: backend, inbox: feed.inbox, observe: { [feed] in feed!.watch(trace: $0.waterfall?.traceIndex) })
        backend.restore()
        Runner.printError("spanscope: stopping: storing what was received…")
        session.stop()
        let r = session.received
        Runner.printError("spanscope: \(Units.count(r.spans)) spans, \(Units.count(r.logs)) logs received; store \(session.storeLabel)")
        exit(0)
    }
}
