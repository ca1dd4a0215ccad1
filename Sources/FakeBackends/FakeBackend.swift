import Foundation
import Synchronization

/// A spec-conformant fake Jaeger, Zipkin, Tempo or Loki on 127.0.0.1 (random port): answers
/// every endpoint the client uses as the real server does (docs in the reference's backends
/// section: units, id forms, quirks, error bodies), from an in-memory store of traces that
/// tests may add to at any time. Faults (auth required, error statuses, slow, hanging,
/// truncated and huge bodies) and counters (requests per path, connections) are for tests.
public final class FakeBackend: Sendable {
    public enum JaegerVersion: String, Sendable, CaseIterable {
        /// Classic `/api` only (its grpc-gateway api_v3 is not offered: 404).
        case v1_52 = "v1.52"
        /// Classic + api_v3 with snake_case parameters, no summaries, no attribute filter.
        case v2_18 = "v2.18"
        /// Classic + api_v3 (camelCase and snake_case) + trace-summaries.
        case v2_20 = "v2.20"
        /// api_v3 + summaries; classic services, operations and search removed (404).
        case main
    }

    public enum Flavor: Sendable, Equatable {
        case jaeger(JaegerVersion)
        case zipkin
        /// `v2Traces`: `/api/v2/traces/{id}` exists (Tempo 2.x); false = only v1 `/api/traces/{id}`.
        case tempo(v2Traces: Bool)
        case loki
    }

    /// What the fake insists on before answering (else 401 with the backend's own text).
    public enum Auth: Sendable, Equatable {
        case bearer(String)
        case basic(user: String, password: String)
        /// `x-tenant` for Jaeger, `X-Scope-OrgID` for Tempo and Loki.
        case tenant(String)
    }

    public enum Fault: Sendable, Equatable {
        /// Answer with this status; nil body = what such a server sends (502/503/504: a proxy's HTML page).
        case status(Int, body: String? = nil, contentType: String? = nil)
        /// Answer normally after a pause.
        case delay(seconds: Double)
        /// Answer normally, `chunkBytes` at a time with a pause before each chunk.
        case slow(chunkBytes: Int, chunkDelay: Double)
        /// Accept the request and never answer.
        case hang
        /// Close the connection without answering.
        case reset
        /// Declare the whole body's Content-Length, send this many bytes, close.
        case truncate(afterBytes: Int)
        /// 200 with a body of this many bytes (`chunked`: without Content-Length).
        case huge(bytes: Int, chunked: Bool)
    }

