#if canImport(Glibc)
import Glibc
#endif
import BackendSession
import Backends
import Config
import CursesBackend
import Explorer
import Foundation
import TerminalUI
import TraceAnalysis
import TraceModel

extension BackendRunner {
    /// Seconds between searches: `--poll 5s`, `off` or `0` for none; else the profile's, else 5 s.
    static func pollInterval(_ text: String?, profile: BackendProfile) -> Double? {
        if let text {
            if text == "off" || text == "0" { return nil }
            guard let ns = Durations.parse(text), ns > 0 else {
                Runner.printError("spanscope: --poll wants a duration like 5s, or off")
                exit(2)
            }
            return max(0.2, Double(ns) / 1e9)
        }
        if let p = profile.poll { return p > 0 ? p : nil }
        return 5
    }

    /// `spanscope URL` / `spanscope @name`: the explorer on the backend's search.
    static func explore(source: String, _ o: ExploreOptions, _ remote: BackendOptions, poll: String?, cacheBytes: Int?) -> Never {
        let config = Runner.loadConfig()
        let profile = profile(source, remote, config: config)
        let interval = pollInterval(poll, profile: profile)
        var traceID: TraceID? = nil
        var spanID: SpanID? = nil
        if let text = o.trace {
            guard let id = TraceID(text) else {
                Runner.printError("spanscope: --trace \(Sanitize.text(text)): not a hex trace id (a backend needs the whole id)")
                exit(2)
            }
            traceID = id
        }
        if let text = o.span {
            guard let id = SpanID(text), traceID != nil else {
                Runner.printError("spanscope: --span \(Sanitize.text(text)): wants a hex span id, with --trace")
                exit(2)
            }
            spanID = id
        }
        // Probing happens before the screen changes: a wrong URL is one line, as for analyze.
        let connected = connect(profile)
        let query = Self.query(profile, remote, now: now())
        let inbox = Inbox()
        let start = { (width: Int, height: Int, unicode: Bool) -> ExplorerApp in
            var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: width, height: height, unicode: unicode,
                                  clock: o.clock(config))
            Runner.apply(config, to: &app)
            let live = LiveFeed(data: app.state.data, inbox: inbox)
            let feed = BackendFeed(client: connected.client, loki: connected.loki, sink: live, cacheBytes: cacheBytes ?? 512 << 20,
                                   post: { inbox.post(.remote($0)) })
            app.connect(feed, feed: live, query: query, poll: interval)
            if let traceID { app.openRemote(traceID: traceID, spanID: spanID) }
            if profile.connection.insecure { app.showMessage("TLS certificates are not verified (--insecure)") }
            return app
        }
        if let size = o.render {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
                Runner.printError("spanscope: --render wants WIDTHxHEIGHT, e.g. 120x40")
                exit(2)
            }
            var app = start(parts[0], parts[1], true)
            // Headless: wait for the first search (and a deep-linked trace), then after each key.
            app.settle(inbox: inbox, timeout: profile.connection.timeout + 5)
            do {
                for key in try KeyNotation.parse(o.keys) {
                    app.performFileEffects(app.handle(key))
                    app.settle(inbox: inbox, timeout: profile.connection.timeout + 5)
                }
            } catch {
                Runner.printError("spanscope: \(error) in --keys")
                exit(2)
            }
            let grid = app.render(width: parts[0], height: parts[1])
            var out = grid.text()
            if o.roles { out += "\n" + grid.roles() }
            Runner.writeStdout(Array((out.hasSuffix("\n") ? out : out + "\n").utf8))
            exit(0)
        }
        if isatty(0) == 0 {
            let tty = Glibc.open("/dev/tty", O_RDWR)
            if tty >= 0 { dup2(tty, 0); close(tty) }
        }
        guard isatty(0) != 0, isatty(1) != 0 else {
            Runner.printError("spanscope: the explorer needs a terminal; use 'spanscope analyze \(Sanitize.text(source)) …' or --render WxH")
            exit(2)
        }
        let backend = CursesBackend()
        backend.colorOverrides = config.colors
        backend.setup()
        var app = start(backend.size.width, backend.size.height, backend.unicode)
        let live = app.feed
        app.run(backend: backend, inbox: inbox, observe: { state in
            live?.watch(trace: state.waterfall?.traceIndex)
            live?.watch(pending: state.remote?.fetch?.traceID)
        })
        backend.restore()
        exit(0)
    }
}
