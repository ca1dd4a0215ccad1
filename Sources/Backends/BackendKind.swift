/// The tracing backends spanscope can search and read (docs/backends.md).
public enum BackendKind: String, Sendable, CaseIterable, Codable {
    case jaeger, zipkin, tempo
}

/// Which of a backend's APIs a server offers, found by probing (never assumed from a version
/// string): the client speaks the newest one the server has.
public enum BackendAPI: Sendable, Equatable {
    /// Jaeger's UI API under `/api` (all versions until classic search was removed on main).
    case jaegerClassic
    /// Jaeger `api_v3` over HTTP (v1.53+: hex ids, snake_case parameters). `summaries`: the
    /// server has `/api/v3/trace-summaries` and `query.attributes` (v2.19+). `classicSearch`:
    /// `/api/traces` search is still there (false on servers after its removal).
    case jaegerV3(summaries: Bool, classicSearch: Bool)
    /// Zipkin `/api/v2`.
    case zipkinV2
    /// Tempo `/api/search` (TraceQL); `v2Traces`: `/api/v2/traces/{id}` exists (else v1 `/api/traces/{id}`).
    case tempo(v2Traces: Bool)

    public var kind: BackendKind {
        switch self {
        case .jaegerClassic, .jaegerV3: return .jaeger
        case .zipkinV2: return .zipkin
        case .tempo: return .tempo
        }
    }
}
