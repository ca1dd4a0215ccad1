import TraceModel

/// Which backend answers, and which of its APIs it has: found by asking, never from a version
/// string (Jaeger moved search between APIs within minor releases; see docs/backend-client.md).
extension BackendClient {
    /// Probes Tempo `/api/echo`, Jaeger `/api/v3/services` then `/api/services`, Zipkin
    /// `/api/v2/services` (only the forced kind's, when given). A 404, or an HTML page (a UI's
    /// catch-all route), is an absent endpoint. Transport failures end the probe at once.
    public static func connect(transport: any HTTPTransport, kind: BackendKind? = nil, tenant: String? = nil) async throws(BackendError) -> BackendClient {
        var probe = Probe(transport: transport, tenant: tenant)
        let kinds: [BackendKind] = kind.map { [$0] } ?? [.tempo, .jaeger, .zipkin]
        for k in kinds {
            let found: BackendClient?
            switch k {
            case .tempo: found = try await probe.tempo()
            case .jaeger: found = try await probe.jaeger()
            case .zipkin: found = try await probe.zipkin()
            }
            if let found { return found }
        }
        throw probe.conclusion(kinds: kinds)
    }
}

/// One connect attempt: what each probe answered, for the final error when nothing matched.
struct Probe {
    let transport: any HTTPTransport
    let tenant: String?
    var tried: [String] = []
    /// The most telling failure seen (auth first, then server trouble): when nothing answers
    /// like a backend, this explains why better than "does not answer like".
    var telling: BackendError?

    init(transport: any HTTPTransport, tenant: String?) {
        self.transport = transport
        self.tenant = tenant
    }

    enum Answer {
        case present(HTTPResponse)
        case absent
    }

    /// 2xx non-HTML → present; 404, 405, HTML → absent; 400 → present when `badRequestMeansPresent`
    /// (an endpoint that exists and refused the empty probe); anything else is remembered.
    mutating func ask(_ path: String, kind: BackendKind, badRequestMeansPresent: Bool = false, record: Bool = true) async throws(BackendError) -> Answer {
        if record { tried.append(path.split(separator: "?").first.map(String.init) ?? path) }
        let response = try await transport.get(path, headers: BackendClient.tenantHeaders(kind, tenant), progress: nil)
        if ResponseErrors.isHTML(response) { return .absent }
        switch response.status {
        case 200..<300: return .present(response)
        case 400 where badRequestMeansPresent: return .present(response)
        case 404, 405: return .absent
        default:
            let error = ResponseErrors.failure(response, at: path, transport: transport, tenantMissing: tenant == nil && kind != .zipkin)
            if telling == nil || (error.kind == .unauthorized && telling?.kind != .unauthorized) { telling = error }
            return .absent
        }
    }

    func conclusion(kinds: [BackendKind]) -> BackendError {
        if let telling { return telling }
        let names = [(BackendKind.jaeger, "Jaeger"), (.zipkin, "Zipkin"), (.tempo, "Tempo")].filter { kinds.contains($0.0) }.map(\.1)
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        let base = ResponseErrors.trimmedBase(transport.displayURL)
        return BackendError(.badResponse, "\(base) does not answer like \(list) (tried \(tried.joined(separator: ", ")))")
    }

    static func isJSON(_ response: HTTPResponse, _ check: (SmallJSON) -> Bool) -> Bool {
        guard let json = try? SmallJSON.parse(response.body) else { return false }
        return check(json)
    }

    /// Found the backend, but one of its own follow-up probes was refused: the credentials
    /// (or tenant) are wrong, which is the answer rather than a half-probed client.
    func refusedSince(_ earlier: BackendError?) throws(BackendError) {
        if let telling, telling.kind == .unauthorized, telling != earlier { throw telling }
    }

    mutating func tempo() async throws(BackendError) -> BackendClient? {
        let earlier = telling
        guard case .present(let echo) = try await ask("/api/echo", kind: .tempo),
              String(decoding: echo.body, as: UTF8.self).trimmingWhitespace == "echo" else { return nil }
        var version: String?
        if case .present(let info) = try await ask("/api/status/buildinfo", kind: .tempo, record: false),
           let json = try? SmallJSON.parse(info.body), let v = json["version"]?.string, !v.isEmpty {
            version = ResponseErrors.sanitized(v)
        }
        // An id nobody has: a server with the v2 route answers 200 (empty trace), or 400/404 in its
        // own words; one without it answers its router's 404 or a page.
        let v2: Bool
        switch try await ask("/api/v2/traces/\(Probe.unknownTraceID)", kind: .tempo, badRequestMeansPresent: true, record: false) {
        case .present(let r): v2 = r.status == 400 || Probe.isJSON(r) { $0["trace"] != nil || $0["metrics"] != nil || $0.members.isEmpty }
        case .absent: v2 = false
        }
        try refusedSince(earlier)
        return BackendClient(api: .tempo(v2Traces: v2), transport: transport, tenant: tenant, version: version)
    }

    /// An id for probing the trace route: valid hex that no tracer generates by chance.
    static let unknownTraceID = "5370616e73636f706550726f62650000"

    mutating func jaeger() async throws(BackendError) -> BackendClient? {
        let earlier = telling
        if case .present(let r) = try await ask("/api/v3/services", kind: .jaeger), Probe.isJSON(r, { $0["services"] != nil }) {
            // trace-summaries (v2.19+) answers an empty query with 400 in api_v3's error shape.
            let summaries: Bool
            switch try await ask("/api/v3/trace-summaries", kind: .jaeger, badRequestMeansPresent: true, record: false) {
            case .present(let s): summaries = Probe.isJSON(s) { $0["summaries"] != nil || $0["error"] != nil }
            case .absent: summaries = false
            }
            let classic = try await classicSearch()
            try refusedSince(earlier)
            // Before v2.19 api_v3 cannot filter by attributes and returns whole traces: the
            // classic API does both as well or better, so it is used while it is there.
            if !summaries && classic { return BackendClient(api: .jaegerClassic, transport: transport, tenant: tenant, version: nil) }
            return BackendClient(api: .jaegerV3(summaries: summaries, classicSearch: classic), transport: transport, tenant: tenant, version: nil)
        }
        if case .present(let r) = try await ask("/api/services", kind: .jaeger), Probe.isJSON(r, { $0["data"] != nil }) {
            return BackendClient(api: .jaegerClassic, transport: transport, tenant: tenant, version: nil)
        }
        return nil
    }

    /// Classic search answers a query without a service with 400 `parameter 'service' is
    /// required` in its envelope; where it was removed the route is gone (404 or the UI page).
    mutating func classicSearch() async throws(BackendError) -> Bool {
        guard case .present(let r) = try await ask("/api/traces", kind: .jaeger, badRequestMeansPresent: true, record: false) else { return false }
        return Probe.isJSON(r) { $0["data"] != nil || $0["errors"] != nil }
    }

    mutating func zipkin() async throws(BackendError) -> BackendClient? {
        guard case .present(let r) = try await ask("/api/v2/services", kind: .zipkin), Probe.isJSON(r, { $0.array != nil }) else { return nil }
        return BackendClient(api: .zipkinV2, transport: transport, tenant: tenant, version: nil)
    }
}
