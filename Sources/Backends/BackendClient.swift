import TraceFormats
import TraceModel

/// Speaks one backend's query API through an `HTTPTransport`: names, search, traces by id.
/// Pure request building and response reading; every failure is one `BackendError` line.
/// Create with `connect` (probes which API the server has) or, when known, `init`.
public final class BackendClient: Sendable {
    public let api: BackendAPI
    public let transport: any HTTPTransport
    /// The server's version when it says (Tempo `/api/status/buildinfo`); nil otherwise.
    public let version: String?
    /// Sent as `X-Scope-OrgID` (Tempo) or `x-tenant` (Jaeger).
    public let tenant: String?

    public convenience init(api: BackendAPI, transport: any HTTPTransport, tenant: String? = nil) {
        self.init(api: api, transport: transport, tenant: tenant, version: nil)
    }

    init(api: BackendAPI, transport: any HTTPTransport, tenant: String?, version: String?) {
        self.api = api
        self.transport = transport
        self.tenant = tenant
        self.version = version
    }

    /// Sorted names of the services the backend knows.
    public func services() async throws(BackendError) -> [String] {
        let names: [String]
        switch api {
        case .jaegerClassic: names = try await json("/api/services")["data"]?.strings ?? []
        case .jaegerV3: names = try await json("/api/v3/services")["services"]?.strings ?? []
        case .zipkinV2: names = try await json("/api/v2/services").strings
        case .tempo: names = try await tempoServices()
        }
        return Array(Set(names)).sorted()
    }

    /// Sorted, unique span (operation) names of one service.
    public func operations(service: String) async throws(BackendError) -> [String] {
        let names: [String]
        switch api {
        case .jaegerClassic:
            names = try await json("/api/services/\(QueryString.escape(service))/operations")["data"]?.strings ?? []
        case .jaegerV3:
            var q = QueryString()
            q.add("service", service)
            names = (try await json(q.appended(to: "/api/v3/operations"))["operations"]?.array ?? []).compactMap { $0["name"]?.string }
        case .zipkinV2:
            var q = QueryString()
            q.add("serviceName", service.lowercased())
            names = try await json(q.appended(to: "/api/v2/spans")).strings
        case .tempo: names = try await tempoOperations(service: service)
        }
        return Array(Set(names)).sorted()
    }

    /// Runs a search; summaries newest first, at most `query.limit`.
    public func search(_ query: SearchQuery, now: Int64) async throws(BackendError) -> SearchResult {
        var query = query
        // Every backend refuses a limit below 1; Tempo one above 262144.
        query.limit = min(max(1, query.limit), 262_144)
        var result: SearchResult
        switch api {
        case .jaegerClassic: result = try await jaegerClassicSearch(query, now: now)
        case .jaegerV3(let summaries, _): result = try await jaegerV3Search(query, now: now, summaries: summaries)
        case .zipkinV2: result = try await zipkinSearch(query, now: now)
        case .tempo: result = try await tempoSearch(query, now: now)
        }
        result.summaries.sort { $0.start != $1.start ? $0.start > $1.start : $0.traceID < $1.traceID }
        let limit = max(1, query.limit)
        if result.summaries.count > limit { result.summaries.removeSubrange(limit...) }
        return result
    }

    /// Fetches one trace. `progress(received, expected)` follows the body as it arrives.
    public func trace(_ id: TraceID, progress: (@Sendable (Int, Int?) -> Void)? = nil) async throws(BackendError) -> FetchedTrace {
        switch api {
        case .jaegerClassic: return try await fetch(id, path: "/api/traces/\(id.hex)", progress: progress)
        // OTLP ids are 16 bytes; v2.20+ also reads base64, which 16 hex digits would look like.
        case .jaegerV3: return try await fetch(id, path: "/api/v3/traces/\(id.hex32)", progress: progress)
        // Zipkin refuses upper-case and padded forms it did not store: 16 digits for 64-bit ids.
        case .zipkinV2: return try await fetch(id, path: "/api/v2/trace/\(id.hex)", progress: progress)
        case .tempo(let v2): return try await tempoTrace(id, v2: v2, progress: progress)
        }
    }

