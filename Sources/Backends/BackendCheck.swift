/// What `spanscope backends` shows for one backend: the facts, formatted into a table by the CLI.
public struct BackendCheck: Sendable, Equatable {
    /// The server answered (any HTTP response counts).
    public var reachable: Bool
    /// nil when it could not be told (not reachable, or nothing answered like a backend).
    public var api: BackendAPI?
    public var version: String?
    /// nil when unknown (not reachable); false after a 401/403.
    public var authOK: Bool?
    /// The failure, one line; nil when everything answered.
    public var error: String?
    /// E.g. "tempo  http://localhost:3200  v2.6.1  ok", or "jaeger  http://…  -  401 …".
    public var line: String

    public init(reachable: Bool, api: BackendAPI?, version: String?, authOK: Bool?, error: String?, line: String) {
        self.reachable = reachable
        self.api = api
        self.version = version
        self.authOK = authOK
        self.error = error
        self.line = line
    }

    /// A short name of an API for the table: `jaeger api_v3+summaries`, `tempo v2`.
    public static func label(_ api: BackendAPI) -> String {
        switch api {
        case .jaegerClassic: return "jaeger /api"
        case .jaegerV3(let summaries, _): return summaries ? "jaeger api_v3+summaries" : "jaeger api_v3"
        case .zipkinV2: return "zipkin /api/v2"
        case .tempo(let v2): return v2 ? "tempo v2" : "tempo v1"
        }
    }

    static func make(url: String, api: BackendAPI?, version: String?, error: BackendError?) -> BackendCheck {
        let reachable = error.map { ![.unreachable, .tls, .timeout, .cancelled].contains($0.kind) } ?? true
        let authOK: Bool? = !reachable ? nil : error?.kind == .unauthorized ? false : true
        let status = error?.message ?? "ok"
        let line = [api.map(label) ?? "?", url, version.map { $0.hasPrefix("v") ? $0 : "v" + $0 } ?? "-", status].joined(separator: "  ")
        return BackendCheck(reachable: reachable, api: api, version: version, authOK: authOK, error: error?.message, line: line)
    }
}

extension BackendClient {
    /// Asks for the service list: proves the server answers, the API works and auth is accepted.
    public func check() async -> BackendCheck {
        let url = ResponseErrors.trimmedBase(transport.displayURL)
        do {
            _ = try await services()
            return BackendCheck.make(url: url, api: api, version: version, error: nil)
        } catch {
            return BackendCheck.make(url: url, api: api, version: version, error: error)
        }
    }

    /// Connects (probing the kind unless given), then checks; a failed connect is the answer.
    public static func check(transport: any HTTPTransport, kind: BackendKind? = nil, tenant: String? = nil) async -> BackendCheck {
        do {
            return try await connect(transport: transport, kind: kind, tenant: tenant).check()
        } catch {
            return BackendCheck.make(url: ResponseErrors.trimmedBase(transport.displayURL), api: nil, version: nil, error: error)
        }
    }
}
