import Foundation

/// How the server writes one answer.
enum Reply: Sendable {
    case respond(FakeResponse)
    case delayed(FakeResponse, seconds: Double)
    case slow(FakeResponse, chunkBytes: Int, chunkDelay: Double)
    case truncated(FakeResponse, afterBytes: Int)
    case huge(bytes: Int, chunked: Bool)
    case hang
    case reset
}

extension FakeBackend {
    /// Counts the request, applies faults and auth, then the canned routes, then the flavor's API.
    func reply(to request: FakeRequest) -> Reply {
        let (fault, auth, canned, traces) = state.withLock { state in
            state.requestCounts[request.path, default: 0] += 1
            state.requests.append(request)
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            var fault: Fault?
            if let index = state.faults.firstIndex(where: { request.path.hasPrefix($0.prefix) }) {
                fault = state.faults[index].fault
                if let remaining = state.faults[index].remaining {
                    if remaining <= 1 { state.faults.remove(at: index) } else { state.faults[index].remaining = remaining - 1 }
                }
            }
            let uri = request.query.isEmpty ? request.path : request.path + "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return (fault, state.auth, state.routes[uri] ?? state.routes[request.path], state.traces)
        }
        switch fault {
        case .status(let status, let body, let contentType)?:
            return .respond(faultResponse(status: status, body: body, contentType: contentType))
        case .hang?: return .hang
        case .reset?: return .reset
        case .huge(let bytes, let chunked)?: return .huge(bytes: bytes, chunked: chunked)
        default: break
        }
        let response = answer(request, auth: auth, canned: canned, traces: traces)
        switch fault {
        case .delay(let seconds)?: return .delayed(response, seconds: seconds)
        case .slow(let chunkBytes, let chunkDelay)?: return .slow(response, chunkBytes: chunkBytes, chunkDelay: chunkDelay)
        case .truncate(let afterBytes)?: return .truncated(response, afterBytes: afterBytes)
        default: return .respond(response)
        }
    }

    func finished() {
        state.withLock { $0.inFlight -= 1 }
    }

    func acceptedHTTP2Stream() {
        state.withLock { $0.http2Streams += 1 }
    }

    func accepted() {
        state.withLock { $0.connections += 1 }
    }

    var gzipEnabled: Bool { state.withLock { $0.gzip } }
    var keepAliveEnabled: Bool { state.withLock { $0.keepAlive } }

    private func answer(_ request: FakeRequest, auth: [Auth], canned: FakeResponse?, traces: [FakeTrace]) -> FakeResponse {
        guard request.path == pathPrefix || request.path.hasPrefix(pathPrefix + "/") || pathPrefix.isEmpty else {
            return .goNotFound
        }
        let path = String(request.path.dropFirst(pathPrefix.count))
        var visible = traces
        // Tempo's liveness routes answer without auth or tenant.
        let open = (flavor == .tempo(v2Traces: true) || flavor == .tempo(v2Traces: false) || flavor == .loki) && (path == "/api/echo" || path == "/ready")
        if !open {
            switch check(auth, request) {
            case .refuse(let response): return response
            case .otherTenant: visible = []
            case .pass: break
            }
        }
        if let canned { return canned }
        if request.method != "GET" { return FakeResponse.text("method not allowed\n", status: 405) }
        // Large bodies are kept until the store changes: a benchmark fetching a 100,000-span
        // trace again measures the client, not the fake's encoder.
        let key = "\(visible.isEmpty)|\(request.method) \(request.path)?\(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))"
        let generation = state.withLock { $0.generation }
        if let cached = state.withLock({ $0.bodyCache[key] }), cached.generation == generation { return cached.response }
        let store = TraceStore(traces: visible)
        var response: FakeResponse
        switch flavor {
        case .jaeger(let version): response = FakeJaeger(version: version, store: store, callNumber: nextServicesCall()).answer(path, request)
        case .zipkin: response = FakeZipkin(store: store).answer(path, request)
        case .tempo(let v2Traces): response = FakeTempo(v2Traces: v2Traces, store: store).answer(path, request)
        case .loki: response = FakeLoki(store: store).answer(path, request)
        }
        if response.body.count >= 256 * 1024 {
            response.prepared = PreparedBody(response.body, gzip: response.compressible && gzipEnabled)
            state.withLock { state in
                if state.bodyCache.count > 16 { state.bodyCache = [:] }
                state.bodyCache[key] = (generation, response)
            }
        }
        return response
    }

    private func nextServicesCall() -> Int {
        state.withLock { state in
            state.servicesCalls += 1
            return state.servicesCalls
        }
    }

    private enum AuthOutcome { case pass, otherTenant, refuse(FakeResponse) }

    private func check(_ required: [Auth], _ request: FakeRequest) -> AuthOutcome {
        var outcome = AuthOutcome.pass
        for auth in required {
            switch auth {
            case .bearer(let token):
                if request.header("Authorization") != "Bearer \(token)" {
                    return .refuse(unauthorized(challenge: "Bearer"))
                }
            case .basic(let user, let password):
                let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
                if request.header("Authorization") != expected {
                    return .refuse(unauthorized(challenge: "Basic realm=\"fake\""))
                }
            case .tenant(let tenant):
                switch flavor {
                case .jaeger:
                    // Jaeger's tenancy middleware: plain-text 401s.
                    guard let sent = request.header("x-tenant") else { return .refuse(.text("missing tenant header\n", status: 401)) }
                    if sent != tenant { return .refuse(.text("unknown tenant\n", status: 401)) }
                case .tempo, .loki:
                    // Without an org id Tempo/Loki refuse; another org id is just another tenant with no data.
                    guard let sent = request.header("X-Scope-OrgID") else { return .refuse(.text("no org id\n", status: 401)) }
                    if sent != tenant { outcome = .otherTenant }
                case .zipkin:
                    break
                }
            }
        }
        return outcome
    }

    private func unauthorized(challenge: String) -> FakeResponse {
        // What an authenticating reverse proxy in front of the backend answers.
        FakeResponse(status: 401, headers: [("Content-Type", "text/plain; charset=utf-8"), ("WWW-Authenticate", challenge)],
                     body: Array("Unauthorized\n".utf8))
    }

    private func faultResponse(status: Int, body: String?, contentType: String?) -> FakeResponse {
        if let body {
            return .text(body, status: status, contentType: contentType ?? "text/plain; charset=utf-8")
        }
        switch status {
        case 502, 503, 504:
            let title = status == 502 ? "502 Bad Gateway" : status == 503 ? "503 Service Temporarily Unavailable" : "504 Gateway Time-out"
            let page = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            return .text(page, status: status, contentType: "text/html")
        case 429:
            if case .tempo = flavor { return .text("too many outstanding requests\n", status: 429) }
            return .text("Too Many Requests\n", status: 429)
        case 401: return unauthorized(challenge: "Bearer")
        case 403: return .text("Forbidden\n", status: 403)
        default:
            if case .jaeger = flavor {
                return FakeJaeger.classicError(status, "internal error")
            }
            return .text("internal error\n", status: status)
        }
    }
}
