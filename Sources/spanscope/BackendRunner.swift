import ArgumentParser
import BackendHTTP
import Backends
import Config
import Dispatch
import Foundation
import Reports
import Synchronization
import TerminalUI
import TraceAnalysis
import TraceModel

/// A backend as a source: `spanscope URL`, `spanscope @name`, `spanscope analyze URL …`.
enum BackendRunner {
    /// "http://…", "tempo+https://…", "@prod".
    static func isRemote(_ source: String) -> Bool { source.hasPrefix("@") || source.contains("://") }

    /// The one backend among `sources`, or nil when they are all files; mixing is an error.
    static func remoteSource(_ sources: [String]) -> String? {
        guard let remote = sources.first(where: isRemote) else { return nil }
        if sources.count > 1 {
            Runner.printError("spanscope: a backend (\(Sanitize.text(remote))) is opened on its own, not together with files or another backend")
            exit(2)
        }
        return remote
    }

    /// `@name` from the config, or the URL; the command line's options laid over it.
    static func profile(_ source: String, _ o: BackendOptions, config: Config) -> BackendProfile {
        var profile: BackendProfile
        if source.hasPrefix("@") {
            let name = String(source.dropFirst())
            guard let named = config.backend(named: name) else {
                let known = config.backends.map { "@" + $0.name }
                Runner.printError("spanscope: no backend named \(Sanitize.text(name)) in \(Config.defaultPath())"
                    + (known.isEmpty ? " (add a [backends.\(Sanitize.text(name))] table; `spanscope config --print-default` shows one)" : " (known: \(known.joined(separator: ", ")))"))
                exit(2)
            }
            profile = named
        } else {
            switch ConnectionOptions.parse(url: source) {
            case .success(let c): profile = BackendProfile(name: source, connection: c)
            case .failure(let e):
                Runner.printError("spanscope: \(Sanitize.text(e.description))")
                exit(2)
            }
        }
        profile.connection = o.apply(to: profile.connection)
        if let loki = o.loki { profile.loki = loki }
        if let selector = o.lokiSelector { profile.lokiSelector = selector }
        return profile
    }

    /// The search: the profile's starting query, then the options' words (later words win).
    static func query(_ profile: BackendProfile, _ o: BackendOptions, now: Int64) -> SearchQuery {
        var text = [profile.query, o.queryWords.isEmpty ? nil : o.queryWords.joined(separator: " ")].compactMap { $0 }.joined(separator: " ")
        if let raw = o.query { text = o.queryWords.isEmpty ? raw : raw + " " + o.queryWords.joined(separator: " ") }
        switch SearchQuery.parse(text, defaults: SearchQuery(), now: now) {
        case .success(let q): return q
        case .failure(let e):
            Runner.printError("spanscope: search: \(Sanitize.text(e.description))")
            exit(2)
        }
    }

    struct Connected: Sendable {
        let client: BackendClient
        let transport: HTTPClientTransport
        let loki: LokiClient?
    }