    // MARK: - Requests

    static func tenantHeaders(_ kind: BackendKind, _ tenant: String?) -> [(String, String)] {
        guard let tenant else { return [] }
        switch kind {
        case .tempo: return [("X-Scope-OrgID", tenant)]
        case .jaeger: return [("x-tenant", tenant)]
        case .zipkin: return []
        }
    }

    func get(_ path: String, progress: (@Sendable (Int, Int?) -> Void)? = nil) async throws(BackendError) -> HTTPResponse {
        let t0 = Timing.now()
        defer { Timing.report("GET \(path)", since: t0) }
        return try await transport.get(path, headers: Self.tenantHeaders(api.kind, tenant), progress: progress)
    }

    /// The error line for a response that is not the answer.
    func failure(_ response: HTTPResponse, _ path: String) -> BackendError {
        ResponseErrors.failure(response, at: path, transport: transport, tenantMissing: tenant == nil && api.kind != .zipkin)
    }

    /// A small JSON answer (names, summaries); any status but 2xx, and pages, are errors.
    func json(_ path: String) async throws(BackendError) -> SmallJSON {
        let response = try await get(path)
        return try decodeJSON(response, path)
    }

    func decodeJSON(_ response: HTTPResponse, _ path: String) throws(BackendError) -> SmallJSON {
        guard (200..<300).contains(response.status), !ResponseErrors.isHTML(response) else { throw failure(response, path) }
        do {
            return try SmallJSON.parse(response.body)
        } catch {
            throw ResponseErrors.badBody(response, at: path, transport: transport, error)
        }
    }

    /// A trace body through the file decoders (one copy of the body, no copy per span).
    func decodeTraces(_ response: HTTPResponse, _ path: String) throws(BackendError) -> LoadedInput {
        guard (200..<300).contains(response.status), !ResponseErrors.isHTML(response) else { throw failure(response, path) }
        let name = ResponseErrors.location(transport, path)
        do {
            let t0 = Timing.now()
            var input = try TraceLoader.decode(FileBytes(adopting: response.body, name: name))
            Timing.report("decode \(response.body.count) bytes", since: t0)
            // An empty result is an answer, not a problem worth a warning.
            if input.set.spans.isEmpty { input.warnings.removeAll { $0.hasPrefix("no spans in this") } }
            if case .jaegerV3 = api {
                let t1 = Timing.now()
                if let w = JaegerSpanWarnings.summary(response.body) { input.warnings.append(w) }
                Timing.report("jaeger warnings scan", since: t1)
            }
            return input
        } catch {
            if error.message == "empty input" || error.message.hasPrefix("no JSON value") {
                throw BackendError(.badResponse, "\(name): \(response.status) with an empty body", status: response.status)
            }
            let truncated = ResponseErrors.looksTruncated(error.offset, error.message, response.body.count)
            throw BackendError(.badResponse, error.description + (truncated ? " (truncated?)" : ""), status: response.status)
        }
    }

    /// A trace by id where 404 means not found and a 2xx body holds the trace.
    func fetch(_ id: TraceID, path: String, progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> FetchedTrace {
        let response = try await get(path, progress: progress)
        if response.status == 404 { throw notFound(id, response, path) }
        let input = try decodeTraces(response, path)
        if input.set.spans.isEmpty { throw notFound(id, response, path) }
        return FetchedTrace(traceID: id, set: input.set, bytes: response.body.count, warnings: input.warnings)
    }

    func notFound(_ id: TraceID, _ response: HTTPResponse, _ path: String) -> BackendError {
        // A proxy's 404 page is not the backend's word on the trace.
        if ResponseErrors.isHTML(response) { return failure(response, path) }
        return BackendError(.notFound, "trace \(id.hex) not found (\(ResponseErrors.location(transport, path)))", status: response.status)
    }
}