    public let flavor: Flavor
    public let port: Int
    public let isTLS: Bool
    /// Prefix of every route (e.g. "/tempo"), "" for none.
    public let pathPrefix: String
    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)\(pathPrefix)" }

    struct Faulted: Sendable {
        var prefix: String
        var fault: Fault
        var remaining: Int?
    }

    struct State: Sendable {
        var traces: [FakeTrace] = []
        var byID: [String: Int] = [:]
        var routes: [String: FakeResponse] = [:]
        var faults: [Faulted] = []
        var auth: [Auth] = []
        var requestCounts: [String: Int] = [:]
        var requests: [FakeRequest] = []
        var connections = 0
        var http2Streams = 0
        var inFlight = 0
        var maxInFlight = 0
        var gzip = true
        var keepAlive = true
        var servicesCalls = 0
        /// Bumped by every change of the store; cached bodies of older generations are stale.
        var generation = 0
        var bodyCache: [String: (generation: Int, response: FakeResponse)] = [:]
    }

    let state = Mutex(State())
    private let server: Mutex<FakeServer?>

    private init(flavor: Flavor, server: FakeServer, isTLS: Bool, pathPrefix: String) {
        self.flavor = flavor
        self.port = server.port
        self.isTLS = isTLS
        self.pathPrefix = pathPrefix
        self.server = Mutex(server)
    }

    /// Starts listening on 127.0.0.1 at a free port. `tls`: PEM certificate chain and key to
    /// serve HTTPS with; `requireClientCertificate` with `clientCA`: mutual TLS.
    public static func start(_ flavor: Flavor, tls: (certPEM: String, keyPEM: String)? = nil, clientCA: String? = nil,
                             pathPrefix: String = "", port: Int = 0) throws -> FakeBackend {
        let holder = BackendHolder()
        let server = try FakeServer.start(port: port, tls: tls, clientCA: clientCA, holder: holder)
        let backend = FakeBackend(flavor: flavor, server: server, isTLS: tls != nil, pathPrefix: pathPrefix)
        holder.backend.withLock { $0 = WeakBackend(backend) }
        return backend
    }

    /// Stops listening and closes every connection (hanging ones too).
    public func stop() {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        running?.stop()
    }

    deinit { stop() }

    // MARK: the store

    /// Adds (or replaces, by id) a trace; visible to the next request.
    public func add(_ trace: FakeTrace) { add([trace]) }

    public func add(_ traces: [FakeTrace]) {
        state.withLock { state in
            state.generation += 1
            for trace in traces {
                if let index = state.byID[trace.traceID] {
                    state.traces[index] = trace
                } else {
                    state.byID[trace.traceID] = state.traces.count
                    state.traces.append(trace)
                }
            }
        }
    }

    public func removeAllTraces() {
        state.withLock { state in
            state.generation += 1
            state.traces = []
            state.byID = [:]
        }
    }

    public var traceCount: Int { state.withLock { $0.traces.count } }

    // MARK: canned routes and faults

    /// Answers `path` (with the prefix; with a query string to match only that query) with
    /// these bytes, e.g. a recorded corpus body. Checked before the flavor's own routes.
    public func route(_ path: String, status: Int = 200, headers: [(String, String)] = [("Content-Type", "application/json")], body: [UInt8]) {
        let response = FakeResponse(status: status, headers: headers, body: body)
        state.withLock { $0.routes[path] = response }
    }

    /// Requests whose path starts with `pathPrefix` get `fault` (the next `times` ones, or all).
    public func inject(_ fault: Fault, pathPrefix: String = "/", times: Int? = nil) {
        state.withLock { $0.faults.append(Faulted(prefix: pathPrefix, fault: fault, remaining: times)) }
    }

    public func clearFaults() { state.withLock { $0.faults = [] } }

    /// Every request must carry all of these (none: open server).
    public func require(_ auth: [Auth]) { state.withLock { $0.auth = auth } }

    /// gzip a response when the request accepts it (default on).
    public func setGzip(_ on: Bool) { state.withLock { $0.gzip = on } }

    /// false: answer with `Connection: close` and close after each response.
    public func setKeepAlive(_ on: Bool) { state.withLock { $0.keepAlive = on } }

    // MARK: counters

    /// Requests whose path (without query, with prefix) is exactly `path`.
    public func requestCount(_ path: String) -> Int { state.withLock { $0.requestCounts[path] ?? 0 } }
    /// Requests whose path starts with `prefix`.
    public func requestCount(prefix: String) -> Int {
        state.withLock { $0.requestCounts.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }
    }
    public var totalRequests: Int { state.withLock { $0.requests.count } }
    /// Every request so far, in arrival order.
    public var requests: [FakeRequest] { state.withLock { $0.requests } }
    public var connectionsAccepted: Int { state.withLock { $0.connections } }
    /// Requests that came as HTTP/2 streams (TLS with ALPN).
    public var http2Requests: Int { state.withLock { $0.http2Streams } }
    /// The most requests that were being answered at once.
    public var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    public var inFlight: Int { state.withLock { $0.inFlight } }

    public func resetCounters() {
        state.withLock { state in
            state.requestCounts = [:]
            state.requests = []
            state.connections = 0
            state.maxInFlight = state.inFlight
        }
    }
}

/// Lets the server reach its backend without keeping it alive (a dropped backend stops).
final class BackendHolder: Sendable {
    let backend = Mutex<WeakBackend?>(nil)
    var current: FakeBackend? { backend.withLock { $0?.value } }
}

struct WeakBackend: @unchecked Sendable {
    weak var value: FakeBackend?
    init(_ value: FakeBackend) { self.value = value }
}
