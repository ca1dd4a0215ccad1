import ArgumentParser
import Backends
import Config

/// How to reach a backend and what to search for: shared by the explorer and `analyze` when
/// the source is a URL or `@name`. Secrets are never options: only where to read them.
struct BackendOptions: ParsableArguments {
    @Option(help: "Backend kind when the source is a URL: jaeger, zipkin or tempo (default: detected by probing).")
    var backend: BackendKind?

    @Option(name: .customLong("header"), help: ArgumentHelp("Extra request header, 'Name: value'; repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(help: "Tenant: sent as X-Scope-OrgID to Tempo, x-tenant to Jaeger.")
    var tenant: String?

    @Option(help: ArgumentHelp("Bearer token from this environment variable.", valueName: "var"))
    var tokenEnv: String?

    @Option(help: ArgumentHelp("Bearer token from this file (its first line).", valueName: "path"))
    var tokenFile: String?

    @Option(help: "Basic auth user; the password comes from --password-env or --password-file.")
    var user: String?

    @Option(help: ArgumentHelp("Basic auth password from this environment variable.", valueName: "var"))
    var passwordEnv: String?

    @Option(help: ArgumentHelp("Basic auth password from this file (its first line).", valueName: "path"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("Trust the certificate authorities in this PEM file.", valueName: "path"))
    var caFile: String?

    @Option(help: ArgumentHelp("Client certificate (PEM) for mutual TLS; with --client-key.", valueName: "path"))
    var clientCert: String?

    @Option(help: ArgumentHelp("Client key (PEM) for mutual TLS.", valueName: "path"))
    var clientKey: String?

    @Flag(help: "Do not verify the server's TLS certificate (a warning is shown).")
    var insecure = false

    @Option(help: ArgumentHelp("Time allowed for one request (e.g. 30s, 2m).", valueName: "duration"))
    var timeout: String?

    @Option(help: ArgumentHelp("Grafana Loki base URL: the opened traces' logs (same auth options).", valueName: "url"))
    var loki: String?

    @Option(help: ArgumentHelp("Loki stream selector for the log search (default {job=~\".+\"}).", valueName: "logql"))
    var lokiSelector: String?

    @Option(help: "Search: service.")
    var service: String?

    @Option(help: "Search: operation (span name).")
    var operation: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Search: attribute key=value; repeatable.", valueName: "key=value"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("Search: traces at least this long (e.g. 200ms).", valueName: "duration"))
    var minDuration: String?

    @Option(help: ArgumentHelp("Search: traces at most this long.", valueName: "duration"))
    var maxDuration: String?

    @Option(help: ArgumentHelp("Search: the last 15m, 1h, 2d … (default 1h; Tempo's 168 h cap is handled by several searches).", valueName: "duration"))
    var lookback: String?

    @Option(help: ArgumentHelp("Search: from this time (RFC 3339 or Unix seconds); with --until.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Search: until this time (default now).", valueName: "time"))
    var until: String?

    @Option(help: "Search: at most this many traces (default 20).")
    var limit: Int?

    @Option(help: ArgumentHelp("Search in the query-line language (service=… op=… key=value min=… since=…), or raw TraceQL for Tempo.", valueName: "query"))
    var query: String?

    /// The query-line words these options stand for, so one parser reads both.
    var queryWords: [String] {
        var words: [String] = []
        func quoted(_ s: String) -> String {
            s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) ? "\"" + s.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\"" : s
        }
        if let service { words.append("service=" + quoted(service)) }
        if let operation { words.append("op=" + quoted(operation)) }
        for t in tags {
            guard let eq = t.firstIndex(of: "=") else { continue }
            words.append(String(t[..<eq]) + "=" + quoted(String(t[t.index(after: eq)...])))
        }
        if let minDuration { words.append("min=" + minDuration) }
        if let maxDuration { words.append("max=" + maxDuration) }
        if let lookback { words.append("since=" + lookback) }
        if let since { words.append("start=" + quoted(since)) }
        if let until { words.append("end=" + quoted(until)) }
        if let limit { words.append("limit=\(limit)") }
        return words
    }

    var hasSearch: Bool { !queryWords.isEmpty || query != nil }

    func validate() throws {
        for t in tags where !t.contains("=") { throw ValidationError("--tag wants key=value, got \(t)") }
        for h in headers where !h.contains(":") { throw ValidationError("--header wants 'Name: value', got \(h)") }
        if tokenEnv != nil && tokenFile != nil { throw ValidationError("give --token-env or --token-file, not both") }
        if passwordEnv != nil && passwordFile != nil { throw ValidationError("give --password-env or --password-file, not both") }
        if (passwordEnv != nil || passwordFile != nil) && user == nil { throw ValidationError("--password-env/--password-file need --user") }
        if (clientCert == nil) != (clientKey == nil) { throw ValidationError("--client-cert and --client-key go together") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if lookback != nil && since != nil { throw ValidationError("give --lookback or --since/--until, not both") }
        if let timeout, Durations.parse(timeout) == nil { throw ValidationError("--timeout wants a duration like 30s") }
    }

    /// The profile's connection with these options laid over it (options win).
    func apply(to base: ConnectionOptions) -> ConnectionOptions {
        var c = base
        if let backend { c.kind = backend }
        for h in headers {
            let colon = h.firstIndex(of: ":")!
            c.headers.append(.init(String(h[..<colon]).trimmingCharacters(in: .whitespaces),
                                   String(h[h.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        if let tenant { c.tenant = tenant }
        if let tokenEnv { c.tokenEnv = tokenEnv; c.tokenFile = nil }
        if let tokenFile { c.tokenFile = tokenFile; c.tokenEnv = nil }
        if let user { c.user = user }
        if let passwordEnv { c.passwordEnv = passwordEnv; c.passwordFile = nil }
        if let passwordFile { c.passwordFile = passwordFile; c.passwordEnv = nil }
        if let caFile { c.caFile = caFile }
        if let clientCert { c.clientCert = clientCert }
        if let clientKey { c.clientKey = clientKey }
        if insecure { c.insecure = true }
        if let timeout, let ns = Durations.parse(timeout) { c.timeout = Double(ns) / 1e9 }
        return c
    }
}

extension BackendKind: ExpressibleByArgument {}