    /// Connects (probing the kind unless given); a failure is one line and exit 1.
    static func connect(_ profile: BackendProfile) -> Connected {
        if profile.connection.insecure {
            Runner.printError("spanscope: warning: TLS certificates of \(Sanitize.text(profile.connection.url)) are not verified (--insecure)")
        }
        do throws(BackendError) {
            let transport = try HTTPClientTransport(options: profile.connection)
            let c = profile.connection
            let client = try blocking { () async throws(BackendError) -> BackendClient in
                try await BackendClient.connect(transport: transport, kind: c.kind, tenant: c.tenant)
            }
            var loki: LokiClient? = nil
            if let url = profile.loki {
                var lc = profile.connection
                lc.url = url
                lc.kind = nil
                let lokiTransport = try HTTPClientTransport(options: lc)
                loki = LokiClient(transport: lokiTransport, selector: profile.lokiSelector ?? LokiClient.defaultSelector, tenant: c.tenant)
            }
            return Connected(client: client, transport: transport, loki: loki)
        } catch {
            Runner.printError("spanscope: \(Sanitize.text(error.description))")
            exit(1)
        }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    /// `spanscope analyze URL …`: searches (or fetches `--trace` ids), fetches the traces a
    /// search returned only as summaries, and prints the same reports as for files.
    static func analyze(source: String, _ o: BackendOptions, traces: [String], format: ReportFormat,
                        options: AnalysisOptions, report: ReportOptions) -> Never {
        let config = Runner.loadConfig()
        let profile = profile(source, o, config: config)
        if traces.isEmpty && !o.hasSearch && profile.query == nil {
            Runner.printError("spanscope: analyze \(Sanitize.text(source)) needs a search (--service, --query, …) or --trace ID")
            exit(2)
        }
        var ids: [TraceID] = []
        for t in traces {
            guard let id = TraceID(t) else {
                Runner.printError("spanscope: --trace \(Sanitize.text(t)): not a hex trace id (a backend needs the whole id)")
                exit(2)
            }
            ids.append(id)
        }
        let connected = connect(profile)
        let client = connected.client
        var set = TraceSet()
        var warnings: [String] = []
        var failed = false
        var query: SearchQuery? = nil
        var found = ids.count
        if ids.isEmpty {
            let q = Self.query(profile, o, now: now())
            query = q
            do throws(BackendError) {
                let result = try blocking { () async throws(BackendError) -> SearchResult in
                    try await retrying { () async throws(BackendError) -> SearchResult in try await client.search(q, now: now()) }
                }
                warnings += result.warnings
                found = result.summaries.count
                set = result.traces
                let whole = Set(set.spans.lazy.map(\.traceID))
                ids = result.summaries.map(\.traceID).filter { !whole.contains($0) }
            } catch {
                Runner.printError("spanscope: \(Sanitize.text(error.description))")
                exit(1)
            }
        }
        let fetched = fetchAll(ids, client: client)
        for (id, outcome) in fetched {
            switch outcome {
            case .success(let trace):
                set.merge(trace.set)
                warnings += trace.warnings
            case .failure(let e):
                Runner.printError("spanscope: \(Sanitize.text(e.description))")
                failed = true
            }
        }
        if let loki = connected.loki { warnings += fetchLogs(into: &set, loki: loki) }
        let source = ReportSource(backend: client.api.kind.rawValue, url: client.transport.displayURL, query: query?.text,
                                  traceIDs: traces.isEmpty ? [] : ids.map(\.hex), found: found)
        Runner.report(set, failed: failed, warnings: warnings, format: format, options: options, report: report, source: source)
    }

    /// Fetches traces, up to the transport's bound at once, in the order asked.
    static func fetchAll(_ ids: [TraceID], client: BackendClient) -> [(TraceID, Result<FetchedTrace, BackendError>)] {
        guard !ids.isEmpty else { return [] }
        let results = try? blocking { () async throws(BackendError) -> [(TraceID, Result<FetchedTrace, BackendError>)] in
            await withTaskGroup(of: (Int, Result<FetchedTrace, BackendError>).self) { group in
                for (i, id) in ids.enumerated() {
                    group.addTask {
                        do throws(BackendError) {
                            return (i, .success(try await retrying { () async throws(BackendError) -> FetchedTrace in try await client.trace(id) }))
                        } catch { return (i, .failure(error)) }
                    }
                }
                var out = [Result<FetchedTrace, BackendError>?](repeating: nil, count: ids.count)
                for await (i, r) in group { out[i] = r }
                return zip(ids, out.map { $0! }).map { ($0, $1) }
            }
        }
        return results ?? []
    }

    /// The logs of every trace in `set` from Loki, within each trace's time range.
    static func fetchLogs(into set: inout TraceSet, loki: LokiClient) -> [String] {
        var ranges: [TraceID: (Int64, Int64)] = [:]
        for s in set.spans {
            let r = ranges[s.traceID] ?? (Int64.max, Int64.min)
            ranges[s.traceID] = (min(r.0, s.start), max(r.1, s.start + s.duration))
        }
        var warnings: [String] = []
        for (id, range) in ranges.sorted(by: { $0.key < $1.key }) {
            do throws(BackendError) {
                // A little margin: log lines are often written just before or after their span.
                let found = try blocking { () async throws(BackendError) -> (records: [LogRecord], warnings: [String]) in
                    try await loki.logs(traceID: id, start: range.0 - 1_000_000_000, end: range.1 + 1_000_000_000)
                }
                set.logs += found.records
                warnings += found.warnings
            } catch {
                warnings.append("loki: trace \(id.hex): \(error.description)")
            }
        }
        return warnings
    }
}

/// `analyze` asks again when the backend says it is busy (429, 5xx): after 1 s, then 2 s, then
/// gives the backend's own error. An unreachable server or a bad request is not retried.
func retrying<T: Sendable>(attempts: Int = 3, _ work: () async throws(BackendError) -> T) async throws(BackendError) -> T {
    var wait: UInt64 = 1_000_000_000
    for attempt in 1... {
        do throws(BackendError) {
            return try await work()
        } catch {
            guard error.kind == .unavailable, attempt < attempts else { throw error }
            Runner.printError("spanscope: \(Sanitize.text(error.description)); asking again in \(wait / 1_000_000_000) s")
            try? await Task.sleep(nanoseconds: wait)
            wait *= 2
        }
    }
    fatalError("unreachable")
}
